import type { CdkCustomResourceEvent } from 'aws-lambda';
import { CREATE_FAILED_MARKER, MAX_REASON_BYTES, MAX_RESPONSE_BYTES } from '../src/private/contract';

/** What ends a cut message. */
const CUT = ' [...]';

/**
 * The error aws-cdk-lib's entrypoint answers CloudFormation with: the message of `error` (its name first
 * when it says more than "Error"), cut so that the whole FAILED answer fits CloudFormation's 4,096 bytes
 * and the reason {@link MAX_REASON_BYTES}, and with `stack` set to that message, since the entrypoint
 * sends the stack (`includeStackTraces`), which would carry file paths and could be any length.
 */
export function boundedError(error: unknown, event: Pick<CdkCustomResourceEvent, 'StackId' | 'RequestId' | 'LogicalResourceId'> & { PhysicalResourceId?: string }): Error {
  const e = error as { name?: string; message?: string } | undefined;
  const text = e && typeof e.message === 'string'
    ? `${e.name && e.name !== 'Error' ? `${e.name}: ` : ''}${e.message}`
    : String(error);
  const message = cut(text, reasonBudget(event));
  const bounded = new Error(message);
  bounded.stack = message;
  return bounded;
}

/** The bytes left for the reason in the FAILED answer to `event`, at most {@link MAX_REASON_BYTES}. */
export function reasonBudget(event: Pick<CdkCustomResourceEvent, 'StackId' | 'RequestId' | 'LogicalResourceId'> & { PhysicalResourceId?: string }): number {
  const rest = jsonBytes({
    Status: 'FAILED',
    Reason: '',
    StackId: event.StackId,
    RequestId: event.RequestId,
    PhysicalResourceId: event.PhysicalResourceId || CREATE_FAILED_MARKER,
    LogicalResourceId: event.LogicalResourceId,
  });
  return Math.max(0, Math.min(MAX_REASON_BYTES, MAX_RESPONSE_BYTES - rest));
}

/** `text`, or its longest start that, with {@link CUT}, takes at most `budget` bytes as JSON text. */
export function cut(text: string, budget: number): string {
  const size = (s: string) => jsonBytes(s) - 2;
  if (size(text) <= budget) {
    return text;
  }
  const chars = [...text];
  let low = 0;
  let high = chars.length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (size(chars.slice(0, mid).join('') + CUT) <= budget) {
      low = mid;
    } else {
      high = mid - 1;
    }
  }
  return chars.slice(0, low).join('') + CUT;
}

function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value), 'utf8');
}
