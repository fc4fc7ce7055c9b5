import { Match } from 'aws-cdk-lib/assertions';
import { fixtureStage } from '../fixtures/assembly';
import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import { DirectoryStack } from '../../stacks/directory-stack';
import { regionConfig, templateOf, testApp } from '../helpers';

describe('Directory stack', () => {
  const london = fixtureStage('London');
  const template = london.template('Directory');

  test("is one region-level stack that every cell's Data stack depends on", () => {
    expect(london.stack('Directory')).toMatchObject({ stackName: 'halo-london-directory', terminationProtection: true });
    const data = london.stacks.filter((s) => s.id.endsWith('-Data'));
    expect(data).toHaveLength(3);
    for (const stack of data) expect(stack.dependencies).toContain('Directory');
  });

  test('runs an Enterprise managed AD in the data subnets of AZ 1 and AZ 2, retained', () => {
    template.hasResource('AWS::DirectoryService::MicrosoftAD', {
      Properties: {
        Name: 'london.halo.internal',
        ShortName: 'HALOLONDON',
        Edition: 'Enterprise',
        VpcSettings: { SubnetIds: [Match.anyValue(), Match.anyValue()] },
      },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
    // The directory is the ManagedDirectory construct's child `Directory`, as its logical id has always been.
    expect(
      Object.entries(london.resourcePaths('Directory'))
        .filter(([, path]) => path === 'London/Directory/Directory/Directory')
        .map(([id]) => id),
    ).toEqual(['Directory084A7EB0']);
    const subnets = JSON.stringify(template.findResources('AWS::DirectoryService::MicrosoftAD'));
    expect(subnets).toMatch(/DataSubnet1Subnet/);
    expect(subnets).toMatch(/DataSubnet2Subnet/);
    expect(subnets).not.toMatch(/DataSubnet3Subnet/);
  });

  test("takes its edition from the region's declaration, never from its cells: one that loses its production cells keeps its directory", () => {
    // CloudFormation replaces a directory whose edition changes; London's declaration says Enterprise.
    const london = regionConfig('london');
    const uatOnly = { ...london, cells: london.cells.filter((c) => c.environment === 'uat') };
    expect(uatOnly.cells.length).toBeGreaterThan(0);
    const app = testApp();
    const base = new Stack(app, 'Base', { env: { account: london.account, region: london.code } });
    const vpc = new ec2.Vpc(base, 'Vpc', { maxAzs: 2, subnetConfiguration: [{ name: 'Data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
    const directory = new DirectoryStack(app, 'Directory', {
      region: uatOnly,
      network: { vpc, dataSubnets: vpc.isolatedSubnets },
      keys: { data: new kms.Key(base, 'Data') },
    });
    templateOf(directory).hasResourceProperties('AWS::DirectoryService::MicrosoftAD', { Edition: 'Enterprise' });
  });

  test('generates the admin password into Secrets Manager under the data key and feeds it to the directory', () => {
    template.hasResource('AWS::SecretsManager::Secret', {
      Properties: {
        GenerateSecretString: Match.objectLike({ GenerateStringKey: 'password', PasswordLength: 32 }),
        KmsKeyId: Match.objectLike({ 'Fn::GetStackOutput': Match.objectLike({ OutputName: Match.stringLikeRegexp('KeysDataKey') }) }),
      },
      DeletionPolicy: 'Retain',
    });
    const [ad] = Object.values(template.findResources('AWS::DirectoryService::MicrosoftAD'));
    expect(JSON.stringify(ad.Properties.Password)).toMatch(/resolve:secretsmanager:.*:SecretString:password/);
  });

  test("points the VPC's DHCP options at the directory's DNS servers", () => {
    template.hasResourceProperties('AWS::EC2::DHCPOptions', {
      DomainName: 'london.halo.internal',
      DomainNameServers: { 'Fn::GetAtt': [Match.stringLikeRegexp('Directory'), 'DnsIpAddresses'] },
    });
    template.hasResourceProperties('AWS::EC2::VPCDHCPOptionsAssociation', {
      DhcpOptionsId: { Ref: Match.stringLikeRegexp('DhcpOptions') },
      VpcId: { 'Fn::ImportValue': Match.stringLikeRegexp('^halo-london-network:') },
    });
  });
});
