import { Match } from 'aws-cdk-lib/assertions';
import { AVAILABILITY_TARGET_PERCENT } from '../../lib/monitoring/cell-dashboard';
import { SQL_COUNTERS, sqlAgentConfiguration } from '../../lib/monitoring/sql-node-monitoring';
import { fixtureStage } from '../fixtures/assembly';
import { regionConfig } from '../fixtures/config';

const london = fixtureStage('London');
type Resource = { Type: string; Properties: Record<string, any> };
const cells = ['prod-stable', 'prod-beta', 'uat'];
const regional = london.templateJson('Monitoring').Resources as Record<string, Resource>;
const perCell = Object.fromEntries(cells.map((c) => [c, london.templateJson(`${c}-Monitoring`).Resources as Record<string, Resource>]));
/** Each cell's SQL Server: its nodes' host names (as its Data stack tags them) and whether they form an availability group. */
const sqlServerOf = (cell: string) => ({
  nodes: Object.values(london.templateJson(`${cell}-Data`).Resources as Record<string, Resource>)
    .filter((r) => r.Type === 'AWS::EC2::Instance')
    .map((r) => ({ hostName: r.Properties.Tags.find((t: { Key: string }) => t.Key === 'halo:sql-node').Value as string })),
  clustered: regionConfig('london').cells.find((c) => c.id === cell)!.sql.topology === 'availability-group',
});
// Every cell's resources together, as the tests below look at them across cells.
const resources: Record<string, Resource> = Object.assign({}, ...Object.values(perCell));
const ofType = (type: string, from: Record<string, Resource> = resources) => Object.entries(from).filter(([, r]) => r.Type === type);
const alarms = ofType('AWS::CloudWatch::Alarm');

describe('Monitoring stacks of London', () => {
  test('keep only what is regional in halo-london-monitoring: the canary artifacts bucket and the agent configuration, whatever the cells', () => {
    expect(london.stack('Monitoring').stackName).toBe('halo-london-monitoring');
    expect(
      Object.values(regional)
        .map((r) => r.Type)
        .sort(),
    ).toEqual(['AWS::S3::Bucket', 'AWS::S3::BucketPolicy', 'AWS::SSM::Parameter']);
    const outputs = Object.values(london.templateJson('Monitoring').Outputs as Record<string, { Export: { Name: string } }>)
      .map((o) => o.Export.Name)
      .sort();
    expect(outputs).toEqual(['halo-london-canary-artifacts-arn', 'halo-london-canary-artifacts-name']);
  });

  test("give each cell its own halo-london-<cell>-monitoring stack, deployed after the region's, holding nothing stateful", () => {
    for (const cell of cells) {
      const stack = london.stack(`${cell}-Monitoring`);
      expect(stack.stackName).toBe(`halo-london-${cell}-monitoring`);
      expect(stack.dependencies).toEqual(expect.arrayContaining(['Monitoring', `${cell}-Data`, `${cell}-App`]));
      expect(Object.values(perCell[cell]).filter((r) => /S3::Bucket$|KMS::Key|EC2::Volume|Backup::BackupVault/.test(r.Type))).toEqual([]);
      // Only this cell's things: no other cell's name appears in its alarms.
      const others = cells.filter((c) => c !== cell && !c.startsWith(cell));
      for (const [, a] of ofType('AWS::CloudWatch::Alarm', perCell[cell]))
        for (const other of others) expect(String(a.Properties.AlarmDescription)).not.toMatch(new RegExp(`^${other}[ :-]`));
    }
  });

  test("alert through the Security stack's encrypted topic and its subscriptions", () => {
    alarms.forEach(([, a]) => expect(JSON.stringify(a.Properties.AlarmActions)).toMatch(/halo-london-security.*AlertsTopic/));
    const security = london.template('Security');
    security.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    security.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'platform-alerts@halo.example' });
  });

  test("alarms on every SQL node's status checks, CPU, memory, free disk and (replicas) AG queues over 5-minute periods", () => {
    for (const cell of cells) {
      const sqlServer = sqlServerOf(cell);
      expect(sqlServer.nodes).toHaveLength(sqlServer.clustered ? 2 : 1);
      for (const node of sqlServer.nodes) {
        const mine = alarms.filter(([, a]) => String(a.Properties.AlarmDescription).startsWith(`${node.hostName}:`));
        const queues = sqlServer.clustered ? ['AgLogSendQueueKB', 'AgRedoQueueKB'] : [];
        expect(mine.map(([, a]) => a.Properties.MetricName).sort()).toEqual([
          ...queues,
          'CPUUtilization',
          'DiskFreePercent',
          'MemoryCommittedPercent',
          'StatusCheckFailed',
        ]);
        mine.forEach(([, a]) => expect(a.Properties.Period).toBe(300));
      }
    }
  });

  test('alarms per cell when the newest backup is older than the RPO (nobody reporting counts), a backup job fails, a certificate nears expiry, a replica is unhealthy', () => {
    const cellAlarms = (cell: string) => alarms.filter(([, a]) => String(a.Properties.AlarmDescription).startsWith(`${cell}: `)).map(([, a]) => a.Properties);
    const prod = cellAlarms('prod-stable');
    const age = prod.find((a) => a.MetricName === 'NewestLogBackupAgeSeconds')!;
    expect([age.Threshold, age.ComparisonOperator, age.TreatMissingData, age.Statistic, age.Dimensions]).toEqual([
      3600,
      'GreaterThanThreshold',
      'breaching',
      'Maximum',
      [{ Name: 'Cell', Value: 'prod-stable' }],
    ]);
    expect(
      prod
        .filter((a) => a.MetricName === 'BackupFailures')
        .map((a) => a.Dimensions.find((d: any) => d.Name === 'Kind').Value)
        .sort(),
    ).toEqual(['Full', 'Log']);
    expect(prod.filter((a) => a.MetricName === 'CertificateDaysToExpiry').map((a) => [a.Threshold, a.ComparisonOperator, a.Dimensions[1].Value])).toEqual([
      [30, 'LessThanThreshold', 'prod-stable-1'],
      [30, 'LessThanThreshold', 'prod-stable-2'],
    ]);
    expect(prod.filter((a) => a.MetricName === 'ReplicaHealthy').map((a) => [a.TreatMissingData, a.Dimensions[1].Value])).toEqual([
      ['breaching', 'prod-stable-1'],
      ['breaching', 'prod-stable-2'],
    ]);
    // UAT keeps daily fulls only: the age of the newest full, against the 24 h RPO plus two hours for the backup to run.
    const uat = cellAlarms('uat');
    expect(uat.find((a) => a.MetricName === 'NewestFullBackupAgeSeconds')!.Threshold).toBe(26 * 3600);
    expect(uat.filter((a) => a.MetricName === 'ReplicaHealthy' || a.MetricName === 'NewestLogBackupAgeSeconds')).toEqual([]);
    [...prod, ...uat].forEach((a) => expect(JSON.stringify(a.AlarmActions)).toMatch(/AlertsTopic/));
  });

  test('keeps the CloudWatch agent configuration in Parameter Store, with the SQL Server counters, and each cell applies it to its nodes', () => {
    const [[, parameter]] = ofType('AWS::SSM::Parameter', regional);
    const config = JSON.parse(parameter.Properties.Value);
    expect(config).toEqual(sqlAgentConfiguration());
    const collected = JSON.stringify(config.metrics.metrics_collected);
    for (const counter of ['Batch Requests/sec', 'Page life expectancy', 'User Connections', 'Number of Deadlocks/sec', 'Log Send Queue', 'Recovery Queue'])
      expect(collected).toContain(counter);
    expect(Object.keys(SQL_COUNTERS)).toHaveLength(8);
    for (const cell of cells) {
      const associations = ofType('AWS::SSM::Association', perCell[cell]).map(([, a]) => a.Properties);
      expect(associations.map((a) => a.Name)).toEqual(['AWS-ConfigureAWSPackage', 'AmazonCloudWatch-ManageAgent']);
      expect(associations[1].Parameters.optionalConfigurationLocation).toEqual(['AmazonCloudWatch-halo-london-sql']);
      expect(associations[0].Targets[0].Values).toHaveLength(sqlServerOf(cell).nodes.length);
    }
  });

  test("alarms on every fleet's unhealthy hosts, 5xx rate and p99 latency, silent while a colour has no instances", () => {
    for (const cell of cells) {
      for (const fleet of ['blue', 'green', 'chat', 'automations']) {
        const mine = alarms.filter(([, a]) => String(a.Properties.AlarmDescription).startsWith(`${cell} ${fleet}:`));
        expect(mine).toHaveLength(3);
        for (const [, a] of mine) {
          const expression = a.Properties.Metrics.find((m: any) => m.Expression).Expression;
          expect(expression).toMatch(/^IF\(FILL\(inService, 0\) > 0, /);
          a.Properties.Metrics.filter((m: any) => m.MetricStat).forEach((m: any) => expect(m.MetricStat.Period).toBe(300));
        }
      }
    }
  });

  test("checks each cell's public health URL every 5 minutes with an inline canary, artifacts encrypted in the region, alarmed on failure", () => {
    const canaries = ofType('AWS::Synthetics::Canary');
    expect(canaries).toHaveLength(3);
    for (const [, c] of canaries) {
      expect(c.Properties.Schedule.Expression).toBe('rate(5 minutes)');
      expect(c.Properties.Code.Script).toMatch(/executeHttpStep\('health', \{ hostname: '[a-z-]+\.london\.halo\.example', method: 'GET', path: '\/health'/);
      expect(c.Properties.Code.S3Bucket).toBeUndefined();
      expect(c.Properties.ArtifactConfig.S3Encryption.EncryptionMode).toBe('SSE_KMS');
      // A Node.js 22 runtime: the Node 20 generation (puppeteer 8.0 to 11.0) is retired with Node 20.
      expect(c.Properties.RuntimeVersion).toBe('syn-nodejs-puppeteer-13.0');
      expect(JSON.stringify(c.Properties.ArtifactS3Location)).toMatch(/halo-london-canary-artifacts-name/);
    }
    expect(alarms.filter(([, a]) => a.Properties.MetricName === 'SuccessPercent')).toHaveLength(3);
  });

  test('raises one "cell unavailable" composite alarm per cell: health check, web tier errors (any colour), or every SQL node down', () => {
    const composites = cells.flatMap((cell) => ofType('AWS::CloudWatch::CompositeAlarm', perCell[cell])).map(([, c]) => c.Properties);
    expect(composites.map((c) => c.AlarmName)).toEqual(cells.map((c) => `halo-london-${c}-unavailable`));
    const nodesDown = (cell: string) =>
      sqlServerOf(cell)
        .nodes.map(() => 'ALARM\\(.*StatusCheckFailed.*\\)')
        .join(' AND ');
    composites.forEach((c, i) =>
      expect(JSON.stringify(c.AlarmRule)).toMatch(new RegExp(`ALARM\\(.*HealthFailed.*\\) OR ALARM\\(.*WebTierErrors.*\\) OR \\(${nodesDown(cells[i])}\\)`)),
    );
    // No per-colour clause: an idle colour (never in alarm) must not keep the cell from ever being unavailable.
    composites.forEach((c) => expect(JSON.stringify(c.AlarmRule)).not.toMatch(/TargetErrorRate/));
  });

  test('measures the web tier at its load balancer: 5xx from targets and from the balancer itself over all requests', () => {
    const webTier = alarms.filter(([id]) => /WebTierErrors/.test(id));
    expect(webTier).toHaveLength(cells.length);
    for (const [, a] of webTier) {
      const metrics = a.Properties.Metrics as {
        Id: string;
        Expression?: string;
        MetricStat?: { Metric: { MetricName: string; Dimensions: { Name: string }[] } };
      }[];
      expect(metrics.find((m) => m.Expression)!.Expression).toBe('100 * (FILL(targets, 0) + FILL(balancer, 0)) / MAX([FILL(requests, 0), 1])');
      expect(
        metrics
          .filter((m) => m.MetricStat)
          .map((m) => [m.MetricStat!.Metric.MetricName, m.MetricStat!.Metric.Dimensions.map((d) => d.Name)])
          .sort(),
      ).toEqual([
        ['HTTPCode_ELB_5XX_Count', ['LoadBalancer']],
        ['HTTPCode_Target_5XX_Count', ['LoadBalancer']],
        ['RequestCount', ['LoadBalancer']],
      ]);
      expect(a.Properties).toMatchObject({ Threshold: 5, EvaluationPeriods: 2, TreatMissingData: 'notBreaching' });
    }
  });

  test('draw a dashboard per cell with its availability against 99.95%, requests, latency, SQL health and AG queues', () => {
    expect(AVAILABILITY_TARGET_PERCENT).toBe(99.95);
    for (const cell of cells) {
      const [[, dashboard], ...more] = ofType('AWS::CloudWatch::Dashboard', perCell[cell]);
      expect(more).toEqual([]);
      const body = JSON.stringify(dashboard.Properties.DashboardBody);
      expect(dashboard.Properties.DashboardName).toBe(`halo-london-${cell}`);
      for (const title of ['availability (%)', 'requests', 'p99 latency (s)', 'SQL health', 'availability group queues (KB)'])
        expect(body).toContain(`${cell}: ${title}`);
      expect(body).toContain('target 99.95%');
    }
  });
});

test('the App and Data stacks do not depend on monitoring', () => {
  const monitoring = ['Monitoring', ...cells.map((c) => `${c}-Monitoring`)];
  for (const cell of cells) {
    for (const m of monitoring) {
      expect(london.stack(`${cell}-App`).dependencies).not.toContain(m);
      expect(london.stack(`${cell}-Data`).dependencies).not.toContain(m);
    }
  }
});
