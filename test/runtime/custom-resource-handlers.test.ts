/**
 * The custom resources' Lambda handlers, run against mocked AWS SDK clients (the Lambda runtime provides the real ones)
 * and a mocked CloudFormation response URL.
 */
import { commands } from './sdk-commands';

type Call = { client: string; command: string; input: Record<string, unknown> };
const calls: Call[] = [];
let failWith: Record<string, string> = {};
let dataAccess: string[] = [];
let userExists = true;
let groupExists = true;

function fakeClient(client: string) {
  return class {
    async send(command: { name: string; input: Record<string, unknown> }) {
      calls.push({ client, command: command.name, input: command.input });
      const error = failWith[command.name];
      if (error) throw Object.assign(new Error(error), { name: error });
      if (command.name === 'DescribeDirectoryDataAccessCommand') return { DataAccessStatus: dataAccess.shift() ?? 'Enabled' };
      if (command.name === 'DescribeUserCommand' && !userExists) throw Object.assign(new Error('no user'), { name: 'ResourceNotFoundException' });
      if (command.name === 'DescribeGroupCommand' && !groupExists) throw Object.assign(new Error('no group'), { name: 'ResourceNotFoundException' });
      if (command.name === 'GetSecretValueCommand') return { SecretString: JSON.stringify({ username: 'prod-stable-setup', password: 'Pa55wordFromSecret' }) };
      if (command.name === 'UpdateDocumentCommand') return { DocumentDescription: { DocumentVersion: '7' } };
      return {};
    }
  };
}
jest.mock(
  '@aws-sdk/client-directory-service',
  () => ({
    DirectoryServiceClient: fakeClient('ds'),
    ...commands('ResetUserPasswordCommand', 'EnableDirectoryDataAccessCommand', 'DescribeDirectoryDataAccessCommand'),
  }),
  { virtual: true },
);
jest.mock(
  '@aws-sdk/client-directory-service-data',
  () => ({
    DirectoryServiceDataClient: fakeClient('ds-data'),
    ...commands(
      'CreateUserCommand',
      'DescribeUserCommand',
      'DeleteUserCommand',
      'AddGroupMemberCommand',
      'RemoveGroupMemberCommand',
      'DisableUserCommand',
      'CreateGroupCommand',
      'DescribeGroupCommand',
      'DeleteGroupCommand',
    ),
  }),
  { virtual: true },
);
jest.mock('@aws-sdk/client-secrets-manager', () => ({ SecretsManagerClient: fakeClient('secrets'), ...commands('GetSecretValueCommand') }), { virtual: true });
jest.mock(
  '@aws-sdk/client-ssm',
  () => ({ SSMClient: fakeClient('ssm'), ...commands('CreateDocumentCommand', 'UpdateDocumentCommand', 'UpdateDocumentDefaultVersionCommand') }),
  { virtual: true },
);

const responses: { url: string; body: Record<string, string> }[] = [];
jest.mock('https', () => ({
  request: (url: string, _options: unknown, callback: (res: { resume(): void; on(e: string, f: () => void): void }) => void) => ({
    on: () => undefined,
    end: (body: string) => {
      responses.push({ url, body: JSON.parse(body) });
      callback({ resume: () => undefined, on: (_e, f) => f() });
    },
  }),
}));

// eslint-disable-next-line @typescript-eslint/no-require-imports
const directoryAccount = require('../../lib/database/runtime/cell-directory-handler.js') as { handler(event: unknown): Promise<void> };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const sessionPreferences = require('../../lib/security/runtime/session-preferences-handler.js') as { handler(event: unknown): Promise<void> };

const event = (RequestType: string, ResourceProperties: Record<string, unknown>) => ({
  RequestType,
  ResourceProperties,
  ResponseURL: 'https://cloudformation-custom-resource-response/abc',
  StackId: 'stack',
  RequestId: 'req',
  LogicalResourceId: 'Grant',
});
const account = {
  DirectoryId: 'd-1234567890',
  UserName: 'prod-stable-setup',
  SecretArn: 'arn:aws:secretsmanager:eu-west-2:111122223333:secret:setup',
  Groups: ['AWS Delegated Server Administrators', 'prod-stable-sql-admins'],
};
const group = { DirectoryId: 'd-1234567890', GroupName: 'prod-stable-sql-admins', Action: 'group' };

beforeEach(() => {
  calls.length = 0;
  responses.length = 0;
  failWith = {};
  dataAccess = [];
  userExists = true;
  groupExists = true;
});

describe('the cell directory function: administrators group', () => {
  test("creates the cell's global security group when it is missing, after enabling data access", async () => {
    groupExists = false;
    await directoryAccount.handler(event('Create', group));
    expect(calls.map((c) => c.command)).toEqual([
      'EnableDirectoryDataAccessCommand',
      'DescribeDirectoryDataAccessCommand',
      'DescribeGroupCommand',
      'CreateGroupCommand',
    ]);
    expect(calls[3].input).toEqual({ DirectoryId: 'd-1234567890', SAMAccountName: 'prod-stable-sql-admins', GroupType: 'Security', GroupScope: 'Global' });
    expect(responses[0].body).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: 'd-1234567890/prod-stable-sql-admins/group' });
  });

  test('keeps an existing group, and deletes it with the cell', async () => {
    await directoryAccount.handler(event('Update', group));
    await directoryAccount.handler(event('Delete', group));
    expect(calls.map((c) => c.command)).toEqual([
      'EnableDirectoryDataAccessCommand',
      'DescribeDirectoryDataAccessCommand',
      'DescribeGroupCommand',
      'DeleteGroupCommand',
    ]);
  });
});

describe('the cell directory function: formation account', () => {
  test('grant: enables data access (waiting for it), creates the missing user, sets its password from the secret, adds it to the groups', async () => {
    userExists = false;
    dataAccess = ['Enabling', 'Enabled'];
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate'] });
    const done = directoryAccount.handler(event('Create', { ...account, Action: 'grant' }));
    await jest.advanceTimersByTimeAsync(10_000);
    await done;
    jest.useRealTimers();
    expect(calls.map((c) => c.command)).toEqual([
      'EnableDirectoryDataAccessCommand',
      'DescribeDirectoryDataAccessCommand',
      'DescribeDirectoryDataAccessCommand',
      'DescribeUserCommand',
      'CreateUserCommand',
      'GetSecretValueCommand',
      'ResetUserPasswordCommand',
      'AddGroupMemberCommand',
      'AddGroupMemberCommand',
    ]);
    expect(calls.find((c) => c.command === 'ResetUserPasswordCommand')!.input).toEqual({
      DirectoryId: 'd-1234567890',
      UserName: 'prod-stable-setup',
      NewPassword: 'Pa55wordFromSecret',
    });
    expect(calls.filter((c) => c.command === 'AddGroupMemberCommand').map((c) => c.input)).toEqual(
      ['AWS Delegated Server Administrators', 'prod-stable-sql-admins'].map((GroupName) => ({
        DirectoryId: 'd-1234567890',
        GroupName,
        MemberName: 'prod-stable-setup',
      })),
    );
    expect(responses).toEqual([
      {
        url: 'https://cloudformation-custom-resource-response/abc',
        body: expect.objectContaining({ Status: 'SUCCESS', PhysicalResourceId: 'd-1234567890/prod-stable-setup/grant' }),
      },
    ]);
  });

  test('grant is safe to run again: an existing user is kept, data access already on and membership already held are not errors', async () => {
    failWith = { EnableDirectoryDataAccessCommand: 'DirectoryInDesiredStateException', AddGroupMemberCommand: 'ConflictException' };
    await directoryAccount.handler(event('Update', { ...account, Action: 'grant' }));
    expect(calls.map((c) => c.command)).not.toContain('CreateUserCommand');
    expect(responses[0].body.Status).toBe('SUCCESS');
  });

  test('revoke: out of every group, then disabled', async () => {
    await directoryAccount.handler(event('Create', { ...account, Action: 'revoke' }));
    expect(calls.map((c) => c.command)).toEqual(['RemoveGroupMemberCommand', 'RemoveGroupMemberCommand', 'DisableUserCommand']);
    expect(responses[0].body.Status).toBe('SUCCESS');
  });

  test('delete: the grant takes the user with it; revocation has nothing to undo', async () => {
    await directoryAccount.handler(event('Delete', { ...account, Action: 'grant' }));
    await directoryAccount.handler(event('Delete', { ...account, Action: 'revoke' }));
    expect(calls.map((c) => c.command)).toEqual(['DeleteUserCommand']);
    expect(responses.map((r) => r.body.Status)).toEqual(['SUCCESS', 'SUCCESS']);
  });

  test('a failure answers CloudFormation FAILED with what failed and why', async () => {
    failWith = { ResetUserPasswordCommand: 'InvalidPasswordException' };
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
    await directoryAccount.handler(event('Create', { ...account, Action: 'grant' }));
    expect(responses[0].body).toMatchObject({
      Status: 'FAILED',
      Reason: 'grant of prod-stable-setup in d-1234567890: InvalidPasswordException: InvalidPasswordException',
    });
  });
});

describe('the Session Manager preferences function', () => {
  const preferences = { Name: 'SSM-SessionManagerRunShell', Content: '{"schemaVersion":"1.0"}' };

  test('updates the document the console created, and makes the new version the default', async () => {
    await sessionPreferences.handler(event('Create', preferences));
    expect(calls.map((c) => [c.command, c.input.DocumentVersion])).toEqual([
      ['UpdateDocumentCommand', '$LATEST'],
      ['UpdateDocumentDefaultVersionCommand', '7'],
    ]);
    expect(responses[0].body).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: 'SSM-SessionManagerRunShell' });
  });

  test('creates it where the account has none', async () => {
    failWith = { UpdateDocumentCommand: 'InvalidDocument' };
    await sessionPreferences.handler(event('Create', preferences));
    expect(calls.map((c) => c.command)).toEqual(['UpdateDocumentCommand', 'CreateDocumentCommand']);
    expect(calls[1].input).toMatchObject({ Name: 'SSM-SessionManagerRunShell', DocumentType: 'Session', DocumentFormat: 'JSON' });
  });

  test('unchanged content is not an error, and deleting the stack leaves the preferences in place', async () => {
    failWith = { UpdateDocumentCommand: 'DuplicateDocumentContent' };
    await sessionPreferences.handler(event('Update', preferences));
    await sessionPreferences.handler(event('Delete', preferences));
    expect(calls.map((c) => c.command)).toEqual(['UpdateDocumentCommand']);
    expect(responses.map((r) => r.body.Status)).toEqual(['SUCCESS', 'SUCCESS']);
  });
});
