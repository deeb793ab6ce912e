import { failureReason, ResourceFailure } from './errors';
import { Operation } from './operation';
import { StackStatus } from './stack-types';

/** Moves the stack to a status, with a stack event. */
export function setStatus(op: Operation, status: StackStatus, reason?: string): void {
  op.state.status = status;
  op.state.statusReason = reason;
  op.events.stack(status, reason);
}

/** How the stack status names the resource whose failure `failWhileInProgress` plays. */
export const OTHER_RESOURCE = '(another resource)';

/** A failure that ends the forward part of an operation: which resource, doing what, and why. */
export interface OperationFailure {
  /** The logical id (or `Outputs`). */
  readonly logicalId: string;
  /** `create`, `update` or `delete`. */
  readonly verb: string;
  /** The resource's failure reason. */
  readonly reason: string;
  /** For a resource CloudFormation cancelled: the other resource's failure that made it. */
  readonly trigger?: string;
}

/** The failure of a resource from the error its operation threw. */
export function failureOf(logicalId: string, verb: string, e: unknown): OperationFailure {
  return { logicalId, verb, reason: failureReason(e), trigger: e instanceof ResourceFailure ? e.trigger : undefined };
}

/** The stack status reason the driver reports for a failed operation: the failed resource and its reason. */
export function failureSummary(failure: OperationFailure): string {
  return `${failure.trigger ? `${failure.trigger}; ` : ''}${failure.logicalId} failed to ${failure.verb}: ${failure.reason}`;
}
