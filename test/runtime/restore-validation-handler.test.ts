/**
 * The restore-test validation function (lib/backup/runtime/restore-validation-handler.js), run against mocked EC2 and
 * AWS Backup clients on fake timers (its 30-second polls take no time), and the construct's side: what it inlines and sets.
 */
import { readFileSync } from 'fs';
import { BackupClient, PutRestoreValidationResultCommand } from '@aws-sdk/client-backup';
import { DescribeInstanceStatusCommand, EC2Client, type InstanceStatus } from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { RESTORE_VALIDATION_CHECK_MINUTES, RESTORE_VALIDATION_HANDLER_FILE } from '../../lib/backup/monthly-restore-testing';
import { fixtureStage } from '../fixtures/assembly';

const ec2 = mockClient(EC2Client);
const backup = mockClient(BackupClient);
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the handler is CommonJS for Lambda's Node.js runtime, outside the TypeScript project
const validator = require(RESTORE_VALIDATION_HANDLER_FILE) as { handler(event: unknown): Promise<{ status: string }> };

const INSTANCE = 'i-0123456789abcdef0';
const restoreCompleted = (detail: Record<string, unknown> = { createdResourceArn: `arn:aws:ec2:eu-west-2:111122223333:instance/${INSTANCE}` }) => ({
  source: 'aws.backup',
  'detail-type': 'Restore Job State Change',
  detail: { restoreJobId: 'restore-job-1', status: 'COMPLETED', ...detail },
});
const status = (state: string, instance: string, system: string): InstanceStatus =>
  ({ InstanceId: INSTANCE, InstanceState: { Name: state }, InstanceStatus: { Status: instance }, SystemStatus: { Status: system } }) as InstanceStatus;
const BOOTING = status('running', 'initializing', 'ok');
const HEALTHY = status('running', 'ok', 'ok');

/** Runs the handler to its end on fake time: its outcome (or error) and the minutes it waited. */
async function run(event: unknown): Promise<{ result?: { status: string }; error?: Error; minutes: number }> {
  const start = Date.now();
  let outcome: { result?: { status: string }; error?: Error } | undefined;
  validator.handler(event).then(
    (result) => (outcome = { result }),
    (error: Error) => (outcome = { error }),
  );
  await jest.advanceTimersByTimeAsync(0);
  for (let steps = 0; outcome === undefined && steps < 200; steps++) await jest.advanceTimersByTimeAsync(5_000);
  if (outcome === undefined) throw new Error('the handler did not end within 1000 fake seconds');
  return { ...outcome, minutes: (Date.now() - start) / 60_000 };
}

const reports = () => backup.commandCalls(PutRestoreValidationResultCommand).map((call) => call.args[0].input);
const polls = () => ec2.commandCalls(DescribeInstanceStatusCommand).map((call) => call.args[0].input);

beforeEach(() => {
  jest.useFakeTimers({ now: new Date('2026-11-15T05:30:00Z') });
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
  ec2.reset();
  backup.reset();
  backup.on(PutRestoreValidationResultCommand).resolves({});
  process.env.CHECK_MINUTES = '13';
});
afterEach(() => {
  jest.useRealTimers();
  jest.restoreAllMocks();
});
afterAll(() => delete process.env.CHECK_MINUTES);

describe('the restore validation function', () => {
  test('passes once the restored instance runs and passes both status checks, and reports it to AWS Backup', async () => {
    ec2
      .on(DescribeInstanceStatusCommand)
      .resolvesOnce({ InstanceStatuses: [] })
      .resolvesOnce({ InstanceStatuses: [BOOTING] })
      .resolves({ InstanceStatuses: [HEALTHY] });
    const { result, minutes } = await run(restoreCompleted());
    expect(result).toEqual({ status: 'SUCCESSFUL' });
    expect(minutes).toBe(1); // two polls 30 s apart before the third finds it healthy
    expect(polls()).toEqual(Array(3).fill({ InstanceIds: [INSTANCE], IncludeAllInstances: true }));
    expect(reports()).toEqual([
      {
        RestoreJobId: 'restore-job-1',
        ValidationStatus: 'SUCCESSFUL',
        ValidationStatusMessage: `Restored instance ${INSTANCE} is running and passes system and instance status checks`,
      },
    ]);
  });

  test.each([
    ['still booting', BOOTING, 'running, instance status initializing, system status ok'],
    ['stopped', status('stopped', 'not-applicable', 'not-applicable'), 'stopped, instance status not-applicable, system status not-applicable'],
    ['impaired', status('running', 'impaired', 'ok'), 'running, instance status impaired, system status ok'],
  ])('fails when the instance is %s at the deadline, naming what it last saw, and reports it', async (_, seen, last) => {
    ec2.on(DescribeInstanceStatusCommand).resolves({ InstanceStatuses: [seen] });
    const { result, minutes } = await run(restoreCompleted());
    expect(result).toEqual({ status: 'FAILED' });
    expect(minutes).toBe(13);
    expect(polls()).toHaveLength(26); // every 30 s, the last sleep cut to the deadline
    expect(reports()).toEqual([
      {
        RestoreJobId: 'restore-job-1',
        ValidationStatus: 'FAILED',
        ValidationStatusMessage: `Restored instance ${INSTANCE} did not pass both status checks within 13 minutes (last: ${last})`,
      },
    ]);
  });

  test('waits as long as CHECK_MINUTES says, not a default of its own', async () => {
    process.env.CHECK_MINUTES = '2';
    ec2.on(DescribeInstanceStatusCommand).resolves({ InstanceStatuses: [BOOTING] });
    const { result, minutes } = await run(restoreCompleted());
    expect({ result, minutes }).toEqual({ result: { status: 'FAILED' }, minutes: 2 });
    expect(reports()[0].ValidationStatusMessage).toContain('within 2 minutes');
  });

  test('keeps polling through errors while the restored instance is not yet visible', async () => {
    const notFound = Object.assign(new Error(`The instance ID '${INSTANCE}' does not exist`), { name: 'InvalidInstanceID.NotFound' });
    ec2
      .on(DescribeInstanceStatusCommand)
      .rejectsOnce(notFound)
      .resolves({ InstanceStatuses: [HEALTHY] });
    expect((await run(restoreCompleted())).result).toEqual({ status: 'SUCCESSFUL' });

    ec2.reset();
    backup.resetHistory();
    ec2.on(DescribeInstanceStatusCommand).rejects(notFound);
    expect((await run(restoreCompleted())).result).toEqual({ status: 'FAILED' });
    expect(reports()[0].ValidationStatusMessage).toMatch(
      /within 13 minutes \(last: InvalidInstanceID\.NotFound: The instance ID 'i-0123456789abcdef0' does not exist\)$/,
    );
  });

  test.each([
    ['no created resource', {}],
    ['a created resource that is not an instance', { createdResourceArn: 'arn:aws:ec2:eu-west-2:111122223333:volume/vol-0123456789abcdef0' }],
  ])('fails at once, and reports it, when the restore job names %s', async (_, detail) => {
    const { result, minutes } = await run(restoreCompleted(detail));
    expect({ result, minutes }).toEqual({ result: { status: 'FAILED' }, minutes: 0 });
    expect(polls()).toEqual([]);
    expect(reports()).toEqual([
      {
        RestoreJobId: 'restore-job-1',
        ValidationStatus: 'FAILED',
        ValidationStatusMessage: expect.stringMatching(/^The restore job names no restored EC2 instance/),
      },
    ]);
  });

  test.each([
    ['CHECK_MINUTES is unset', undefined],
    ['CHECK_MINUTES is not a number', 'thirteen'],
    ['CHECK_MINUTES is zero', '0'],
  ])('refuses to run when %s, before any call', async (_, value) => {
    if (value === undefined) delete process.env.CHECK_MINUTES;
    else process.env.CHECK_MINUTES = value;
    const { error } = await run(restoreCompleted());
    expect(error?.message).toMatch(/^CHECK_MINUTES must be a positive number of minutes, got "/);
    expect([...polls(), ...reports()]).toEqual([]);
  });

  test('refuses an event without a restore job: there would be nothing to report to', async () => {
    const { error } = await run({ detail: {} });
    expect(error?.message).toMatch(/names no restore job/);
    expect([...polls(), ...reports()]).toEqual([]);
  });

  test('fails the invocation when AWS Backup refuses the report, so that EventBridge retries it', async () => {
    ec2.on(DescribeInstanceStatusCommand).resolves({ InstanceStatuses: [HEALTHY] });
    backup.on(PutRestoreValidationResultCommand).rejects(Object.assign(new Error('throttled'), { name: 'ThrottlingException' }));
    expect((await run(restoreCompleted())).error?.name).toBe('ThrottlingException');
  });
});

describe('the restore validation function as MonthlyRestoreTesting deploys it', () => {
  const resource = () => {
    const template = fixtureStage('London').templateJson('Backup');
    const functions = Object.values(template.Resources as Record<string, any>).filter((r) => r.Type === 'AWS::Lambda::Function');
    expect(functions).toHaveLength(1);
    return functions[0].Properties;
  };

  test('is the runtime file, inlined byte for byte', () => {
    expect(resource().Code).toEqual({ ZipFile: readFileSync(RESTORE_VALIDATION_HANDLER_FILE, 'utf8') });
  });

  test("gets its wait from the construct, and the function's timeout leaves room for the last poll and the report", () => {
    const { Environment, Timeout } = resource();
    expect(Environment.Variables.CHECK_MINUTES).toBe(String(RESTORE_VALIDATION_CHECK_MINUTES));
    expect(Timeout).toBeGreaterThanOrEqual((RESTORE_VALIDATION_CHECK_MINUTES + 1) * 60);
    expect(Timeout).toBeLessThanOrEqual(15 * 60); // Lambda's limit
  });

  test('stays within the 4,096 characters CloudFormation long allowed inline code (ZipFile)', () => {
    expect(readFileSync(RESTORE_VALIDATION_HANDLER_FILE, 'utf8').length).toBeLessThanOrEqual(4096);
  });
});
