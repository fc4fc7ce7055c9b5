/**
 * One AWS call of the verifier: sent once (retries are the SDK client's own, see clients.ts), and on failure an
 * error that names the call, the resource and why the verifier could not read it.
 */

/** Why something could not be checked; `npm run verify` reports it as "not checked" and exits 2 if nothing failed. */
export type NotCheckedKind =
  | 'no-credentials'
  | 'expired-credentials'
  | 'invalid-credentials'
  | 'wrong-account'
  | 'access-denied'
  | 'region-not-enabled'
  | 'timeout'
  | 'unreachable'
  | 'throttled'
  | 'missing-data'
  | 'too-many-pages'
  | 'repeated-token'
  | 'unexpected';

/** The verifier could not read what a check needs: the check, or the resource, is "not checked" with this message. */
export class NotChecked extends Error {
  constructor(
    public readonly kind: NotCheckedKind,
    message: string,
  ) {
    super(message);
    this.name = 'NotChecked';
  }
}

/** An AWS call that failed: `code` is the service's error name (some mean "not configured", which checks judge). */
export class CallFailed extends NotChecked {
  constructor(
    kind: NotCheckedKind,
    message: string,
    public readonly action: string,
    public readonly code: string,
    public readonly resource?: string,
  ) {
    super(kind, message);
    this.name = 'CallFailed';
  }
}

/** A client as the verifier uses it: `send`, and its service id and region to name a failed call. */
export interface AwsClient {
  send(command: never): Promise<unknown>;
  readonly config: { readonly serviceId?: string; readonly region?: string | (() => Promise<string>) };
}

/** An SDK command instance; its output type is read from the handler its middleware resolves to. */
export interface AwsCommand {
  readonly input: object;
  resolveMiddleware(...args: never[]): (...args: never[]) => Promise<{ output: unknown }>;
}
/** The output of an SDK command. */
export type OutputOf<C> = C extends { resolveMiddleware(...args: never[]): (...args: never[]) => Promise<{ output: infer O }> } ? O : never;

/** IAM's service prefix for each SDK service id. */
const IAM_PREFIX: Record<string, string> = {
  S3: 's3',
  RDS: 'rds',
  KMS: 'kms',
  GuardDuty: 'guardduty',
  SecurityHub: 'securityhub',
  CloudTrail: 'cloudtrail',
  Backup: 'backup',
  EC2: 'ec2',
  'Config Service': 'config',
  SSM: 'ssm',
  STS: 'sts',
};
/** S3 API operations whose IAM action has another name (Service Authorization Reference, Amazon S3 actions). */
const S3_IAM_ACTION: Record<string, string> = {
  ListBuckets: 'ListAllMyBuckets',
  GetBucketEncryption: 'GetEncryptionConfiguration',
  GetPublicAccessBlock: 'GetBucketPublicAccessBlock',
  GetObjectLockConfiguration: 'GetBucketObjectLockConfiguration',
};
/** Input fields that name the resource a call reads, in the order they are looked for. */
const RESOURCE_FIELDS = ['Bucket', 'KeyId', 'DBSnapshotIdentifier', 'DBClusterSnapshotIdentifier', 'BackupVaultName', 'DetectorId', 'Name', 'VolumeIds'];

/** The IAM action of a command, from the command's own class name, e.g. `kms:DescribeKey`, `s3:GetEncryptionConfiguration (GetBucketEncryption)`. */
export function actionOf(client: AwsClient, command: AwsCommand): string {
  const operation = command.constructor.name.replace(/Command$/, '');
  const service = client.config.serviceId ?? 'unknown';
  const prefix = IAM_PREFIX[service] ?? service.toLowerCase().replace(/\s+/g, '');
  const iam = prefix === 's3' ? S3_IAM_ACTION[operation] : undefined;
  return iam ? `${prefix}:${iam} (${operation})` : `${prefix}:${operation}`;
}

function resourceOf(command: AwsCommand): string | undefined {
  const input = command.input as Record<string, unknown>;
  const field = RESOURCE_FIELDS.find((f) => input[f] !== undefined);
  return field === undefined ? undefined : `${field === 'Bucket' ? 'bucket ' : ''}${([] as unknown[]).concat(input[field]).join(', ')}`;
}

interface SdkError {
  name?: string;
  Code?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number; attempts?: number };
}

const ACCESS_DENIED = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation',
  'AuthorizationError',
  'UnauthorizedAccess',
  'Forbidden',
  'InsufficientPrivilegesException',
]);
const NOT_ENABLED = new Set(['InvalidClientTokenId', 'UnrecognizedClientException', 'AuthFailure', 'OptInRequired']);
const EXPIRED = new Set(['ExpiredToken', 'ExpiredTokenException', 'RequestExpired', 'TokenRefreshRequired']);
const THROTTLING = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'SlowDown',
  'RequestThrottled',
  'RequestThrottledException',
  'ProvisionedThroughputExceededException',
  'TooManyRequests',
]);
const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'ECONNRESET', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE']);

/** The credential problems: the same text whichever call met them, so the run prints each once. */
export const NO_CREDENTIALS =
  'No AWS credentials: the default credential chain found none. Fix: set AWS_PROFILE (then `aws sso login`), or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or run where an instance or task role is available.';

/** Why a call failed, as a {@link CallFailed} naming the call, the resource, the region and how to fix it. */
export function callFailed(error: unknown, action: string, region: string, resource?: string): CallFailed {
  const e = (error ?? {}) as SdkError;
  const code = e.name ?? e.Code ?? 'Error';
  const on = resource ? ` on ${resource}` : '';
  const attempts = e.$metadata?.attempts ? ` after ${e.$metadata.attempts} attempt(s)` : '';
  const failed = (kind: NotCheckedKind, message: string) => new CallFailed(kind, message, action, code, resource);
  if (code === 'CredentialsProviderError' || /Could not load credentials|Unable to locate credentials/i.test(e.message ?? ''))
    return failed('no-credentials', NO_CREDENTIALS);
  if (EXPIRED.has(code))
    return failed('expired-credentials', `The AWS credentials have expired (${code}). Fix: sign in again (\`aws sso login\`) or refresh them, then rerun.`);
  if (code === 'SignatureDoesNotMatch')
    return failed(
      'invalid-credentials',
      "AWS rejected the credentials' signature (SignatureDoesNotMatch): the secret access key is wrong. Fix: check AWS_SECRET_ACCESS_KEY or the profile.",
    );
  if (ACCESS_DENIED.has(code) || e.$metadata?.httpStatusCode === 403) {
    return failed(
      'access-denied',
      `${action} denied${on} in ${region} (${code}). Fix: allow ${action.split(' ')[0]} to the verifying role (AWS's SecurityAudit and ViewOnlyAccess managed policies cover the verifier's calls), or the resource's policy.`,
    );
  }
  if (NOT_ENABLED.has(code)) {
    return failed(
      'region-not-enabled',
      `The credentials are not accepted in ${region} (${code}): the region is probably not enabled for the account. Fix: enable it (Account settings, or \`aws account enable-region --region-name ${region}\`), or check the credentials.`,
    );
  }
  if (code === 'TimeoutError' || e.code === 'ETIMEDOUT')
    return failed('timeout', `${action}${on} in ${region} did not answer in time${attempts} (${e.message ?? code}).`);
  if (THROTTLING.has(code) || e.$metadata?.httpStatusCode === 429)
    return failed('throttled', `${action}${on} in ${region} was still throttled${attempts} (${code}).`);
  if (UNREACHABLE.has(e.code ?? '') || UNREACHABLE.has(code))
    return failed('unreachable', `${action} in ${region} could not reach AWS (${e.code ?? code}): check the network or proxy.`);
  return failed('unexpected', `${action}${on} in ${region} failed: ${code}: ${e.message ?? String(error)}`);
}

async function regionOf(client: AwsClient): Promise<string> {
  const region = client.config.region;
  try {
    return typeof region === 'function' ? await region() : (region ?? 'an unknown region');
  } catch {
    return 'an unknown region';
  }
}

/** Sends one command; any failure becomes a {@link CallFailed} that names the call (e.g. `kms:DescribeKey denied on …`). */
export async function send<C extends AwsCommand>(client: AwsClient, command: C): Promise<OutputOf<C>> {
  try {
    return (await client.send(command as never)) as OutputOf<C>;
  } catch (error) {
    // Already a reason (e.g. the check's deadline refusing the call): kept as it is.
    if (error instanceof NotChecked) throw error;
    throw callFailed(error, actionOf(client, command), await regionOf(client), resourceOf(command));
  }
}

/** The answer's `field`; an answer without it (e.g. `{}`) read nothing, so what needs it is not checked. */
export function required<O, K extends keyof O>(answer: O, field: K, action: string): NonNullable<O[K]> {
  const value = answer?.[field];
  if (value === undefined || value === null) throw new NotChecked('missing-data', `the answer of ${action} had no ${String(field)}: nothing was read`);
  return value;
}

/** Sends one command and returns the field it must answer with (see {@link required}). */
export async function read<C extends AwsCommand, K extends keyof OutputOf<C>>(client: AwsClient, command: C, field: K): Promise<NonNullable<OutputOf<C>[K]>> {
  return required(await send(client, command), field, actionOf(client, command));
}

/** The reason an error gives for not checking: a {@link NotChecked} as is, anything else as one line (never a stack trace). */
export function notCheckedOf(error: unknown): NotChecked {
  if (error instanceof NotChecked) return error;
  const e = error as SdkError;
  return new NotChecked('unexpected', `unexpected error: ${e?.name ?? 'Error'}: ${e?.message ?? String(error)}`);
}
