import { HandlerDeps, hasTimeFor } from './deps';

/**
 * The retry policy of every call the handler makes, to any service: which errors pass, how long to wait
 * between attempts, and when to stop (the invocation's time, see `HandlerDeps.stopBy`). Like the
 * `withRetries(options, fn)` of aws-cdk-lib's custom resource entrypoint, it knows nothing of the calls.
 */

/** What the retries need of the handler's dependencies: the clock, sleeping, jitter and the time to stop by. */
export type RetryOptions = Pick<HandlerDeps, 'now' | 'sleep' | 'random' | 'stopBy'>;

/** How often a call that failed for a passing reason is tried in all, time permitting. */
const ATTEMPTS = 4;
/** The first wait between attempts; it doubles each time. */
const BASE_DELAY_MS = 1_000;

/**
 * Errors worth another try. The SDK's own retry already covers throttling, server errors and dropped
 * connections, but it gives up after three attempts, which a busy or flaky moment outlasts; and a new
 * region answers `RegionSetupInProgressException` for a while, which the SDK does not retry at all.
 */
const RETRYABLE = new Set([
  'RegionSetupInProgressException',
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  // The service's own fault (HTTP 500), the only fault the Lightsail model declares.
  'ServiceException',
  'InternalFailure',
  'ServiceUnavailable',
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
  // Route 53: a change to a zone whose previous change is still being applied.
  'PriorRequestNotComplete',
]);

/** Node.js codes of a connection that failed or was dropped before an answer came. */
const CONNECTION_ERRORS = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);

/**
 * Runs `call`, trying again with exponential backoff and jitter when it fails for a reason that passes
 * (see {@link isRetryable}), as long as the next attempt still fits in the invocation's time: the
 * handler, not Lambda's timeout, has the last word. Every other error is thrown as it is.
 */
export async function withRetries<T>(deps: RetryOptions, call: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const delay = backoff(deps, attempt);
      if (attempt >= ATTEMPTS || !isRetryable(error) || !hasTimeFor(deps, delay)) {
        throw error;
      }
      await deps.sleep(delay);
    }
  }
}

/**
 * The wait before attempt `attempt + 1`: `base * 2^(attempt-1)`, capped at `max`, of which the upper
 * half is random so that many certificates of one stack do not retry in step.
 */
export function backoff(deps: Pick<HandlerDeps, 'random'>, attempt: number, base = BASE_DELAY_MS, max = Number.POSITIVE_INFINITY): number {
  const delay = Math.min(max, base * 2 ** (attempt - 1));
  return Math.round(delay / 2 + (deps.random() * delay) / 2);
}

/**
 * Whether an error passes: throttling, the service's own faults (5xx) and connections that failed.
 * Retrying a call that may have been applied is safe here: a repeated CreateCertificate finds the
 * certificate it made (owner tag), a repeated DeleteCertificate finds nothing, and tagging is idempotent.
 */
function isRetryable(error: unknown): boolean {
  const e = error as {
    name?: string;
    code?: string;
    $fault?: string;
    $retryable?: { throttling?: boolean };
    $metadata?: { httpStatusCode?: number };
  } | undefined;
  if (e === undefined || e === null) {
    return false;
  }
  return RETRYABLE.has(e.name ?? '')
    || e.$retryable !== undefined
    || e.$fault === 'server'
    || (e.$metadata?.httpStatusCode ?? 0) >= 500
    || CONNECTION_ERRORS.has(e.code ?? '');
}
