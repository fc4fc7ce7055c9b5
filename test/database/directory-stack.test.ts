import { Match } from 'aws-cdk-lib/assertions';
import { londonStage, templateOf } from '../helpers';

describe('Directory stack', () => {
  const stage = londonStage();
  const template = templateOf(stage.directory);

  test('is one region-level stack that every cell\'s Data stack depends on', () => {
    expect(stage.directory.stackName).toBe('halo-london-directory');
    expect(stage.directory.terminationProtection).toBe(true);
    for (const data of Object.values(stage.data)) expect(data.dependencies).toContain(stage.directory);
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
    expect(stage.directory.directory.node.tryFindChild('Directory')).toBeDefined();
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

  test('points the VPC\'s DHCP options at the directory\'s DNS servers', () => {
    template.hasResourceProperties('AWS::EC2::DHCPOptions', {
      DomainName: 'london.halo.internal',
      DomainNameServers: { 'Fn::GetAtt': [Match.stringLikeRegexp('Directory'), 'DnsIpAddresses'] },
    });
    template.hasResourceProperties('AWS::EC2::VPCDHCPOptionsAssociation', {
      DhcpOptionsId: { Ref: Match.stringLikeRegexp('DhcpOptions') },
      VpcId: Match.objectLike({ 'Fn::GetStackOutput': Match.anyValue() }),
    });
  });
});
