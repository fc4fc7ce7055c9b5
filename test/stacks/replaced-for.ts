/**
 * The properties CloudFormation replaces a resource for, by type: `createOnlyProperties` of the CloudFormation resource
 * schemas as cfn-lint 1.51.0 bundles them (`python3 -c "from cfnlint.schema.manager import PROVIDER_SCHEMA_MANAGER as m;
 * print(m.get_resource_schema('eu-west-2', 'AWS::SNS::Topic').schema['createOnlyProperties'])"`), for the types other
 * stacks reference (test/stacks/cross-stack-references.test.ts).
 */
export const REPLACED_FOR: Readonly<Record<string, readonly string[]>> = {
  'AWS::ACMPCA::CertificateAuthority': ['Type', 'KeyAlgorithm', 'SigningAlgorithm', 'Subject', 'CsrExtensions', 'KeyStorageSecurityStandard', 'UsageMode'],
  'AWS::AutoScaling::AutoScalingGroup': ['InstanceId', 'AutoScalingGroupName'],
  'AWS::Backup::BackupVault': ['BackupVaultName', 'EncryptionKeyArn'],
  'AWS::DirectoryService::MicrosoftAD': ['VpcSettings', 'Edition', 'Name', 'Password', 'ShortName', 'CreateAlias'],
  'AWS::EC2::Instance': [
    'AvailabilityZone',
    'CpuOptions',
    'ElasticGpuSpecifications',
    'ElasticInferenceAccelerators',
    'EnclaveOptions',
    'HibernationOptions',
    'HostResourceGroupArn',
    'ImageId',
    'Ipv6AddressCount',
    'Ipv6Addresses',
    'KeyName',
    'LaunchTemplate',
    'LicenseSpecifications',
    'NetworkInterfaces',
    'PlacementGroupName',
    'PrivateIpAddress',
    'SecurityGroups',
    'SubnetId',
  ],
  'AWS::EC2::SecurityGroup': ['GroupDescription', 'GroupName', 'VpcId'],
  'AWS::EC2::Subnet': [
    'VpcId',
    'AvailabilityZone',
    'AvailabilityZoneId',
    'CidrBlock',
    'OutpostArn',
    'Ipv6Native',
    'Ipv4IpamPoolId',
    'Ipv4NetmaskLength',
    'Ipv6IpamPoolId',
    'Ipv6NetmaskLength',
  ],
  'AWS::EC2::VPC': ['CidrBlock', 'Ipv4IpamPoolId', 'Ipv4NetmaskLength'],
  'AWS::ElasticLoadBalancingV2::Listener': ['LoadBalancerArn'],
  'AWS::ElasticLoadBalancingV2::LoadBalancer': ['Name', 'Type', 'Scheme'],
  'AWS::ElasticLoadBalancingV2::TargetGroup': ['TargetType', 'ProtocolVersion', 'Port', 'Name', 'VpcId', 'Protocol', 'IpAddressType'],
  'AWS::IAM::Role': ['Path', 'RoleName'],
  // None: CloudFormation fails an update of KeySpec, KeyUsage, Origin or MultiRegion rather than replace a key.
  'AWS::KMS::Key': [],
  'AWS::S3::Bucket': ['BucketName', 'BucketNamePrefix', 'BucketNamespace'],
  'AWS::SNS::Topic': ['TopicName', 'FifoTopic'],
};
