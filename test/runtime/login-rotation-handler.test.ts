/**
 * The login rotation function, against mocked Secrets Manager and SSM clients (the Lambda runtime provides the real ones).
 */
import { commands } from './sdk-commands';

type Call = { command: string; input: Record<string, any> };
const calls: Call[] = [];
let stages: Record<string, string[]> = {};
let pendingExists = false;
let invocationStatus: Record<string, string[]> = {};
const current = {
  engine: 'sqlserver',
  host: 'prod-stable-ag.london.halo.internal',
  port: 1433,
  username: 'halo_app_a',
  password: 'OldPassword1',
  connectionString:
    'Server=tcp:prod-stable-ag.london.halo.internal,1433;MultiSubnetFailover=True;Encrypt=True;TrustServerCertificate=False;User ID=halo_app_a;ApplicationIntent=ReadWrite',
  reportingConnectionStringTemplate:
    'Server=tcp:prod-stable-ag.london.halo.internal,1433;MultiSubnetFailover=True;Encrypt=True;TrustServerCertificate=False;User ID=halo_app_a;ApplicationIntent=ReadOnly;Initial Catalog={database}',
};

function fakeClient() {
  return class {
    async send(command: { name: string; input: Record<string, any> }) {
      calls.push({ command: command.name, input: command.input });
      switch (command.name) {
        case 'DescribeSecretCommand':
          return { RotationEnabled: true, VersionIdsToStages: stages };
        case 'GetSecretValueCommand':
          if (command.input.VersionStage === 'AWSPENDING' && !pendingExists) throw Object.assign(new Error('none'), { name: 'ResourceNotFoundException' });
          return { SecretString: JSON.stringify(current) };
        case 'GetRandomPasswordCommand':
          return { RandomPassword: 'NewPassword2' };
        case 'SendCommandCommand':
          return { Command: { CommandId: 'cmd-1' } };
        case 'GetCommandInvocationCommand': {
          const next = invocationStatus[command.input.InstanceId].shift() ?? 'Success';
          return { Status: next, StandardErrorContent: next === 'Failed' ? 'Login failed for user halo_app_b' : '' };
        }
        default:
          return {};
      }
    }
  };
}
jest.mock(
  '@aws-sdk/client-secrets-manager',
  () => ({
    SecretsManagerClient: fakeClient(),
    ...commands('DescribeSecretCommand', 'GetSecretValueCommand', 'PutSecretValueCommand', 'UpdateSecretVersionStageCommand', 'GetRandomPasswordCommand'),
  }),
  { virtual: true },
);
jest.mock('@aws-sdk/client-ssm', () => ({ SSMClient: fakeClient(), ...commands('SendCommandCommand', 'GetCommandInvocationCommand') }), { virtual: true });

Object.assign(process.env, {
  APPLICATION_LOGINS: 'halo_app_a,halo_app_b',
  NODE_INSTANCE_IDS: 'i-1,i-2',
  SET_PASSWORD_DOCUMENT: 'doc-set-password',
  EXCLUDE_CHARACTERS: '\'"',
});
// eslint-disable-next-line @typescript-eslint/no-require-imports
const rotation = require('../../lib/database/runtime/login-rotation-handler.js') as { handler(event: unknown): Promise<void> };
const step = (Step: string) => rotation.handler({ SecretId: 'arn:secret', ClientRequestToken: 'v2', Step });

beforeEach(() => {
  calls.length = 0;
  stages = { v1: ['AWSCURRENT'], v2: ['AWSPENDING'] };
  pendingExists = false;
  invocationStatus = { 'i-1': [], 'i-2': [] };
  jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate'] });
});
afterEach(() => jest.useRealTimers());

const run = async (promise: Promise<void>) => {
  const settled = promise.then(
    () => undefined,
    (e: Error) => e,
  );
  await jest.advanceTimersByTimeAsync(60_000);
  return settled;
};

describe('the login rotation function', () => {
  test('createSecret puts the other login, with a new password and its connection strings, as AWSPENDING', async () => {
    expect(await run(step('createSecret'))).toBeUndefined();
    const put = calls.find((c) => c.command === 'PutSecretValueCommand')!.input;
    const pending = JSON.parse(put.SecretString);
    expect([put.ClientRequestToken, put.VersionStages, pending.username, pending.password]).toEqual(['v2', ['AWSPENDING'], 'halo_app_b', 'NewPassword2']);
    expect(pending.connectionString).toContain('User ID=halo_app_b;ApplicationIntent=ReadWrite');
    expect(pending.reportingConnectionStringTemplate).toContain('User ID=halo_app_b;ApplicationIntent=ReadOnly;Initial Catalog={database}');
    expect(calls.find((c) => c.command === 'GetRandomPasswordCommand')!.input).toEqual({ PasswordLength: 32, ExcludeCharacters: '\'"' });
  });

  test('createSecret does nothing when the pending version exists (a retried step)', async () => {
    pendingExists = true;
    await run(step('createSecret'));
    expect(calls.map((c) => c.command)).not.toContain('PutSecretValueCommand');
  });

  test('setSecret runs the set-password document on every node and waits for each', async () => {
    invocationStatus = { 'i-1': ['InProgress', 'Success'], 'i-2': ['Success'] };
    expect(await run(step('setSecret'))).toBeUndefined();
    expect(calls.find((c) => c.command === 'SendCommandCommand')!.input).toMatchObject({ DocumentName: 'doc-set-password', InstanceIds: ['i-1', 'i-2'] });
    expect(calls.filter((c) => c.command === 'GetCommandInvocationCommand').map((c) => c.input.InstanceId)).toEqual(['i-1', 'i-2', 'i-1']);
  });

  test('setSecret fails, naming the node and its error, when any node fails: the secret stays on the login in use', async () => {
    invocationStatus = { 'i-1': ['Success'], 'i-2': ['Failed'] };
    const error = await run(step('setSecret'));
    expect(String(error)).toMatch(/setSecret failed on i-2: Failed Login failed for user halo_app_b/);
    expect(calls.map((c) => c.command)).not.toContain('UpdateSecretVersionStageCommand');
  });

  test('finishSecret moves AWSCURRENT to the new version', async () => {
    await run(step('finishSecret'));
    expect(calls.find((c) => c.command === 'UpdateSecretVersionStageCommand')!.input).toEqual({
      SecretId: 'arn:secret',
      VersionStage: 'AWSCURRENT',
      MoveToVersionId: 'v2',
      RemoveFromVersionId: 'v1',
    });
  });

  test('refuses a version that is not pending, and does nothing for one already current', async () => {
    stages = { v1: ['AWSCURRENT'], v2: [] };
    expect(String(await run(step('setSecret')))).toMatch(/is not AWSPENDING/);
    stages = { v2: ['AWSCURRENT'] };
    calls.length = 0;
    await run(step('finishSecret'));
    expect(calls.map((c) => c.command)).toEqual(['DescribeSecretCommand']);
  });
});
