import { RESTORE_DRILL_TAG } from '../../lib/config/names';
import { scriptText } from '../../lib/database/powershell';
import { fixtureStage } from '../fixtures/assembly';

const london = fixtureStage('London');
type Resource = { Type: string; Properties: Record<string, any> };

function drillsOf(cellId: string) {
  const resources = Object.entries(london.templateJson(`${cellId}-Data`).Resources as Record<string, Resource>);
  const byPrefix = (prefix: string) => resources.find(([id]) => new RegExp(`^SqlClusterDrills${prefix}[0-9A-F]{8}$`).test(id))?.[1];
  const automation = (prefix: string) => byPrefix(prefix)!.Properties;
  const schedules = resources
    .filter(([, r]) => r.Type === 'AWS::Scheduler::Schedule')
    .map(([id, r]) => [id.replace(/^SqlClusterDrills|[0-9A-F]{8}$/g, ''), r.Properties] as const);
  return { resources, byPrefix, automation, schedules };
}

describe('failover drill (production)', () => {
  const d = drillsOf('prod-stable');
  const drill = d.automation('FailoverDrill');
  const steps = drill.Content.mainSteps as { name: string; action: string; onFailure?: string; isEnd?: boolean; inputs: Record<string, any> }[];

  test('is a named Automation document that runs as its own role', () => {
    expect([drill.Name, drill.DocumentType, drill.Content.schemaVersion]).toEqual(['halo-prod-stable-failover-drill', 'Automation', '0.3']);
    expect(JSON.stringify(drill.Content.assumeRole)).toMatch(/SqlClusterDrillsAutomationRole/);
  });

  test("checks synchronization first, renews each node's certificate while it is the secondary, fails over and back, checking after each move", () => {
    expect(steps.map((s) => s.name)).toEqual([
      'checkBefore',
      'renewSecondary',
      'checkAfterRenewal',
      'failOver',
      'checkAfterFailover',
      'renewFormerPrimary',
      'checkBeforeFailback',
      'failBack',
      'checkAfter',
      'recordSuccess',
      'reportFailure',
      'recordFailure',
      'failRun',
    ]);
    const actions = steps.filter((s) => s.action === 'aws:runCommand').map((s) => s.inputs.Parameters.Action[0]);
    expect(actions).toEqual(['Check', 'RenewCertificate', 'Check', 'Failover', 'Check', 'RenewCertificate', 'Check', 'Failover', 'Check']);
    steps
      .filter((s) => s.action === 'aws:runCommand')
      .forEach((s) => {
        expect(s.onFailure).toBe('step:reportFailure');
        expect(s.inputs.InstanceIds).toHaveLength(2);
      });
  });

  test('publishes success and failure as metrics, reports a failure to the alert topic, and ends a failed run as failed', () => {
    const [success, report, record, fail] = steps.slice(-4);
    expect(success).toMatchObject({
      isEnd: true,
      inputs: { Service: 'cloudwatch', Api: 'PutMetricData', Namespace: 'Halo/SqlServer', MetricData: [{ MetricName: 'FailoverDrillSucceeded', Value: 1 }] },
    });
    expect(report.inputs).toMatchObject({ Service: 'sns', Api: 'Publish' });
    expect(JSON.stringify(report.inputs.TopicArn)).toMatch(/AlertsTopic/);
    expect(record.inputs.MetricData[0]).toMatchObject({ MetricName: 'FailoverDrillSucceeded', Value: 0 });
    expect(fail).toMatchObject({ action: 'aws:executeScript', isEnd: true, inputs: { Runtime: 'python3.11' } });
    expect(fail.inputs.Script).toMatch(/raise Exception/);
  });

  test('the node step checks readiness on the secondary, fails over only from the secondary and times it until the listener serves from it', () => {
    const script = scriptText('ag-drill');
    expect(script).toMatch(/is_failover_ready = 0 OR ISNULL\(drs\.synchronization_state_desc, N''\) <> N'SYNCHRONIZED'/);
    expect(script).toMatch(/if \(\$role -ne 'SECONDARY'\) \{[\s\S]*exit 0/);
    expect(script).toMatch(/ALTER AVAILABILITY GROUP \[\$ag\] FAILOVER;/);
    // Through the application's own path (its login, the listener, TLS verified), never Windows authentication to a local alias.
    expect(script).toMatch(/\$connection = "\$\(\$app\.connectionString\);Password=\$\(\$app\.password\)/);
    expect(script).not.toMatch(/Integrated Security/);
    // A check waits for the replicas to catch up after a restart or a failover, bounded within its step.
    expect(script).toMatch(/'Check' \{\s+Invoke-WithRetry -What .* -Attempts 80 -DelaySeconds 15 -Action \{ Assert-Synchronized \}/);
    expect(script).toMatch(/Write-HaloMetric -Name 'FailoverSeconds'/);
  });

  test("runs monthly in the region's maintenance window, in its time zone", () => {
    const [, schedule] = d.schedules.find(([id]) => id === 'FailoverDrillSchedule')!;
    expect(schedule).toMatchObject({
      ScheduleExpression: 'cron(0 1 ? * SUN#1 *)',
      ScheduleExpressionTimezone: 'Europe/London',
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: { Arn: 'arn:aws:scheduler:::aws-sdk:ssm:startAutomationExecution', Input: '{"DocumentName":"halo-prod-stable-failover-drill"}' },
    });
  });
});

describe('restore drill', () => {
  test.each(['prod-stable', 'uat'])('of %s: launches a scratch instance, waits for it, restores and checks, and terminates it whatever happened', (cellId) => {
    const d = drillsOf(cellId);
    const drill = d.automation('RestoreDrill');
    const steps = drill.Content.mainSteps as { name: string; action: string; onFailure?: string; inputs: Record<string, any>; timeoutSeconds?: number }[];
    expect(steps.map((s) => s.name)).toEqual([
      'launchScratch',
      'waitForScratch',
      'restore',
      'terminateScratch',
      'recordSuccess',
      'terminateAfterFailure',
      'reportFailure',
      'recordFailure',
      'failRun',
    ]);
    const byName = Object.fromEntries(steps.map((s) => [s.name, s]));
    expect(byName.launchScratch.inputs).toMatchObject({
      Service: 'ec2',
      Api: 'RunInstances',
      TagSpecifications: [
        {
          ResourceType: 'instance',
          Tags: [
            { Key: RESTORE_DRILL_TAG, Value: cellId },
            { Key: 'Name', Value: `${cellId}-restore-drill` },
          ],
        },
      ],
    });
    expect([byName.waitForScratch.onFailure, byName.restore.onFailure]).toEqual(['step:terminateAfterFailure', 'step:terminateAfterFailure']);
    expect(byName.terminateAfterFailure).toMatchObject({ action: 'aws:changeInstanceState', onFailure: 'Continue', inputs: { DesiredState: 'terminated' } });
    const rto = cellId === 'uat' ? 24 : 4;
    expect(byName.restore.timeoutSeconds).toBe(rto * 3600);
    const [, schedule] = d.schedules.find(([id]) => id === 'RestoreDrillSchedule')!;
    expect(schedule.ScheduleExpression).toBe('cron(30 1 ? * SUN#1 *)');
  });

  test("the drill may resolve the image parameter of its launch template (EC2 resolves resolve:ssm: with the caller's rights)", () => {
    // The policy simulator cannot judge an account-less ARN (AWS's public parameters): this statement is pinned here instead.
    const policy = drillsOf('prod-stable').byPrefix('AutomationPolicy')!.Properties.PolicyDocument.Statement;
    expect(policy).toContainEqual({
      Effect: 'Allow',
      Action: ['ssm:GetParameter', 'ssm:GetParameters'],
      Resource: 'arn:aws:ssm:eu-west-2::parameter/aws/service/ami-windows-latest/Windows_Server-2022-English-Full-SQL_2022_Enterprise',
    });
    expect(drillsOf('prod-stable').byPrefix('ScratchTemplate')!.Properties.LaunchTemplateData.ImageId).toBe(
      'resolve:ssm:/aws/service/ami-windows-latest/Windows_Server-2022-English-Full-SQL_2022_Enterprise',
    );
  });

  test('the scratch instance requires IMDSv2, has only an encrypted root disk that goes with it, and terminates itself on shutdown', () => {
    const template = drillsOf('prod-stable').byPrefix('ScratchTemplate')!.Properties.LaunchTemplateData;
    expect(template.MetadataOptions).toEqual({ HttpTokens: 'required', HttpEndpoint: 'enabled', HttpPutResponseHopLimit: 1 });
    expect(template.InstanceInitiatedShutdownBehavior).toBe('terminate');
    expect(template.BlockDeviceMappings).toEqual([
      { DeviceName: '/dev/sda1', Ebs: expect.objectContaining({ Encrypted: true, DeleteOnTermination: true, VolumeSize: 150 + 2000 + 1000 }) },
    ]);
  });

  test('restores a random tenant to a random point of the window from the full before it and every log since, checks it and times it against the RTO', () => {
    const script = scriptText('restore-drill');
    for (const step of [
      /Get-Random/,
      /STOPAT = N'/,
      /WITH \$moves, NORECOVERY, REPLACE, CHECKSUM/,
      /RESTORE LOG \[\$drill\]/,
      /RESTORE DATABASE \[\$drill\] WITH RECOVERY/,
      /DBCC CHECKDB \(N'\$drill'\) WITH NO_INFOMSGS, ALL_ERRORMSGS/,
      /Write-HaloMetric -Name 'RestoreDrillSeconds'/,
      /over the \$\(\$Facts\.rtoHours\) h RTO/,
    ]) {
      expect(script).toMatch(step);
    }
  });
});

test('a standalone cell renews its certificate monthly in the maintenance window (it has no secondary to renew on)', () => {
  const d = drillsOf('uat');
  const [, schedule] = d.schedules.find(([id]) => id === 'CertificateRenewalSchedule')!;
  expect(schedule.ScheduleExpression).toBe('cron(0 2 ? * SUN#1 *)');
  expect(schedule.Target.Arn).toBe('arn:aws:scheduler:::aws-sdk:ssm:sendCommand');
  expect(
    drillsOf('prod-stable')
      .schedules.map(([id]) => id)
      .sort(),
  ).toEqual(['FailoverDrillSchedule', 'RestoreDrillSchedule']);
});
