import { Match } from 'aws-cdk-lib/assertions';
import { CLUSTER_PORTS } from '../../lib/database/sql-security-groups';
import { fixtureStage } from '../fixtures/assembly';

const london = fixtureStage('London');
/** Each cell's Data stack id, by cell id: production cells (availability groups) and UAT (one node). */
const cells = london.stacks.filter((s) => s.id.endsWith('-Data')).map((s) => [s.id.replace(/-Data$/, ''), s.id] as const);
type Resources = Record<string, { Type: string; Properties: Record<string, any>; DeletionPolicy?: string; UpdateReplacePolicy?: string; DependsOn?: string[] }>;

describe.each(cells)('Data stack of %s', (cellId, data) => {
  const template = london.template(data);
  const resources = template.toJSON().Resources as Resources;
  const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
  const production = cellId.startsWith('prod');
  const paths = london.resourcePaths(data);
  /** The logical id of the resource the construct at this path (under the cell's SQL Server) synthesizes. */
  const logicalIdOf = (path: string) => Object.keys(paths).find((id) => paths[id] === `London/${data}/SqlCluster/${path}`);

  test('is named for the cell, termination-protected and deploys after the Directory stack', () => {
    expect(london.stack(data)).toMatchObject({ stackName: `halo-london-${cellId}-data`, terminationProtection: true });
    expect(london.stack(data).dependencies).toEqual(expect.arrayContaining(['Directory', 'Network', 'Security']));
  });

  test('runs production as two Enterprise nodes in AZ 1 and 2 with the witness in AZ 3, UAT as one Standard node', () => {
    const instances = ofType('AWS::EC2::Instance').map(([, r]) => r.Properties.AvailabilityZone);
    const enis = ofType('AWS::EC2::NetworkInterface').map(([, r]) => JSON.stringify(r.Properties.SubnetId));
    const edition = production ? 'Enterprise' : 'Standard';
    template.hasResourceProperties('AWS::EC2::LaunchTemplate', {
      LaunchTemplateData: Match.objectLike({ ImageId: `resolve:ssm:/aws/service/ami-windows-latest/Windows_Server-2022-English-Full-SQL_2022_${edition}` }),
    });
    // The witness's AZ is its subnet's, in the Network stack.
    const dataSubnetAz = (n: number) =>
      Object.entries(london.templateJson('Network').Resources as Resources).find(
        ([id, r]) => r.Type === 'AWS::EC2::Subnet' && new RegExp(`DataSubnet${n}Subnet`).test(id),
      )![1].Properties.AvailabilityZone;
    if (production) {
      const [[, fsx]] = ofType('AWS::FSx::FileSystem');
      expect([instances, JSON.stringify(fsx.Properties.SubnetIds).match(/DataSubnet(\d)Subnet/)![1]]).toEqual([['eu-west-2a', 'eu-west-2b'], '3']);
      expect(dataSubnetAz(3)).toBe('eu-west-2c');
      expect(enis[0]).toMatch(/DataSubnet1Subnet/);
      expect(enis[1]).toMatch(/DataSubnet2Subnet/);
    } else {
      expect(instances).toEqual(['eu-west-2a']);
      expect(ofType('AWS::FSx::FileSystem')).toEqual([]);
    }
  });

  test("gives a cluster's nodes two secondary addresses (cluster and listener IP), IMDSv2, no key pair, and no termination protection that would block a rollback", () => {
    ofType('AWS::EC2::NetworkInterface').forEach(([, r]) => expect(r.Properties.SecondaryPrivateIpAddressCount).toBe(production ? 2 : undefined));
    template.hasResourceProperties('AWS::EC2::LaunchTemplate', {
      LaunchTemplateData: Match.objectLike({ MetadataOptions: { HttpTokens: 'required', HttpEndpoint: 'enabled', HttpPutResponseHopLimit: 1 } }),
    });
    for (const [, instance] of ofType('AWS::EC2::Instance')) {
      expect(instance.Properties.KeyName).toBeUndefined();
      expect(instance.Properties.DisableApiTermination).toBeUndefined();
      expect(instance.Properties.NetworkInterfaces[0].AssociatePublicIpAddress).toBeUndefined();
      expect(instance.Properties.BlockDeviceMappings[0].Ebs).toMatchObject({ Encrypted: true, VolumeType: 'gp3' });
    }
  });

  test('keeps data, log, tempdb and backup staging on separate gp3 volumes under the data key, retained', () => {
    const volumes = ofType('AWS::EC2::Volume');
    const nodes = production ? [1, 2] : [1];
    expect(volumes.map(([id]) => id.replace(/[0-9A-F]{8}$/, ''))).toEqual(
      nodes.flatMap((n) => ['Data', 'Log', 'Tempdb', 'Backup'].map((v) => `SqlClusterNode${n}${v}Volume`)),
    );
    for (const [, v] of volumes) {
      expect(v.Properties).toMatchObject({ VolumeType: 'gp3', Encrypted: true });
      expect(JSON.stringify(v.Properties.KmsKeyId)).toMatch(/KeysDataKey/);
      expect([v.DeletionPolicy, v.UpdateReplacePolicy]).toEqual(['Retain', 'Retain']);
    }
    expect(ofType('AWS::EC2::VolumeAttachment').map(([, a]) => a.Properties.Device)).toEqual(nodes.flatMap(() => ['xvdf', 'xvdg', 'xvdh', 'xvdi']));
  });

  test("opens the cluster ports between a cluster's nodes only, 1433 from the app and reporting groups, SMB to the witness from the nodes", () => {
    const nodesSg = logicalIdOf('SecurityGroups/Nodes')!;
    expect(nodesSg).toMatch(/^SqlClusterSecurityGroupsNodes/);
    const ingress = ofType('AWS::EC2::SecurityGroupIngress').map(([, r]) => r.Properties);
    const fromSelf = ingress.filter((r) => r.GroupId['Fn::GetAtt'][0] === nodesSg && r.SourceSecurityGroupId['Fn::GetAtt'][0] === nodesSg);
    const ports = (protocol: string) =>
      fromSelf.filter((r) => r.IpProtocol === protocol).map((r) => (r.FromPort === r.ToPort ? r.FromPort : [r.FromPort, r.ToPort]));
    expect([ports('tcp'), ports('udp')]).toEqual(production ? [CLUSTER_PORTS.tcp, CLUSTER_PORTS.udp] : [[], []]);
    expect(CLUSTER_PORTS).toEqual({ tcp: [135, 137, 445, 1433, 1434, 3343, 5022, 5985, [49152, 65535]], udp: [137, 1434, 3343, [49152, 65535]] });
    const intoNodes = ingress.filter((r) => r.GroupId['Fn::GetAtt'][0] === nodesSg && r.SourceSecurityGroupId['Fn::GetAtt'][0] !== nodesSg);
    expect(intoNodes.map((r) => [r.SourceSecurityGroupId['Fn::GetAtt'][0], r.FromPort, r.ToPort]).sort()).toEqual(
      [
        [logicalIdOf('SecurityGroups/Application'), 1433, 1433],
        [logicalIdOf('SecurityGroups/Reporting'), 1433, 1433],
      ].sort(),
    );
    const witnessSg = logicalIdOf('Witness/SecurityGroup');
    expect(witnessSg !== undefined).toBe(production);
    const intoWitness = witnessSg ? ingress.filter((r) => r.GroupId['Fn::GetAtt'][0] === witnessSg) : [];
    expect(intoWitness.map((r) => [r.SourceSecurityGroupId['Fn::GetAtt'][0], r.IpProtocol, r.FromPort, r.ToPort])).toEqual(
      production ? [[nodesSg, 'tcp', 445, 445]] : [],
    );
    expect(ingress.length).toBe(fromSelf.length + intoNodes.length + intoWitness.length);
  });

  test('admits nothing from 0.0.0.0/0 or ::/0', () => {
    const text =
      JSON.stringify(ofType('AWS::EC2::SecurityGroup').map(([, r]) => r.Properties.SecurityGroupIngress ?? [])) +
      JSON.stringify(ofType('AWS::EC2::SecurityGroupIngress'));
    expect(text).not.toMatch(/0\.0\.0\.0\/0|::\/0/);
  });

  test("gives the nodes a role with SSM core, the CloudWatch and VSS agents, sessions, the cell's secrets, its backup bucket, the domain join and the CA's server template: no IAM user, no access key", () => {
    const [[, role]] = ofType('AWS::IAM::Role').filter(([id]) => /^SqlClusterAccessRole[0-9A-F]{8}$/.test(id));
    const managed = JSON.stringify(role.Properties.ManagedPolicyArns);
    for (const policy of ['AmazonSSMManagedInstanceCore', 'CloudWatchAgentServerPolicy', 'AWSEC2VssSnapshotPolicy']) expect(managed).toContain(policy);
    expect(role.Properties.ManagedPolicyArns).toHaveLength(7);
    expect(role.Properties.Policies).toBeUndefined();
    template.resourceCountIs('AWS::IAM::Policy', 0);
    template.resourceCountIs('AWS::IAM::User', 0);
    template.resourceCountIs('AWS::IAM::AccessKey', 0);
    const nodePolicies = ofType('AWS::IAM::ManagedPolicy').filter(([id]) => /^SqlClusterAccess/.test(id));
    const statements = nodePolicies.flatMap(([, p]) => p.Properties.PolicyDocument.Statement);
    // The one wildcard resource: DescribeDirectories has no resource type, so IAM matches it against '*' only.
    const anyResource = statements.filter((st: { Resource: unknown }) => [st.Resource].flat().includes('*'));
    expect(anyResource).toEqual([{ Action: 'ds:DescribeDirectories', Effect: 'Allow', Resource: '*' }]);
    const join = statements.find((st: { Action: unknown }) => st.Action === 'ds:CreateComputer');
    expect(JSON.stringify(join.Resource)).toMatch(/"arn:aws:ds:eu-west-2:111122223333:directory\/"/);
    const secretReads = statements.filter((st: { Action: unknown }) => JSON.stringify(st.Action).includes('secretsmanager:GetSecretValue'));
    expect(JSON.stringify(secretReads)).toMatch(/ConnectionSecret/);
    expect(JSON.stringify(secretReads)).toMatch(production ? /SqlClusterSetupAccountSecret/ : /^(?!.*SetupAccountSecret)/);
    expect(JSON.stringify(secretReads)).not.toMatch(/DirectoryAdminSecret|Fn::GetStackOutput/);
    const issue = statements.find((st: { Action: unknown }) => st.Action === 'acm-pca:IssueCertificate');
    expect(issue.Condition).toEqual({ StringEquals: { 'acm-pca:TemplateArn': 'arn:aws:acm-pca:::template/EndEntityServerAuthCertificate/V1' } });
  });

  test('keeps native backups in an in-region, KMS, versioned, Object Lock, private, TLS-only, logged bucket, named anew for each creation of the stack', () => {
    const retention = production ? 5 : 14;
    template.hasResource('AWS::S3::Bucket', {
      Properties: Match.objectLike({
        BucketName: { 'Fn::Join': ['', [`halo-111122223333-eu-west-2-${cellId}-sql-`, Match.objectLike({ 'Fn::Select': Match.anyValue() })]] },
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [Match.objectLike({ ServerSideEncryptionByDefault: Match.objectLike({ SSEAlgorithm: 'aws:kms' }) })],
        },
        VersioningConfiguration: { Status: 'Enabled' },
        ObjectLockEnabled: true,
        ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: retention } } },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        LoggingConfiguration: Match.objectLike({ DestinationBucketName: Match.anyValue() }),
      }),
      DeletionPolicy: 'Retain',
    });
    const [bucket] = ofType('AWS::S3::Bucket')
      .filter(([id]) => id.startsWith('NativeBackups'))
      .map(([, b]) => b);
    expect(JSON.stringify(bucket.Properties.BucketName)).toContain('"AWS::StackId"');
    const rules = bucket.Properties.LifecycleConfiguration.Rules.filter((r: { Prefix?: string }) => r.Prefix);
    // Production: any point of the last 3 days needs the daily full before it and every log since (3 + 1 days), and a day's margin.
    expect(rules.map((r: { Prefix: string; ExpirationInDays: number }) => [r.Prefix, r.ExpirationInDays])).toEqual(
      production
        ? [
            ['log/', 5],
            ['full/', 5],
            ['reports/', 400],
          ]
        : [
            ['full/', 14],
            ['reports/', 400],
          ],
    );
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  test("rotates the application's SQL credential every 30 days, not at the first deployment, through a function Secrets Manager alone may invoke", () => {
    const [[, schedule]] = ofType('AWS::SecretsManager::RotationSchedule');
    expect(schedule.Properties).toMatchObject({ RotateImmediatelyOnUpdate: false, RotationRules: { ScheduleExpression: 'rate(30 days)' } });
    expect(JSON.stringify(schedule.Properties.SecretId)).toMatch(/ConnectionSecret/);
    const permission = ofType('AWS::Lambda::Permission').find(([id]) => id.startsWith('SqlClusterLoginRotationSecretsManagerInvokes'))![1];
    expect(permission.Properties).toMatchObject({
      Principal: 'secretsmanager.amazonaws.com',
      SourceAccount: '111122223333',
      SourceArn: { Ref: expect.stringMatching(/^ConnectionSecret/) },
    });
    expect(schedule.DependsOn).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^SqlClusterLoginRotationSecretsManagerInvokes/),
        expect.stringMatching(/^SqlClusterOperationsCreateLoginsOnNodes/),
      ]),
    );
  });
});

test('templates do not grow with the number of customers: no resource is per tenant', () => {
  for (const [, data] of cells) {
    const text = JSON.stringify(london.templateJson(data).Resources);
    expect(text).not.toMatch(/tenant_[a-z]/);
  }
});
