import { Match } from 'aws-cdk-lib/assertions';
import { fixtureStage } from '../fixtures/assembly';

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
