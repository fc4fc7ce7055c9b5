import { createServer, IncomingMessage, Server, ServerResponse } from 'http';
import { AddressInfo } from 'net';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { CallFailed, send } from '../../lib/verify/aws-call';
import { clientConfig } from '../../lib/verify/clients';

// Real SDK clients (no mock: the retry and timeout middleware run) against a local endpoint that misbehaves.
let server: Server;
let requests = 0;
let answer: (n: number, res: ServerResponse) => void;
beforeAll(async () => {
  server = createServer((_req: IncomingMessage, res: ServerResponse) => answer(++requests, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  requests = 0;
});

const THROTTLED =
  '<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>r</RequestId></ErrorResponse>';
const IDENTITY =
  '<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>arn:aws:iam::111122223333:user/v</Arn><UserId>U</UserId><Account>111122223333</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></GetCallerIdentityResponse>';
const xml = (res: ServerResponse, status: number, body: string) => res.writeHead(status, { 'content-type': 'text/xml' }).end(body);

/** The verifier's client configuration, pointed at the local endpoint; the key pair is a placeholder the endpoint never checks. */
const sts = (limits: Parameters<typeof clientConfig>[1]) =>
  new STSClient({
    ...clientConfig('eu-west-2', limits),
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    credentials: { accessKeyId: 'placeholder', secretAccessKey: 'placeholder' },
  });

describe('the SDK clients as the verifier configures them', () => {
  test('a silent endpoint fails each attempt at the request timeout, and the call is reported as timed out', async () => {
    answer = () => undefined;
    const started = Date.now();
    const failure = await send(sts({ requestTimeoutMs: 300, connectionTimeoutMs: 300, maxAttempts: 2 }), new GetCallerIdentityCommand({})).catch(
      (e: unknown) => e,
    );
    expect(failure).toBeInstanceOf(CallFailed);
    expect(failure).toMatchObject({
      kind: 'timeout',
      code: 'TimeoutError',
      action: 'sts:GetCallerIdentity',
      message: expect.stringMatching(/^sts:GetCallerIdentity in eu-west-2 did not answer in time after 2 attempt\(s\)/),
    });
    expect(requests).toBe(2);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  test('a throttled call is retried by the SDK, once configured, and then answers', async () => {
    answer = (n, res) => (n === 1 ? xml(res, 400, THROTTLED) : xml(res, 200, IDENTITY));
    const identity = await send(sts({ maxAttempts: 2 }), new GetCallerIdentityCommand({}));
    expect([identity.Account, identity.$metadata.attempts, requests]).toEqual(['111122223333', 2, 2]);
  });

  test("with attempts used up, the throttling is reported with the SDK's attempt count", async () => {
    answer = (_n, res) => xml(res, 400, THROTTLED);
    const failure = await send(sts({ maxAttempts: 1 }), new GetCallerIdentityCommand({})).catch((e: unknown) => e);
    expect(failure).toMatchObject({ kind: 'throttled', message: 'sts:GetCallerIdentity in eu-west-2 was still throttled after 1 attempt(s) (Throttling).' });
    expect(requests).toBe(1);
  });
});
