import { DEADLINE_KEY } from '../src/private/contract';

/** What onEvent hands to isComplete: when the wait must give up, in epoch milliseconds. */
export type WaitData = { [DEADLINE_KEY]?: number | string };

/**
 * The deadline onEvent set. Values that travel through CloudFormation become strings, so both forms
 * are read. Without one, there is no deadline of our own and the Provider's total timeout bounds the wait.
 */
export function deadlineOf(event: { Data?: WaitData }): number {
  const deadline = Number(event.Data?.[DEADLINE_KEY]);
  return Number.isFinite(deadline) ? deadline : Number.POSITIVE_INFINITY;
}
