import { Match, Template } from 'aws-cdk-lib/assertions';
import { CLUSTER_PORTS } from '../../lib/database/sql-server-cluster';
import { londonStage, templateOf } from '../helpers';

const stage = londonStage();
const cells = Object.entries(stage.data);
type Resources = Record<string, { Type: string; Properties: Record<string, any>; DeletionPolicy?: string; UpdateReplacePolicy?: string }>;

describe.each(cells)('Data stack of %s', (cellId, data) => {
  const template = templateOf(data);
  const resources = template.toJSON().Resources as Resources;
  const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
  const production = cellId.startsWith('prod');

  test('is named for the cell, termination-protected and deploys after the Directory stack', () => {
    expect(data.stackName).toBe(`halo-london-${cellId}-data`);
    expect(data.terminationProtection).toBe(true);
    expect(data.dependencies).toEqual(expect.arrayContaining([stage.directory, stage.network, stage.security]));
  });

  test('puts node 1 in AZ 1, node 2 in AZ 2 and the witness in AZ 3', () => {
    const [node1, node2] = data.cluster.nodes;
    expect([node1.availabilityZone, node2.availabilityZone, data.cluster.witness.availabilityZone]).toEqual(['eu-west-2a', 'eu-west-2b', 'eu-west-2c']);
    const instances = ofType('AWS::EC2::Instance').map(([, r]) => r.Properties.AvailabilityZone);
    expect(instances).toEqual(['eu-west-2a', 'eu-west-2b']);
    const enis = ofType('AWS::EC2::NetworkInterface').map(([, r]) => JSON.stringify(r.Properties.SubnetId));
    expect(enis[0]).toMatch(/DataSubnet1Subnet/);
    expect(enis[1]).toMatch(/DataSubnet2Subnet/);
    const [[, fsx]] = ofType('AWS::FSx::FileSystem');
    expect(JSON.stringify(fsx.Properties.SubnetIds)).toMatch(/DataSubnet3Subnet/);
  });

  test('gives each node an ENI with two secondary addresses, IMDSv2, no key pair, termination protection', () => {
    ofType('AWS::EC2::NetworkInterface').forEach(([, r]) => expect(r.Properties.SecondaryPrivateIpAddressCount).toBe(2));
    const edition = production ? 'Enterprise' : 'Standard';
    template.hasResourceProperties('AWS::EC2::LaunchTemplate', {
      LaunchTemplateData: {
        ImageId: `resolve:ssm:/aws/service/ami-windows-latest/Windows_Server-2022-English-Full-SQL_2022_${edition}`,
        MetadataOptions: { HttpTokens: 'required', HttpEndpoint: 'enabled', HttpPutResponseHopLimit: 1 },
      },
    });
    for (const [, instance] of ofType('AWS::EC2::Instance')) {
      expect(instance.Properties.KeyName).toBeUndefined();
      expect(instance.Properties.DisableApiTermination).toBe(true);
      expect(instance.Properties.LaunchTemplate.LaunchTemplateId).toEqual({ Ref: expect.stringMatching(/LaunchTemplate/) });
      expect(instance.Properties.NetworkInterfaces[0].AssociatePublicIpAddress).toBeUndefined();
      expect(instance.Properties.BlockDeviceMappings[0].Ebs).toMatchObject({ Encrypted: true, VolumeType: 'gp3' });
    }
  });

  test('keeps data, log and tempdb on separate gp3 volumes under the data key, retained', () => {
    const volumes = ofType('AWS::EC2::Volume');
    expect(volumes.map(([id]) => id.replace(/[0-9A-F]{8}$/, ''))).toEqual([
      'SqlClusterNode1DataVolume', 'SqlClusterNode1LogVolume', 'SqlClusterNode1TempdbVolume',
      'SqlClusterNode2DataVolume', 'SqlClusterNode2LogVolume', 'SqlClusterNode2TempdbVolume',
    ]);
    for (const [, v] of volumes) {
      expect(v.Properties).toMatchObject({ VolumeType: 'gp3', Encrypted: true });
      expect(JSON.stringify(v.Properties.KmsKeyId)).toMatch(/KeysDataKey/);
      expect([v.DeletionPolicy, v.UpdateReplacePolicy]).toEqual(['Retain', 'Retain']);
    }
    expect(ofType('AWS::EC2::VolumeAttachment').map(([, a]) => a.Properties.Device)).toEqual(['xvdf', 'xvdg', 'xvdh', 'xvdf', 'xvdg', 'xvdh']);
  });

  test('opens exactly the cluster ports between nodes, 1433 from the app and reporting groups, SMB to the witness from the nodes', () => {
    const clusterSg = data.getLogicalId(data.cluster.clusterSecurityGroup.node.defaultChild as never);
    const ingress = ofType('AWS::EC2::SecurityGroupIngress').map(([, r]) => r.Properties);
    const fromSelf = ingress.filter((r) => r.GroupId['Fn::GetAtt'][0] === clusterSg && r.SourceSecurityGroupId['Fn::GetAtt'][0] === clusterSg);
    const ports = (protocol: string) => fromSelf.filter((r) => r.IpProtocol === protocol).map((r) => (r.FromPort === r.ToPort ? r.FromPort : [r.FromPort, r.ToPort]));
    expect(ports('tcp')).toEqual(CLUSTER_PORTS.tcp);
    expect(ports('udp')).toEqual(CLUSTER_PORTS.udp);
    expect(CLUSTER_PORTS).toEqual({ tcp: [135, 137, 445, 1433, 1434, 3343, 5022, 5985, [49152, 65535]], udp: [137, 1434, 3343, [49152, 65535]] });
    const app = data.getLogicalId(data.cluster.applicationSecurityGroup.node.defaultChild as never);
    const reporting = data.getLogicalId(data.cluster.reportingSecurityGroup.node.defaultChild as never);
    const intoCluster = ingress.filter((r) => r.GroupId['Fn::GetAtt'][0] === clusterSg && r.SourceSecurityGroupId['Fn::GetAtt'][0] !== clusterSg);
    expect(intoCluster.map((r) => [r.SourceSecurityGroupId['Fn::GetAtt'][0], r.FromPort, r.ToPort]).sort()).toEqual([[app, 1433, 1433], [reporting, 1433, 1433]].sort());
    const witnessSg = data.getLogicalId(data.cluster.witness.securityGroup.node.defaultChild as never);
    const intoWitness = ingress.filter((r) => r.GroupId['Fn::GetAtt'][0] === witnessSg);
    expect(intoWitness.map((r) => [r.SourceSecurityGroupId['Fn::GetAtt'][0], r.IpProtocol, r.FromPort, r.ToPort])).toEqual([[clusterSg, 'tcp', 445, 445]]);
    expect(ingress.length).toBe(fromSelf.length + intoCluster.length + intoWitness.length);
  });

  test('admits nothing from 0.0.0.0/0 or ::/0', () => {
    const text = JSON.stringify(ofType('AWS::EC2::SecurityGroup').map(([, r]) => r.Properties.SecurityGroupIngress ?? []))
      + JSON.stringify(ofType('AWS::EC2::SecurityGroupIngress'));
    expect(text).not.toMatch(/0\.0\.0\.0\/0|::\/0/);
  });

  test('gives the nodes a role with SSM core, the CloudWatch agent, sessions, the cell\'s formation secret and its backup bucket, nothing more', () => {
    const [[, role]] = ofType('AWS::IAM::Role').filter(([id]) => /SqlClusterAccessRole/.test(id));
    const managed = JSON.stringify(role.Properties.ManagedPolicyArns);
    expect(managed).toMatch(/AmazonSSMManagedInstanceCore/);
    expect(managed).toMatch(/CloudWatchAgentServerPolicy/);
    expect(role.Properties.ManagedPolicyArns).toHaveLength(5);
    expect(role.Properties.Policies).toBeUndefined();
    template.resourceCountIs('AWS::IAM::Policy', 0);
    const nodePolicies = ofType('AWS::IAM::ManagedPolicy').filter(([id]) => /^SqlClusterAccess/.test(id));
    const text = JSON.stringify(nodePolicies);
    expect(text).toMatch(/s3:PutObject/);
    expect(text).not.toMatch(/"Resource":"\*"/);
    // Secrets: the cell's formation account and the S3 credential, never the directory admin (another stack's).
    const secretReads = nodePolicies.flatMap(([, p]) => p.Properties.PolicyDocument.Statement).filter((st: { Action: unknown }) => JSON.stringify(st.Action).includes('secretsmanager:GetSecretValue'));
    expect(JSON.stringify(secretReads)).toMatch(/SqlClusterSetupAccountSecret/);
    expect(JSON.stringify(secretReads)).not.toMatch(/DirectoryAdminSecret|Fn::GetStackOutput/);
  });

  test('forms the cluster as the cell\'s own directory account: granted before the cluster forms, revoked once the availability group stands', () => {
    const accounts = ofType('Custom::DirectorySetupAccount');
    expect(accounts.map(([, r]) => [r.Properties.Action, r.Properties.UserName, r.Properties.Groups])).toEqual([
      ['grant', `${cellId}-setup`, ['AWS Delegated Administrators']],
      ['revoke', `${cellId}-setup`, ['AWS Delegated Administrators']],
    ]);
    const [[grantId], [, revoke]] = accounts;
    const cluster = Object.entries(resources).find(([k]) => k.startsWith('SqlClusterFormationCreateClusterOnPrimary'))!;
    expect((cluster[1] as unknown as { DependsOn: string[] }).DependsOn).toContain(grantId);
    expect((revoke as unknown as { DependsOn: string[] }).DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/^SqlClusterFormationCreateAvailabilityGroupOnPrimary/)]));
    const scripts = JSON.stringify(ofType('AWS::SSM::Document'));
    expect(scripts).toMatch(/SqlClusterSetupAccountSecret/);
    expect(scripts).not.toMatch(/DirectoryAdminSecret/);
  });

  test('keeps native backups in an in-region, KMS, versioned, Object Lock, private, TLS-only, logged bucket with the retention of the environment', () => {
    template.hasResource('AWS::S3::Bucket', {
      Properties: Match.objectLike({
        BucketEncryption: { ServerSideEncryptionConfiguration: [Match.objectLike({ ServerSideEncryptionByDefault: Match.objectLike({ SSEAlgorithm: 'aws:kms' }) })] },
        VersioningConfiguration: { Status: 'Enabled' },
        ObjectLockEnabled: true,
        ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: production ? 3 : 14 } } },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        LoggingConfiguration: Match.objectLike({ DestinationBucketName: Match.anyValue() }),
      }),
      DeletionPolicy: 'Retain',
    });
    const [[, bucket]] = ofType('AWS::S3::Bucket');
    const rules = bucket.Properties.LifecycleConfiguration.Rules.filter((r: { Prefix?: string }) => r.Prefix);
    expect(rules.map((r: { Prefix: string; ExpirationInDays: number }) => [r.Prefix, r.ExpirationInDays]))
      .toEqual(production ? [['log/', 3], ['full/', 14]] : [['full/', 14]]);
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  test('runs a single-AZ FSx witness joined to the directory, encrypted with the data key, retained', () => {
    template.hasResource('AWS::FSx::FileSystem', {
      Properties: Match.objectLike({
        FileSystemType: 'WINDOWS',
        WindowsConfiguration: Match.objectLike({ DeploymentType: 'SINGLE_AZ_2', ActiveDirectoryId: Match.anyValue() }),
      }),
      DeletionPolicy: 'Retain',
    });
    const [[, fsx]] = ofType('AWS::FSx::FileSystem');
    expect(JSON.stringify(fsx.Properties.KmsKeyId)).toMatch(/KeysDataKey/);
    expect(JSON.stringify(fsx.Properties.WindowsConfiguration.ActiveDirectoryId)).toMatch(/Directory/);
  });

  describe('cluster formation documents', () => {
    const documents = Object.fromEntries(ofType('AWS::SSM::Document').map(([id, r]) => [id.replace(/^SqlClusterFormation|[0-9A-F]{8}$/g, ''), JSON.stringify(r.Properties.Content)]));
    const fsxId = data.getLogicalId(data.cluster.witness.fileSystem);
    const eniIds = data.cluster.nodes.map((n) => data.getLogicalId(n.networkInterface));

    test('are declared for join, cluster, availability group, tenant database and log-backup job', () => {
      expect(Object.keys(documents).sort()).toEqual(['AddTenantDatabase', 'CreateAvailabilityGroup', 'CreateCluster', 'InstallLogBackupJob', 'JoinDomain']);
    });

    test('join the directory by its real id, name and DNS servers', () => {
      expect(documents.JoinDomain).toMatch(/aws:domainJoin/);
      expect(documents.JoinDomain).toMatch(/"directoryName":"london.halo.internal"/);
      expect(documents.JoinDomain).toMatch(/DnsIpAddresses/);
    });

    test('create the cluster with both nodes\' cluster IPs and NodeAndFileShareMajority on the FSx witness share', () => {
      expect(documents.CreateCluster).toMatch(/NodeAndFileShareMajority/);
      const lines = JSON.parse(documents.CreateCluster).mainSteps[0].inputs.runCommand as unknown[];
      const quorum = lines.find((l) => JSON.stringify(l).includes('Set-ClusterQuorum')) as { 'Fn::Join': [string, unknown[]] };
      const [before, share, after] = quorum['Fn::Join'][1];
      expect(before).toMatch(/-NodeAndFileShareMajority '\\\\$/);
      expect(share).toEqual({ 'Fn::GetAtt': [fsxId, 'DNSName'] });
      expect(after).toMatch(new RegExp(`^\\\\share\\\\${cellId}-witness'`));
      eniIds.forEach((eni) => expect(documents.CreateCluster).toContain(`{"Fn::Select":[0,{"Fn::GetAtt":["${eni}","SecondaryPrivateIpAddresses"]}]}`));
    });

    test('create a synchronous, automatic-failover AG with a readable secondary, read-only routing and a listener on both subnets\' listener IPs', () => {
      const ag = documents.CreateAvailabilityGroup;
      expect(ag).toMatch(/AVAILABILITY_MODE = SYNCHRONOUS_COMMIT, FAILOVER_MODE = AUTOMATIC/);
      expect(ag).toMatch(/ALLOW_CONNECTIONS = READ_ONLY/);
      expect(ag).toMatch(/READ_ONLY_ROUTING_LIST/);
      expect(ag).toMatch(/LISTENER_PORT = 5022/);
      expect(ag).toMatch(new RegExp(`ADD LISTENER N'${cellId}-ag'`));
      expect(ag).toMatch(/PORT = 1433/);
      eniIds.forEach((eni) => expect(ag).toContain(`{"Fn::Select":[1,{"Fn::GetAtt":["${eni}","SecondaryPrivateIpAddresses"]}]}`));
      expect(ag).toContain("N'255.255.255.0'");
    });

    test('add a customer database by tenant id, without growing the template', () => {
      expect(documents.AddTenantDatabase).toMatch(/"TenantId":\{"type":"String"/);
      expect(documents.AddTenantDatabase).toMatch(/SET RECOVERY FULL/);
      expect(documents.AddTenantDatabase).toMatch(/BACKUP DATABASE/);
      expect(documents.AddTenantDatabase).toMatch(/ADD DATABASE/);
    });

    test('install an hourly log-backup job that writes to the cell\'s bucket (production) or truncates (UAT)', () => {
      const bucket = data.getLogicalId(data.backupBucket.bucket.node.defaultChild as never);
      const job = documents.InstallLogBackupJob;
      expect(job).toMatch(/@freq_subday_type = 8, @freq_subday_interval = 1;/);
      if (production) {
        expect(job).toMatch(/BACKUP LOG \[\$db\] TO URL/);
        expect(job).toContain(`{"Ref":"${bucket}"}`);
      } else {
        expect(job).toMatch(/BACKUP LOG \[\$db\] TO DISK = N'NUL'/);
        expect(job).not.toMatch(/TO URL/);
      }
    });

    test('run join, cluster, AG and job installation in order at deploy, on the right nodes', () => {
      const associations = ofType('AWS::SSM::Association');
      expect(associations).toHaveLength(5);
      const byId = Object.fromEntries(associations.map(([id, r]) => [id.replace(/^SqlClusterFormation|[0-9A-F]{8}$/g, ''), r]));
      const deps = (id: string) => ((resources[Object.keys(resources).find((k) => k.startsWith(`SqlClusterFormation${id}`))!] as { DependsOn?: string[] }).DependsOn ?? []).map((d) => d.replace(/^SqlClusterFormation|[0-9A-F]{8}$/g, ''));
      expect(deps('JoinDomainNode1').sort()).toEqual(['SqlClusterNode1DataAttachment', 'SqlClusterNode1LogAttachment', 'SqlClusterNode1TempdbAttachment']);
      expect(deps('CreateClusterOnPrimary').sort()).toEqual(['JoinDomainNode1', 'JoinDomainNode2', 'SqlClusterSetupAccountGrant']);
      expect(deps('CreateAvailabilityGroupOnPrimary')).toEqual(['CreateClusterOnPrimary']);
      expect(deps('InstallLogBackupJobOnNodes')).toEqual(['CreateAvailabilityGroupOnPrimary']);
      expect(byId.CreateClusterOnPrimary.Properties.Targets[0].Values).toHaveLength(1);
      expect(byId.InstallLogBackupJobOnNodes.Properties.Targets[0].Values).toHaveLength(2);
      expect(byId.JoinDomainNode1.Properties.Parameters.HostName).toEqual([`${cellId}-1`]);
    });
  });
});

test('templates do not grow with the number of customers: no resource is per tenant', () => {
  for (const [, data] of cells) {
    const text = JSON.stringify(Template.fromStack(data).toJSON().Resources);
    expect(text).not.toMatch(/tenant_[a-z]/);
  }
});
