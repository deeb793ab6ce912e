import { StackResult } from './stack-types';

/**
 * A deploy or destroy that did not end well: the stack rolled back, or could not be deleted. The
 * result tells what happened (status, events, custom resource calls).
 */
export class StackOperationError extends Error {
  /**
   * @param result the stack after the failed operation
   */
  constructor(readonly result: StackResult) {
    super(`Stack ${result.stackName} ended ${result.status}: ${result.statusReason ?? 'no reason given'}`);
    this.name = 'StackOperationError';
  }
}

/** A resource operation that failed; the reason goes into the resource's `*_FAILED` event. */
export class ResourceFailure extends Error {
  /**
   * @param reason the event's reason
   * @param physicalId the physical id the failed response carried, which a rollback's Delete gets
   * @param trigger for a resource CloudFormation cancelled: the other resource's failure that made it
   */
  constructor(readonly reason: string, readonly physicalId?: string, readonly trigger?: string) {
    super(reason);
    this.name = 'ResourceFailure';
  }
}

/** The reason to report for any error thrown while operating on a resource. */
export function failureReason(e: unknown): string {
  if (e instanceof ResourceFailure) return e.reason;
  if (e instanceof Error) return e.message;
  return String(e);
}
