import { CustomResourceRequest, CustomResourceResponse } from './custom-resource-request';

/** Stack statuses, as CloudFormation names them. */
export type StackStatus =
  | 'CREATE_IN_PROGRESS' | 'CREATE_COMPLETE' | 'CREATE_FAILED'
  | 'ROLLBACK_IN_PROGRESS' | 'ROLLBACK_COMPLETE' | 'ROLLBACK_FAILED'
  | 'UPDATE_IN_PROGRESS' | 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS' | 'UPDATE_COMPLETE'
  | 'UPDATE_ROLLBACK_IN_PROGRESS' | 'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS' | 'UPDATE_ROLLBACK_COMPLETE' | 'UPDATE_ROLLBACK_FAILED'
  | 'DELETE_IN_PROGRESS' | 'DELETE_COMPLETE' | 'DELETE_FAILED';

/** Resource statuses, as CloudFormation names them. */
export type ResourceStatus =
  | 'CREATE_IN_PROGRESS' | 'CREATE_COMPLETE' | 'CREATE_FAILED'
  | 'UPDATE_IN_PROGRESS' | 'UPDATE_COMPLETE' | 'UPDATE_FAILED'
  | 'DELETE_IN_PROGRESS' | 'DELETE_COMPLETE' | 'DELETE_FAILED' | 'DELETE_SKIPPED';

/** One stack event. Stack-level events have the stack name as logical id and `AWS::CloudFormation::Stack` as type. */
export interface StackEvent {
  /** When it happened, on the (virtual) clock. */
  readonly timestamp: Date;
  /** The stack. */
  readonly stackName: string;
  /** The resource's logical id, or the stack name. */
  readonly logicalId: string;
  /** The resource's physical id, when it has one. */
  readonly physicalId?: string;
  /** The resource type. */
  readonly resourceType: string;
  /** The new status. */
  readonly status: StackStatus | ResourceStatus;
  /** Why, for failures and some transitions. */
  readonly reason?: string;
}

/** A request sent to a custom resource and the response CloudFormation got. */
export interface CustomResourceCall {
  /** The resource's logical id. */
  readonly logicalId: string;
  /** The request, as the handler received it. */
  readonly request: CustomResourceRequest;
  /** The response; absent when none came before CloudFormation's timeout. */
  readonly response?: CustomResourceResponse;
  /** True when CloudFormation cancelled the request (another resource failed) before a response came. */
  readonly cancelled?: boolean;
  /** A response that came after CloudFormation stopped waiting (cancelled, or timed out), which it ignored. */
  readonly ignoredResponse?: CustomResourceResponse;
}

/** A deployed resource, as results show it. */
export interface ResourceSummary {
  /** The resource type. */
  readonly type: string;
  /** The physical id. */
  readonly physicalId: string;
  /** The properties it was deployed with, resolved. */
  readonly properties: Readonly<Record<string, unknown>>;
  /** Its attributes (for a custom resource: the response's `Data`). */
  readonly attributes: Readonly<Record<string, unknown>>;
}

/** The state of a stack after an operation, and what the operation did. */
export interface StackResult {
  /** The stack name. */
  readonly stackName: string;
  /** The stack ARN. */
  readonly stackId: string;
  /** The stack's status. */
  readonly status: StackStatus;
  /** Why the stack is in this status (the first failure, for failed operations). */
  readonly statusReason?: string;
  /** The stack's outputs, resolved, by name. */
  readonly outputs: Readonly<Record<string, string>>;
  /** The stack's resources, by logical id. */
  readonly resources: Readonly<Record<string, ResourceSummary>>;
  /** The events of this operation, oldest first. */
  readonly events: readonly StackEvent[];
  /** The custom resource requests of this operation, in the order they were sent. */
  readonly customResourceCalls: readonly CustomResourceCall[];
}
