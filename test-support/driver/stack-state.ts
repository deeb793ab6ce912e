import { AssetCatalog } from './asset-catalog';
import { PseudoParameters } from './pseudo-parameters';
import { CustomResourceCall, ResourceSummary, StackEvent, StackResult, StackStatus } from './stack-types';
import { Template, TemplateResource } from './template';

/**
 * A resource as the driver keeps it. Records are never changed in place: an update puts a new record
 * in the stack, so the record from before an update is a snapshot the rollback can return to.
 */
export interface DeployedResource {
  /** The logical id. */
  readonly logicalId: string;
  /** The resource type. */
  readonly type: string;
  /** Whether CloudFormation treats it as a custom resource. */
  readonly custom: boolean;
  /** The physical id. */
  readonly physicalId: string;
  /** The resolved properties it was last deployed (or last attempted) with. */
  readonly properties: Readonly<Record<string, unknown>>;
  /** Its attributes (a custom resource's `Data`). */
  readonly attributes: Readonly<Record<string, unknown>>;
  /** What `Ref` returns, when not the physical id. */
  readonly ref?: unknown;
  /** What the native handler asked to keep. */
  readonly internal?: unknown;
  /** Its template entry (policies, metadata, dependencies). */
  readonly definition: TemplateResource;
}

/** What a deploy brings the stack to. */
export interface DeployTarget {
  /** The new template. */
  readonly template: Template;
  /** Its parameter values. */
  readonly parameters: Record<string, unknown>;
  /** Its assets. */
  readonly assets: AssetCatalog;
}

/** A stack as the driver keeps it between operations. */
export interface StackState {
  /** The pseudo parameters; the stack id is minted once. */
  readonly pseudo: PseudoParameters;
  /** The stack's status. */
  status: StackStatus;
  /** Why. */
  statusReason?: string;
  /** The template the stack is at (the old one after a rollback). */
  template: Template;
  /** The parameter values the stack is at. */
  parameters: Record<string, unknown>;
  /** The assets of the template the stack is at. */
  assets: AssetCatalog;
  /** The resources, by logical id. */
  readonly resources: Map<string, DeployedResource>;
  /** The resolved outputs. */
  outputs: Record<string, string>;
  /** Export name → value. */
  exports: Record<string, string>;
  /** Export names (of other stacks) this stack imports. */
  imports: Set<string>;
}

/** Builds the result the caller sees from the state and one operation's records. */
export function stackResult(state: StackState, events: readonly StackEvent[], calls: readonly CustomResourceCall[]): StackResult {
  const resources: Record<string, ResourceSummary> = {};
  for (const r of state.resources.values()) {
    resources[r.logicalId] = { type: r.type, physicalId: r.physicalId, properties: r.properties, attributes: r.attributes };
  }
  return {
    stackName: state.pseudo.stackName,
    stackId: state.pseudo.stackId,
    status: state.status,
    statusReason: state.statusReason,
    outputs: { ...state.outputs },
    resources,
    events: [...events],
    customResourceCalls: [...calls],
  };
}
