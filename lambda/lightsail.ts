import {
  CertificateSummary,
  CreateCertificateCommand,
  DeleteCertificateCommand,
  GetCertificatesCommand,
  LightsailClient,
  Tag,
  TagResourceCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-lightsail';
import { HandlerDeps, hasTimeFor } from './deps';
import type { TagChanges } from './tags';

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
export async function withRetries<T>(deps: HandlerDeps, call: () => Promise<T>): Promise<T> {
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
export function backoff(deps: HandlerDeps, attempt: number, base = BASE_DELAY_MS, max = Number.POSITIVE_INFINITY): number {
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

/**
 * Whether an error says the certificate does not exist. Lightsail says so with `NotFoundException`;
 * like Terraform, a message that contains `DoesNotExist` counts too.
 */
export function isNotFound(error: unknown): boolean {
  const e = error as { name?: string; message?: string } | undefined;
  return e?.name === 'NotFoundException' || (e?.message ?? '').includes('DoesNotExist');
}

/**
 * Whether `DeleteCertificate` refused because the certificate is still attached. The API reference
 * documents no error for it, so any input or operation error whose message says the certificate is
 * in use counts.
 */
export function isInUse(error: unknown): boolean {
  const e = error as { name?: string; message?: string } | undefined;
  return ['InvalidInputException', 'OperationFailureException', 'ResourceInUseException'].includes(e?.name ?? '')
    && /in[ -]?use|attached|being used|associated/i.test(e?.message ?? '');
}

/**
 * The certificate with this name, with its details (domains, status, validation records, in-use count,
 * tags), or `undefined` when there is none. A missing name can come back as an empty list or as an error.
 */
export async function findCertificate(deps: HandlerDeps, client: LightsailClient, certificateName: string): Promise<CertificateSummary | undefined> {
  try {
    const result = await withRetries(deps, () => client.send(new GetCertificatesCommand({ certificateName, includeCertificateDetails: true })));
    return (result.certificates ?? []).find((c) => (c.certificateName ?? c.certificateDetail?.name) === certificateName);
  } catch (error) {
    if (isNotFound(error)) {
      return undefined;
    }
    throw error;
  }
}

/** Requests a certificate. */
export async function createCertificate(
  deps: HandlerDeps,
  client: LightsailClient,
  request: { certificateName: string; domainName: string; subjectAlternativeNames: string[]; tags: Tag[] },
): Promise<void> {
  await withRetries(deps, () => client.send(new CreateCertificateCommand({
    ...request,
    subjectAlternativeNames: request.subjectAlternativeNames.length > 0 ? request.subjectAlternativeNames : undefined,
    tags: request.tags.length > 0 ? request.tags : undefined,
  })));
}

/** Deletes a certificate; one that is already gone counts as deleted. In-use refusals are thrown. */
export async function deleteCertificate(deps: HandlerDeps, client: LightsailClient, certificateName: string): Promise<void> {
  try {
    await withRetries(deps, () => client.send(new DeleteCertificateCommand({ certificateName })));
  } catch (error) {
    if (!isNotFound(error)) {
      throw error;
    }
  }
}

/** Applies tag changes to a certificate, calling only what has something to do. */
export async function applyTagChanges(deps: HandlerDeps, client: LightsailClient, resourceName: string, changes: TagChanges): Promise<void> {
  if (changes.remove.length > 0) {
    await withRetries(deps, () => client.send(new UntagResourceCommand({ resourceName, tagKeys: changes.remove })));
  }
  if (changes.set.length > 0) {
    await withRetries(deps, () => client.send(new TagResourceCommand({ resourceName, tags: changes.set })));
  }
}
