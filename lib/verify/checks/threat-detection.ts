import { DescribeConfigurationRecorderStatusCommand } from '@aws-sdk/client-config-service';
import { GetDetectorCommand, ListDetectorsCommand } from '@aws-sdk/client-guardduty';
import { DescribeHubCommand, GetEnabledStandardsCommand, GetFindingsCommand } from '@aws-sdk/client-securityhub';
import { CallFailed, NotChecked, read, required, send } from '../aws-call';
import { pageAll } from '../paging';
import { CheckContext, CheckResult, ServiceOwner } from '../types';

/** GuardDuty has an enabled detector with every feature the app turns on. */
export async function guardDutyDetector(ctx: CheckContext): Promise<CheckResult> {
  const { expected } = ctx;
  const features = expected.guardDutyFeatures.length > 0 ? ` with ${expected.guardDutyFeatures.join(', ')} enabled` : '';
  const expectation = `an enabled detector${features} (${ownerText(expected.securityServices.guardDuty)})`;
  const ids = await pageAll(ctx.clients.guardDuty, (NextToken) => new ListDetectorsCommand({ NextToken }), { items: 'DetectorIds', next: 'NextToken' });
  const result = (status: CheckResult['status'], found: string): CheckResult => ({
    region: expected.region,
    check: 'GuardDuty detector',
    expected: expectation,
    found,
    status,
  });
  if (ids.length === 0) return result('fail', 'no detector');
  const detector = await send(ctx.clients.guardDuty, new GetDetectorCommand({ DetectorId: ids[0] }));
  const status = required(detector, 'Status', 'guardduty:GetDetector');
  // No Features is an answer: a detector made before features existed has none enabled.
  const listed = detector.Features ?? [];
  const enabled = new Set(listed.filter((f) => f.Status === 'ENABLED').map((f) => f.Name));
  // A listed feature without its name or status read nothing about it: a feature that depends on it is not checked.
  const unread = expected.guardDutyFeatures.filter(
    (f) => !enabled.has(f as never) && (listed.some((g) => g.Name === f && g.Status === undefined) || listed.some((g) => g.Name === undefined)),
  );
  const missing = expected.guardDutyFeatures.filter((f) => !enabled.has(f as never) && !unread.includes(f));
  const problems = [...(status === 'ENABLED' ? [] : [`detector ${ids[0]} is ${status}`]), ...(missing.length ? [`not enabled: ${missing.join(', ')}`] : [])];
  const notRead = unread.length ? `the answer of guardduty:GetDetector had no Name or Status for features, so ${unread.join(', ')} not read` : '';
  if (!problems.length && notRead) throw new NotChecked('missing-data', notRead);
  return result(
    problems.length ? 'fail' : 'pass',
    problems.length ? [...problems, ...(notRead ? [`not checked: ${notRead}`] : [])].join('; ') : `detector ${ids[0]} enabled with ${[...enabled].join(', ')}`,
  );
}

const STANDARDS = 'securityhub:GetEnabledStandards';

/** Security Hub is on with exactly the configured standards. */
export async function securityHubStandards(ctx: CheckContext): Promise<CheckResult> {
  const { expected } = ctx;
  const result = (status: CheckResult['status'], found: string): CheckResult => ({
    region: expected.region,
    check: 'Security Hub standards',
    expected: `Security Hub enabled with exactly ${expected.securityHubStandards.length} standards: ${expected.securityHubStandards.map(shortArn).join(', ')} (${ownerText(expected.securityServices.securityHub)})`,
    found,
    status,
  });
  try {
    await read(ctx.clients.securityHub, new DescribeHubCommand({}), 'HubArn');
  } catch (error) {
    if (error instanceof CallFailed && error.code === 'InvalidAccessException') return result('fail', 'Security Hub is not enabled');
    throw error;
  }
  const standards = await pageAll(ctx.clients.securityHub, (NextToken) => new GetEnabledStandardsCommand({ NextToken }), {
    items: 'StandardsSubscriptions',
    next: 'NextToken',
  });
  // A subscription without its ARN or status is neither a standard enabled nor one missing: not checked.
  const enabled = standards
    .map((s) => ({ arn: required(s, 'StandardsArn', STANDARDS), status: required(s, 'StandardsStatus', STANDARDS) }))
    .filter((s) => s.status !== 'DELETING' && s.status !== 'FAILED')
    .map((s) => s.arn);
  const missing = expected.securityHubStandards.filter((s) => !enabled.includes(s));
  const extra = enabled.filter((s) => !expected.securityHubStandards.includes(s));
  const problems = [
    ...(missing.length ? [`missing ${missing.map(shortArn).join(', ')}`] : []),
    ...(extra.length ? [`not configured ${extra.map(shortArn).join(', ')}`] : []),
  ];
  return result(problems.length ? 'fail' : 'pass', problems.length ? problems.join('; ') : `${enabled.length} standards, as configured`);
}

/** Reports how many security controls fail, by severity (it informs; it does not fail the run). */
export async function securityHubFailedControls(ctx: CheckContext): Promise<CheckResult> {
  const findings = await pageAll(
    ctx.clients.securityHub,
    (NextToken) =>
      new GetFindingsCommand({
        MaxResults: 100,
        NextToken,
        // This account and region only: an aggregation region or delegated administrator also holds others' findings.
        Filters: {
          AwsAccountId: [{ Value: ctx.expected.account, Comparison: 'EQUALS' }],
          Region: [{ Value: ctx.expected.region, Comparison: 'EQUALS' }],
          ProductName: [{ Value: 'Security Hub', Comparison: 'EQUALS' }],
          ComplianceStatus: [{ Value: 'FAILED', Comparison: 'EQUALS' }],
          RecordState: [{ Value: 'ACTIVE', Comparison: 'EQUALS' }],
          WorkflowStatus: [
            { Value: 'NEW', Comparison: 'EQUALS' },
            { Value: 'NOTIFIED', Comparison: 'EQUALS' },
          ],
        },
      }),
    { items: 'Findings', next: 'NextToken' },
  );
  const controls = new Map<string, Set<string>>();
  for (const f of findings) {
    const severity = f.Severity?.Label ?? 'UNKNOWN';
    controls.set(severity, (controls.get(severity) ?? new Set()).add(f.Compliance?.SecurityControlId ?? f.GeneratorId ?? f.Id ?? '?'));
  }
  const order = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL', 'UNKNOWN'];
  const found =
    order
      .filter((s) => controls.has(s))
      .map((s) => `${s} ${controls.get(s)!.size}`)
      .join(', ') || 'none';
  return {
    region: ctx.expected.region,
    check: 'Security Hub failed controls',
    expected: 'reported: failed controls by severity',
    found: `failed controls: ${found} (${findings.length} findings)`,
    status: 'info',
  };
}

/** The last path segment of a standards ARN, e.g. `nist-800-53/v/5.0.0`. */
function shortArn(arn: string): string {
  return arn.replace(/^arn:[^:]+:securityhub:[^:]*:[^:]*:(standards|ruleset)\//, '');
}

/** AWS Config records in the region: a recorder that is recording and last delivered successfully. */
export async function configRecorder(ctx: CheckContext): Promise<CheckResult> {
  const { expected } = ctx;
  const by = ownerText(expected.securityServices.config);
  const result = (status: CheckResult['status'], found: string): CheckResult => ({
    region: expected.region,
    check: 'AWS Config recorder',
    expected: `a recorder that is recording (${by})`,
    found,
    status,
  });
  const recorders = await read(ctx.clients.config, new DescribeConfigurationRecorderStatusCommand({}), 'ConfigurationRecordersStatus');
  if (recorders.length === 0) return result('fail', 'no configuration recorder');
  // A recorder whose recording flag, or (recording) last status, was not given could be the one failing: not checked unless another fails.
  const unread = recorders.filter((r) => r.recording === undefined || (r.recording && r.lastStatus === undefined));
  const recording = recorders.filter((r) => r.recording && r.lastStatus !== undefined);
  const failing = recording.filter((r) => r.lastStatus === 'Failure');
  if (failing.length > 0)
    return result(
      'fail',
      `recorder ${failing[0].name} last failed: ${failing[0].lastErrorCode ?? 'unknown error'} ${failing[0].lastErrorMessage ?? ''}`.trim(),
    );
  if (unread.length)
    throw new NotChecked(
      'missing-data',
      `the answer of config:DescribeConfigurationRecorderStatus had no recording or lastStatus for recorder ${unread.map((r) => r.name ?? '?').join(', ')}: nothing was read`,
    );
  if (recording.length === 0) return result('fail', `recorder ${recorders.map((r) => r.name).join(', ')} is not recording`);
  return result('pass', `recorder ${recording[0].name} recording`);
}

/** Who runs a security service, as the check results say it. */
export function ownerText(owner: ServiceOwner): string {
  return owner === 'stack' ? "run by the region's Security stack" : `run by the organization (delegated administrator ${owner.organizationAdministrator})`;
}
