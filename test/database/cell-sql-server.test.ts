import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { CellSqlServer } from '../../lib/database/cell-sql-server';
import { ConnectionSecret } from '../../lib/database/connection-secret';
import { SQL_METRICS_NAMESPACE } from '../../lib/monitoring/sql-node-monitoring';
import { cdkJsonContext, testApp, testStack } from '../helpers';

/** A cell's SQL Server alone in a minimal stack: its own VPC with three data subnets, keys, bucket, topic and a directory's facts. */
function sqlServer(topology: 'availability-group' | 'standalone'): CellSqlServer {
  // cdk.json's context, as the app has it: partition literals among others.
  const stack = testStack('eu-west-2', testApp(cdkJsonContext()));
  const vpc = new ec2.Vpc(stack, 'Vpc', {
    availabilityZones: ['eu-west-2a', 'eu-west-2b', 'eu-west-2c'],
    natGateways: 0,
    subnetConfiguration: [
      { name: 'App', subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      { name: 'Data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    ],
  });
  const dataKey = new kms.Key(stack, 'DataKey');
  const logsKey = new kms.Key(stack, 'LogsKey');
  return new CellSqlServer(stack, 'SqlCluster', {
    cellId: 'prod-stable',
    sql: { edition: 'Enterprise', topology },
    vpc,
    vpcCidr: '10.10.0.0/16',
    dataSubnets: vpc.selectSubnets({ subnetGroupName: 'Data' }).subnets,
    subnetMask: '255.255.255.0',
    functionSubnets: { subnetGroupName: 'App' },
    directory: {
      directoryId: 'd-1234567890',
      domainName: 'london.halo.internal',
      netbiosName: 'HALOLONDON',
      dnsIpAddresses: ['10.10.1.10', '10.10.2.10'],
      adminSecret: new secretsmanager.Secret(stack, 'DirectoryAdmin'),
    },
    connection: new ConnectionSecret(stack, 'Connection', { host: 'prod-stable-ag.london.halo.internal', username: 'halo_app_a', encryptionKey: dataKey }),
    certificateAuthority: {
      certificateAuthorityArn: 'arn:aws:acm-pca:eu-west-2:111122223333:certificate-authority/11111111-2222-3333-4444-555555555555',
      serverTemplateArn: 'arn:aws:acm-pca:::template/EndEntityServerAuthCertificate/V1',
      activation: new Construct(stack, 'CaActivation'),
    },
    dataKey,
    sessionKey: new kms.Key(stack, 'SessionKey'),
    logsKey,
    alertTopic: new sns.Topic(stack, 'Alerts'),
    instanceType: 'r6i.xlarge',
    volumes: { data: { sizeGiB: 500 }, log: { sizeGiB: 200 }, tempdb: { sizeGiB: 100 }, backup: { sizeGiB: 500 } },
    backupBucket: new s3.Bucket(stack, 'NativeBackups'),
    backups: { log: { everyMinutes: 15, pointInTimeHours: 72 }, rtoHours: 4, fullBackupHourUtc: 0 },
    maintenanceWindow: { window: 'Sun:01:00-Sun:04:00', timeZone: 'Europe/London' },
  });
}

const cluster = sqlServer('availability-group');
const stack = Stack.of(cluster);
const template = Template.fromStack(stack);
const groupIdOf = (group: ec2.ISecurityGroup) => stack.resolve(group.securityGroupId);

describe('CellSqlServer', () => {
  test("connections are the nodes' group, with SQL Server's port by default", () => {
    expect(cluster.connections.securityGroups.map(groupIdOf)).toEqual([stack.resolve(cluster.nodes[0].networkInterface.groupSet![0])]);
    expect(cluster.connections.defaultPort?.toString()).toBe('1433');
  });

  test('application clients carry a group of their own that the nodes admit on 1433, and that reaches only the nodes on 1433', () => {
    const [clients] = cluster.applicationClients.connections.securityGroups;
    const [nodes] = cluster.connections.securityGroups;
    expect(groupIdOf(clients)).not.toEqual(groupIdOf(nodes));
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      GroupId: groupIdOf(nodes),
      SourceSecurityGroupId: groupIdOf(clients),
      FromPort: 1433,
      ToPort: 1433,
    });
    template.hasResourceProperties('AWS::EC2::SecurityGroupEgress', {
      GroupId: groupIdOf(clients),
      DestinationSecurityGroupId: groupIdOf(nodes),
      FromPort: 1433,
      ToPort: 1433,
    });
  });

  test("role is the nodes' instance role, and a cluster exposes its formation account's secret (a standalone node has none)", () => {
    const profile = Object.values(template.findResources('AWS::IAM::InstanceProfile'))[0];
    expect(profile.Properties.Roles).toEqual([stack.resolve(cluster.role.roleName)]);
    expect(stack.resolve(cluster.formationSecret?.secretArn)).toEqual({ Ref: expect.stringMatching(/^SqlClusterSetupAccount/) });
    expect(sqlServer('standalone').formationSecret).toBeUndefined();
  });

  test('metric() is a metric the nodes publish about the cell, dimensioned by cell and then by what is asked', () => {
    const metric = cluster.metric('BackupFailures', { statistic: 'Maximum', dimensionsMap: { Kind: 'Log' } });
    expect(metric.namespace).toBe(SQL_METRICS_NAMESPACE);
    expect(metric.dimensions).toEqual({ Cell: 'prod-stable', Kind: 'Log' });
    expect(metric.statistic).toBe('Maximum');
    expect(cluster.metric('NewestLogBackupAgeSeconds').dimensions).toEqual({ Cell: 'prod-stable' });
  });
});

describe('SqlServerNode', () => {
  const [node] = cluster.nodes;

  test('instanceId is the instance it runs on', () => {
    expect(stack.resolve(node.instanceId)).toEqual({ Ref: stack.getLogicalId(node.instance) });
  });

  test("metric() reads the agent's counters from the SQL namespace and anything else from AWS/EC2, by instance, 5-minute average by default", () => {
    const counter = node.metric('AgRedoQueueKB', { statistic: 'Maximum' });
    expect([counter.namespace, counter.statistic, counter.period.toMinutes()]).toEqual([SQL_METRICS_NAMESPACE, 'Maximum', 5]);
    const cpu = node.metric('CPUUtilization');
    expect([cpu.namespace, cpu.statistic]).toEqual(['AWS/EC2', 'Average']);
    expect(stack.resolve(cpu.dimensions)).toEqual({ InstanceId: stack.resolve(node.instanceId) });
  });

  test('metricStatusCheckFailed() is the 5-minute maximum of EC2 status checks', () => {
    const metric = node.metricStatusCheckFailed();
    expect([metric.namespace, metric.metricName, metric.statistic, metric.period.toMinutes()]).toEqual(['AWS/EC2', 'StatusCheckFailed', 'Maximum', 5]);
  });
});

describe('CellSqlServer.grantConnect()', () => {
  test('lets the grantee read the connection secret and decrypt it with the data key, only through Secrets Manager', () => {
    const server = sqlServer('standalone');
    const own = Stack.of(server);
    const role = new iam.Role(own, 'Client', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });
    server.grantConnect(role);
    const [policy] = Object.values(
      Template.fromStack(own).findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: own.getLogicalId(role.node.defaultChild as iam.CfnRole) }] } }),
    );
    const statements = policy.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown; Condition?: unknown }[];
    expect(statements.map((s) => [[s.Action].flat().sort(), JSON.stringify(s.Resource)])).toEqual([
      [['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'], expect.stringMatching(/ConnectionSecret/)],
      [['kms:Decrypt'], expect.stringMatching(/DataKey/)],
    ]);
    expect(statements[1].Condition).toEqual({ StringEquals: { 'kms:ViaService': 'secretsmanager.eu-west-2.amazonaws.com' } });
  });
});
