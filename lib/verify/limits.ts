/**
 * The verifier's default limits, apart from the modules that apply them: `--help` (cli.ts) prints them without
 * loading the AWS SDK.
 */

/** How long a call may take and how often the SDK tries it. */
export interface CallLimits {
  /** Time to open a connection. @default 5000 ms */
  readonly connectionTimeoutMs?: number;
  /** Time a request may take once sent, answer included: a silent endpoint fails after it. @default 20000 ms */
  readonly requestTimeoutMs?: number;
  /** Attempts per call, the first included, by the SDK's adaptive retry strategy (throttling, timeouts, 5xx). @default 4 */
  readonly maxAttempts?: number;
}

/** The defaults of {@link CallLimits}. */
export const CALL_LIMITS: Required<CallLimits> = { connectionTimeoutMs: 5_000, requestTimeoutMs: 20_000, maxAttempts: 4 };

/** Pages one list call follows at most, unless told otherwise: beyond it the list is "not checked", never cut short silently. */
export const DEFAULT_MAX_PAGES = 200;

/** How long one check may take, all its calls and the SDK's retries included, unless told otherwise. */
export const DEFAULT_CHECK_TIMEOUT_MS = 180_000;
