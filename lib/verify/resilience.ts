/** Paging, retries with backoff on throttling, a bounded pool, and the errors that mean "could not check". */

const THROTTLING = new Set([
  'Throttling', 'ThrottlingException', 'ThrottledException', 'TooManyRequestsException', 'RequestLimitExceeded',
  'SlowDown', 'RequestThrottled', 'RequestThrottledException', 'ProvisionedThroughputExceededException', 'TooManyRequests',
]);

interface AwsError { name?: string; Code?: string; $metadata?: { httpStatusCode?: number }; message?: string }

const errorName = (error: unknown) => ((error as AwsError)?.name ?? (error as AwsError)?.Code ?? '');

/** Whether an SDK error is a throttling error worth retrying. */
export function isThrottling(error: unknown): boolean {
  return THROTTLING.has(errorName(error)) || (error as AwsError)?.$metadata?.httpStatusCode === 429;
}

/** How a client's calls are retried on throttling. */
export interface BackoffOptions {
  /** Attempts in all, the first included. @default 6 */
  readonly attempts?: number;
  /** Delay before the first retry; doubled each time, with full jitter. @default 250 ms */
  readonly baseDelayMs?: number;
  /** Waits; tests pass one that does not. @default setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Calls `fn`, retrying throttled calls with exponential backoff and full jitter. */
export async function withBackoff<T>(fn: () => Promise<T>, options: BackoffOptions = {}): Promise<T> {
  const attempts = options.attempts ?? 6;
  const base = options.baseDelayMs ?? 250;
  const sleep = options.sleep ?? realSleep;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      if (!isThrottling(error) || attempt >= attempts) throw error;
      await sleep(Math.random() * base * 2 ** (attempt - 1));
    }
  }
}

/**
 * The client with every `send` retried on throttling (on top of the SDK's own retries). It keeps the
 * client's prototype, so the SDK's paginators, which check the client's class, accept it.
 */
export function retryingClient<C extends { send: (...args: never[]) => Promise<unknown> }>(client: C, options: BackoffOptions = {}): C {
  const wrapped = Object.create(client) as C;
  wrapped.send = ((...args: never[]) => withBackoff(() => client.send(...args), options)) as C['send'];
  return wrapped;
}

/** Every item of every page an SDK paginator yields. */
export async function collect<P, T>(pages: AsyncIterable<P>, items: (page: P) => T[] | undefined): Promise<T[]> {
  const all: T[] = [];
  for await (const page of pages) all.push(...(items(page) ?? []));
  return all;
}

/** Maps items with at most `limit` calls in flight, keeping the order of the results. */
export async function mapPool<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Why the verifier could not check: the run exits 2 with this message. */
export class CouldNotCheck extends Error {
  constructor(public readonly kind: 'no-credentials' | 'access-denied' | 'region-not-enabled' | 'wrong-account' | 'unexpected', message: string) {
    super(message);
    this.name = 'CouldNotCheck';
  }
}

const ACCESS_DENIED = new Set(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation', 'AuthorizationError', 'UnauthorizedAccess', 'Forbidden']);
const NOT_ENABLED = new Set(['InvalidClientTokenId', 'UnrecognizedClientException', 'AuthFailure', 'OptInRequired']);

/** Turns an SDK error into the reason the verifier could not check, with how to fix it. */
export function couldNotCheck(error: unknown, region: string, action: string): CouldNotCheck {
  const name = errorName(error);
  if (error instanceof CouldNotCheck) return error;
  if (name === 'CredentialsProviderError' || /Could not load credentials|Unable to locate credentials/i.test((error as AwsError)?.message ?? '')) {
    return new CouldNotCheck('no-credentials', 'No AWS credentials: the default credential chain found none. Fix: set AWS_PROFILE (then `aws sso login`), or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or run where an instance or task role is available.');
  }
  if (ACCESS_DENIED.has(name) || (error as AwsError)?.$metadata?.httpStatusCode === 403) {
    return new CouldNotCheck('access-denied', `Access denied in ${region} for ${action}. Fix: give the verifying role read access (the AWS managed policies SecurityAudit and ViewOnlyAccess cover every call it makes).`);
  }
  if (NOT_ENABLED.has(name)) {
    return new CouldNotCheck('region-not-enabled', `The credentials are not accepted in ${region} (${name}): the region is probably not enabled for the account. Fix: enable it (Account settings, or \`aws account enable-region --region-name ${region}\`), or check the credentials.`);
  }
  return new CouldNotCheck('unexpected', `${action} failed in ${region}: ${name || 'error'}: ${(error as AwsError)?.message ?? String(error)}`);
}
