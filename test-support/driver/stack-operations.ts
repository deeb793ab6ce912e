/**
 * CloudFormation's stack operations, one resource at a time in dependency order: create (rolled back on
 * the first failure), update (cleanup after the new template's resources, policies included, are in
 * place; rollback on failure), delete; and under them the operation on one resource, through its native
 * handler or its custom resource's `ServiceToken`, with the stack events `cdk deploy` prints.
 */
import { isDeepStrictEqual } from 'util';
import {
  buildRequest, CustomResourceOutcome, CustomResourceRequest, CustomResourceResponse, CustomResourceRunner,
  DEFAULT_SERVICE_TIMEOUT_SECONDS, RequestFaults,
} from './custom-resources';
import type { LambdaFunction } from './lambda';
import type { ResourceRequest, ResourceTypeHandler } from './resources';
import {
  AssetDirectories, dependsOnTransitively, generatedName, PseudoParameters, resolve, Resolver, Template, TemplateResource, topologicalOrder,
} from './template';

/** Stack statuses, as CloudFormation names them. */
export type StackStatus =
  | 'CREATE_IN_PROGRESS' | 'CREATE_COMPLETE' | 'CREATE_FAILED'
  | 'ROLLBACK_IN_PROGRESS' | 'ROLLBACK_COMPLETE' | 'ROLLBACK_FAILED'
  | 'UPDATE_IN_PROGRESS' | 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS' | 'UPDATE_COMPLETE'
  | 'UPDATE_ROLLBACK_IN_PROGRESS' | 'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS' | 'UPDATE_ROLLBACK_COMPLETE' | 'UPDATE_ROLLBACK_FAILED'
  | 'DELETE_IN_PROGRESS' | 'DELETE_COMPLETE' | 'DELETE_FAILED';

/** Resource statuses, as CloudFormation names them. */
export type ResourceStatus =
  | 'CREATE_IN_PROGRESS' | 'CREATE_COMPLETE' | 'CREATE_FAILED' | 'UPDATE_IN_PROGRESS' | 'UPDATE_COMPLETE' | 'UPDATE_FAILED'
  | 'DELETE_IN_PROGRESS' | 'DELETE_COMPLETE' | 'DELETE_FAILED' | 'DELETE_SKIPPED';

/** One stack event; a stack's own have the stack name as logical id and `AWS::CloudFormation::Stack` as type. */
export interface StackEvent {
  /** On the (virtual) clock. */
  readonly timestamp: Date;
  readonly stackName: string;
  readonly logicalId: string;
  readonly physicalId?: string;
  readonly resourceType: string;
  readonly status: StackStatus | ResourceStatus;
  readonly reason?: string;
}

/** A request sent to a custom resource and what came of it. */
export interface CustomResourceCall {
  readonly logicalId: string;
  readonly request: CustomResourceRequest;
  /** Absent when none came before CloudFormation stopped waiting. */
  readonly response?: CustomResourceResponse;
  /** CloudFormation cancelled the request (another resource failed) before a response came. */
  readonly cancelled?: boolean;
  /** A response that came after CloudFormation stopped waiting (cancelled, or timed out), which it ignored. */
  readonly ignoredResponse?: CustomResourceResponse;
}

/** A stack after an operation, and what the operation did. */
export interface StackResult {
  readonly stackName: string;
  readonly stackId: string;
  readonly status: StackStatus;
  /** The first failure, for failed operations. */
  readonly statusReason?: string;
  readonly outputs: Readonly<Record<string, string>>;
  /** By logical id; `properties` resolved, `attributes` a custom resource's `Data`. */
  readonly resources: Readonly<Record<string, {
    readonly type: string;
    readonly physicalId: string;
    readonly properties: Readonly<Record<string, unknown>>;
    readonly attributes: Readonly<Record<string, unknown>>;
  }>>;
  /** This operation's, oldest first. */
  readonly events: readonly StackEvent[];
  /** This operation's, in the order they were sent. */
  readonly customResourceCalls: readonly CustomResourceCall[];
}

/** Another resource's failure, played while a custom resource is created: see `LocalCloudFormationOptions.failWhileInProgress`. */
export interface FailWhileInProgress {
  /** The custom resource whose Create starts the count. */
  readonly logicalId: string;
  /** How long (virtual ms) after that Create was sent the other resource fails. */
  readonly afterMs: number;
  /** The other resource's failure, in the stack status. */
  readonly reason?: string;
  /**
   * How long (virtual ms) after that Create was sent its invocation starts (a cold start, or an invocation
   * queued behind others): longer than `afterMs`, the rollback's Delete overtakes the Create. @default 0
   */
  readonly startDelayMs?: number;
}

/** A custom resource's answer that S3 refuses: see `LocalCloudFormationOptions.loseResponse`. */
export interface LoseResponse {
  /** The custom resource whose first Create's answer is lost. */
  readonly logicalId: string;
  /** How many PUTs fail, from the first. @default 6: aws-cdk-lib's entrypoint's first PUT and its 5 retries */
  readonly failedPuts?: number;
}

/** A resource as the stack has it. Never changed in place: the record from before an update is what its rollback returns to. */
export interface DeployedResource {
  readonly logicalId: string;
  readonly type: string;
  /** Whether CloudFormation hands it to a `ServiceToken`. */
  readonly custom: boolean;
  readonly physicalId: string;
  /** Resolved, as last deployed (or last attempted). */
  readonly properties: Readonly<Record<string, unknown>>;
  readonly attributes: Readonly<Record<string, unknown>>;
  /** For a Lambda function: how to run it. */
  readonly function?: LambdaFunction;
  /** Its template entry (policies, metadata, dependencies). */
  readonly definition: TemplateResource;
}

/** What a deploy brings a stack to. */
export interface DeployTarget {
  readonly template: Template;
  readonly parameters: Readonly<Record<string, unknown>>;
  readonly assets: AssetDirectories;
}

/** A stack as the driver keeps it between operations. */
export interface StackState extends DeployTarget {
  readonly pseudo: PseudoParameters;
  status: StackStatus;
  statusReason?: string;
  /** The template, parameters and assets the stack is at (the old ones after a rollback). */
  template: Template;
  parameters: Readonly<Record<string, unknown>>;
  assets: AssetDirectories;
  readonly resources: Map<string, DeployedResource>;
  /** Each logical id's latest status and when it was reached, deleted ones included (what `DescribeStackResource` answers). */
  readonly resourceStatuses: Map<string, { readonly type: string; readonly status: ResourceStatus; readonly at: Date; readonly physicalId?: string }>;
  outputs: Record<string, string>;
}

/** A resource operation that failed: the reason of its `*_FAILED` event. */
class ResourceFailure extends Error {
  /**
   * @param physicalId the physical id the failed response carried, which the rollback's Delete gets
   * @param trigger for a request CloudFormation cancelled: the other resource's failure that made it
   */
  constructor(readonly reason: string, readonly physicalId?: string, readonly trigger?: string) {
    super(reason);
  }
}

function reasonOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** A failure that ends the forward part of an operation. */
interface OperationFailure {
  readonly logicalId: string;
  readonly verb: string;
  readonly reason: string;
  readonly trigger?: string;
}

/** The stack status reason for a failed operation: the failed resource and its reason. */
function summaryOf(failure: OperationFailure): string {
  return `${failure.trigger ? `${failure.trigger}; ` : ''}${failure.logicalId} failed to ${failure.verb}: ${failure.reason}`;
}

function failureOf(logicalId: string, verb: string, e: unknown): OperationFailure {
  return { logicalId, verb, reason: reasonOf(e), trigger: e instanceof ResourceFailure ? e.trigger : undefined };
}

/** How the stack status names the resource whose failure `failWhileInProgress` plays. */
const OTHER_RESOURCE = '(another resource)';
const DEFAULT_OTHER_FAILURE = 'Another resource failed to create (local driver: failWhileInProgress)';

/**
 * One stack operation (deploy or destroy) in progress: creates, updates and deletes single resources,
 * keeps the stack's records current, records the events and custom resource calls. Each method emits
 * the resource's `*_IN_PROGRESS` event, then its `*_COMPLETE` or `*_FAILED`; failures are thrown.
 */
export class Operation {
  readonly events: StackEvent[] = [];
  readonly calls: CustomResourceCall[] = [];
  /** When (epoch ms, virtual) another resource fails, once the `failWhileInProgress` resource's Create was sent. */
  private failAt?: number;

  constructor(
    readonly state: StackState,
    private readonly handlerFor: (type: string) => ResourceTypeHandler,
    private readonly runner: CustomResourceRunner,
    private readonly print: (line: string) => void,
    private readonly failWhileInProgress?: FailWhileInProgress,
    private loseResponse?: LoseResponse,
  ) {}

  /** Moves the stack to a status, with a stack event. */
  setStatus(status: StackStatus, reason?: string): void {
    this.state.status = status;
    this.state.statusReason = reason;
    this.event(this.state.pseudo.stackName, 'AWS::CloudFormation::Stack', status, { reason });
  }

  /** Resolves against this stack: `Ref` and `Fn::GetAtt` read its resources as they are now (updated ones answer their new values). */
  resolver(target: DeployTarget): Resolver {
    const resources = target.template.Resources ?? {};
    const { state } = this;
    const get = (id: string, fn: string) => {
      const r = state.resources.get(id);
      if (!r || !(id in resources)) throw new Error(`Template error: resource ${id} is not available to ${fn} (Unresolved resource dependency)`);
      return r;
    };
    return {
      pseudo: state.pseudo,
      parameters: target.parameters,
      ref: (id) => get(id, 'Ref').physicalId,
      getAtt: (id, attribute) => {
        const r = get(id, 'Fn::GetAtt');
        if (Object.prototype.hasOwnProperty.call(r.attributes, attribute)) return r.attributes[attribute];
        throw new Error(r.custom
          ? `CustomResource attribute error: Vendor response doesn't contain ${attribute} key in object ${state.pseudo.stackId}|${id}|${r.physicalId}`
          : `Template error: resource ${id} does not support attribute type ${attribute} in Fn::GetAtt`);
      },
    };
  }

  /** The stack's outputs, resolved. */
  outputs(target: DeployTarget): Record<string, string> {
    const r = this.resolver(target);
    return Object.fromEntries(Object.entries(target.template.Outputs ?? {}).map(([name, o]) => {
      const value = resolve(o.Value, r);
      return [name, Array.isArray(value) ? value.join(',') : String(value)];
    }));
  }

  /** Creates a resource and records it; a custom resource that failed with a physical id is recorded anyway, for the rollback's Delete. */
  async create(logicalId: string, target: DeployTarget): Promise<void> {
    const definition = target.template.Resources![logicalId];
    this.resourceEvent(logicalId, definition, 'CREATE_IN_PROGRESS');
    let properties: Record<string, unknown> | undefined;
    try {
      properties = resolve(definition.Properties ?? {}, this.resolver(target)) as Record<string, unknown>;
      const resource = await this.createPhysical(logicalId, definition, properties, target.assets);
      this.state.resources.set(logicalId, resource);
      this.resourceEvent(logicalId, definition, 'CREATE_COMPLETE', { physicalId: resource.physicalId });
    } catch (e) {
      const physicalId = e instanceof ResourceFailure ? e.physicalId : undefined;
      if (physicalId !== undefined && properties) this.state.resources.set(logicalId, record(logicalId, definition, physicalId, properties, {}));
      this.resourceEvent(logicalId, definition, 'CREATE_FAILED', { physicalId, reason: reasonOf(e) });
      throw e;
    }
  }

  /**
   * Brings a resource to its definition in `target`. Nothing is called when the resolved properties did
   * not change. A custom resource gets an Update (a new physical id in the answer is a replacement); a
   * native one is replaced when one of its replacement properties changed, else updated in place. A
   * custom resource whose Update failed keeps its physical id but takes the attempted properties: the
   * rollback then sends an Update back, from them to the old ones.
   *
   * @returns whether it was replaced; `undefined` when nothing changed
   */
  async update(current: DeployedResource, definition: TemplateResource, target: DeployTarget): Promise<{ replaced: boolean } | undefined> {
    const { logicalId } = current;
    let properties: Record<string, unknown>;
    try {
      properties = resolve(definition.Properties ?? {}, this.resolver(target)) as Record<string, unknown>;
    } catch (e) {
      this.resourceEvent(logicalId, definition, 'UPDATE_IN_PROGRESS');
      this.resourceEvent(logicalId, definition, 'UPDATE_FAILED', { physicalId: current.physicalId, reason: reasonOf(e) });
      throw e;
    }
    if (isDeepStrictEqual(properties, current.properties)) {
      // Policies or metadata may have changed: CloudFormation takes them without touching the resource.
      if (current.definition !== definition) this.state.resources.set(logicalId, { ...current, definition });
      return undefined;
    }
    this.resourceEvent(logicalId, definition, 'UPDATE_IN_PROGRESS');
    const handler = this.handlerFor(current.type);
    try {
      let resource: DeployedResource;
      let replaced = false;
      if (current.custom) {
        const outcome = await this.send(logicalId, buildRequest({
          requestType: 'Update', pseudo: this.state.pseudo, logicalId, resourceType: current.type, properties, oldProperties: current.properties, physicalId: current.physicalId,
        }), properties);
        if (!outcome.ok) throw new ResourceFailure(outcome.reason);
        resource = record(logicalId, definition, outcome.physicalId, properties, outcome.data);
        replaced = outcome.physicalId !== current.physicalId;
      } else if (handler.replacementProperties?.some((name) => !isDeepStrictEqual(current.properties[name], properties[name]))) {
        this.resourceEvent(logicalId, definition, 'UPDATE_IN_PROGRESS', { reason: 'Requested update requires the creation of a new physical resource; hence creating one.' });
        resource = await this.createPhysical(logicalId, definition, properties, target.assets);
        replaced = true;
      } else {
        const request = { ...this.nativeRequest(current, properties), oldProperties: current.properties, metadata: definition.Metadata };
        const answer = await handler.update?.({ ...request, assets: target.assets });
        const attributes = answer?.attributes ?? current.attributes;
        resource = { ...record(logicalId, definition, current.physicalId, properties, attributes), function: answer?.function ?? current.function };
      }
      this.state.resources.set(logicalId, resource);
      this.resourceEvent(logicalId, definition, 'UPDATE_COMPLETE', { physicalId: resource.physicalId });
      return { replaced };
    } catch (e) {
      if (current.custom) this.state.resources.set(logicalId, { ...current, properties, definition });
      this.resourceEvent(logicalId, definition, 'UPDATE_FAILED', { physicalId: current.physicalId, reason: reasonOf(e) });
      throw e;
    }
  }

  /** Puts an earlier record back without calling anything: a rollback returning to a replaced native resource. */
  restore(previous: DeployedResource): void {
    this.resourceEvent(previous.logicalId, previous.definition, 'UPDATE_IN_PROGRESS');
    this.state.resources.set(previous.logicalId, previous);
    this.resourceEvent(previous.logicalId, previous.definition, 'UPDATE_COMPLETE', { physicalId: previous.physicalId });
  }

  /** Deletes one physical resource; the stack's record goes only when it is the current one of its logical id (not for a replaced one). */
  async delete(resource: DeployedResource, assets: AssetDirectories): Promise<void> {
    const { logicalId, definition, physicalId } = resource;
    this.resourceEvent(logicalId, definition, 'DELETE_IN_PROGRESS', { physicalId });
    try {
      if (resource.custom) {
        const outcome = await this.send(logicalId, buildRequest({
          requestType: 'Delete', pseudo: this.state.pseudo, logicalId, resourceType: resource.type, properties: resource.properties, physicalId,
        }), resource.properties);
        if (!outcome.ok) throw new ResourceFailure(outcome.reason);
      } else {
        await this.handlerFor(resource.type).delete?.({ ...this.nativeRequest(resource, resource.properties), assets });
      }
    } catch (e) {
      this.resourceEvent(logicalId, definition, 'DELETE_FAILED', { physicalId, reason: reasonOf(e) });
      throw e;
    }
    this.forget(resource);
    this.resourceEvent(logicalId, definition, 'DELETE_COMPLETE', { physicalId });
  }

  /** Leaves a physical resource in place (a Retain policy) and stops tracking it. */
  skipDelete(resource: DeployedResource): void {
    this.forget(resource);
    this.resourceEvent(resource.logicalId, resource.definition, 'DELETE_SKIPPED', { physicalId: resource.physicalId });
  }

  /**
   * Waits until the failure of the other resource `failWhileInProgress` plays, when the resource it is
   * timed from answered first: CloudFormation rolls back all the same. `undefined` when none is to come.
   */
  async otherResourceFailure(): Promise<string | undefined> {
    if (this.failAt === undefined) return undefined;
    await this.runner.scheduler.idle(this.runner.scheduler.delay(this.failAt - Date.now()).promise);
    return this.failWhileInProgress?.reason ?? DEFAULT_OTHER_FAILURE;
  }

  /** Waits until the invocations CloudFormation stopped waiting for (cancelled, timed out) have finished. */
  settle(): Promise<void> {
    return this.runner.settle();
  }

  private forget(resource: DeployedResource): void {
    if (this.state.resources.get(resource.logicalId) === resource) this.state.resources.delete(resource.logicalId);
  }

  private async createPhysical(
    logicalId: string, definition: TemplateResource, properties: Record<string, unknown>, assets: AssetDirectories,
  ): Promise<DeployedResource> {
    if (!isCustomResourceType(definition.Type)) {
      const request = { logicalId, type: definition.Type, properties, metadata: definition.Metadata, stack: this.state.pseudo, assets };
      const answer = await this.handlerFor(definition.Type).create(request);
      return { ...record(logicalId, definition, answer.physicalId, properties, answer.attributes ?? {}), function: answer.function };
    }
    if (typeof properties.ServiceToken !== 'string' || properties.ServiceToken === '') throw new ResourceFailure('Properties validation failed: ServiceToken is required');
    const failing = this.failWhileInProgress;
    if (failing?.logicalId === logicalId) this.failAt ??= Date.now() + failing.afterMs;
    const request = buildRequest({ requestType: 'Create', pseudo: this.state.pseudo, logicalId, resourceType: definition.Type, properties });
    const startDelayMs = failing?.logicalId === logicalId ? failing.startDelayMs : undefined;
    const lose = this.loseResponse?.logicalId === logicalId ? this.loseResponse : undefined;
    if (lose) this.loseResponse = undefined;
    const failedResponsePuts = lose ? lose.failedPuts ?? 6 : undefined;
    const outcome = await this.send(logicalId, request, properties, this.failAt, { startDelayMs, failedResponsePuts });
    if (!outcome.ok) {
      // CloudFormation sends the rollback's Delete even without a physical id (no response, a cancelled
      // request): it makes one up. Its format is not documented; this one is its style of generated names.
      const physicalId = outcome.physicalId ?? (outcome.delivered === false ? undefined : generatedName(this.state.pseudo.stackName, logicalId));
      throw new ResourceFailure(outcome.reason, physicalId, outcome.cancelled ? failing?.reason ?? DEFAULT_OTHER_FAILURE : undefined);
    }
    return record(logicalId, definition, outcome.physicalId, properties, outcome.data);
  }

  private async send(
    logicalId: string, request: CustomResourceRequest, properties: Readonly<Record<string, unknown>>, cancelAt?: number, faults?: RequestFaults,
  ): Promise<CustomResourceOutcome> {
    const timeout = Number(properties.ServiceTimeout ?? DEFAULT_SERVICE_TIMEOUT_SECONDS);
    let index = -1;
    const outcome = await this.runner.run(request, Number.isFinite(timeout) && timeout > 0 ? timeout : DEFAULT_SERVICE_TIMEOUT_SECONDS, cancelAt,
      // Comes later, in the background (see settle).
      (ignoredResponse) => { this.calls[index] = { ...this.calls[index], ignoredResponse }; }, faults);
    index = this.calls.push({ logicalId, request, response: outcome.response, ...(!outcome.ok && outcome.cancelled ? { cancelled: true } : {}) }) - 1;
    return outcome;
  }

  private nativeRequest(resource: DeployedResource, properties: Readonly<Record<string, unknown>>): ResourceRequest {
    return {
      logicalId: resource.logicalId,
      type: resource.type,
      properties,
      physicalId: resource.physicalId,
      attributes: resource.attributes,
      metadata: resource.definition.Metadata,
      stack: this.state.pseudo,
      assets: this.state.assets,
    };
  }

  private resourceEvent(logicalId: string, definition: TemplateResource, status: ResourceStatus, details: EventDetails = {}): void {
    // `Cert/Resource (CertResource1A2B3C)`: the construct path without the stack, and the logical id.
    const cdkPath = definition.Metadata?.['aws:cdk:path'];
    const display = typeof cdkPath === 'string' ? `${cdkPath.split('/').slice(1).join('/') || cdkPath} (${logicalId})` : logicalId;
    const previous = this.state.resourceStatuses.get(logicalId);
    const physicalId = details.physicalId ?? previous?.physicalId;
    this.state.resourceStatuses.set(logicalId, { type: definition.Type, status, at: new Date(), physicalId });
    this.event(logicalId, definition.Type, status, details, display);
  }

  /** Records an event and prints it as `cdk deploy` does (times from the virtual clock, UTC). */
  private event(logicalId: string, resourceType: string, status: StackStatus | ResourceStatus, details: EventDetails, display = logicalId): void {
    const stackName = this.state.pseudo.stackName;
    const event: StackEvent = { timestamp: new Date(), stackName, logicalId, resourceType, status, ...details };
    this.events.push(event);
    const reason = event.reason ? ` ${event.reason}` : '';
    this.print(`${stackName} | ${event.timestamp.toISOString().slice(11, 19)} | ${status.padEnd(30)} | ${resourceType.padEnd(36)} | ${display}${reason}`);
  }
}

type EventDetails = { readonly physicalId?: string; readonly reason?: string };

function isCustomResourceType(type: string): boolean {
  return type.startsWith('Custom::') || type === 'AWS::CloudFormation::CustomResource';
}

function record(
  logicalId: string, definition: TemplateResource, physicalId: string, properties: DeployedResource['properties'], attributes: DeployedResource['attributes'],
): DeployedResource {
  return { logicalId, type: definition.Type, custom: isCustomResourceType(definition.Type), physicalId, properties, attributes, definition };
}

/** Why a resource is deleted: decides whether a Retain policy keeps it. */
type DeletionCause = 'stack-delete' | 'create-rollback' | 'removed' | 'replaced' | 'update-rollback';

interface Deletion {
  readonly resource: DeployedResource;
  readonly cause: DeletionCause;
  /** The assets of the template the resource came from. */
  readonly assets: AssetDirectories;
}

/**
 * Deletes in the given order (dependants first). `DeletionPolicy: Retain` keeps a resource whenever it
 * would be deleted; `RetainExceptOnCreate` lets rollbacks delete what the failed operation made;
 * `UpdateReplacePolicy` decides for the old resource of a replacement. A resource that failed to delete
 * stays, and so do those it depends on; the others are still deleted.
 *
 * @returns the deletions that failed, with the reasons
 */
async function deleteInOrder(
  op: Operation, deletions: readonly Deletion[], resources: Readonly<Record<string, TemplateResource>>,
): Promise<Array<Deletion & { reason: string }>> {
  const failed: Array<Deletion & { reason: string }> = [];
  for (const deletion of deletions) {
    const { resource, cause } = deletion;
    if (failed.some((f) => dependsOnTransitively(resources, f.resource.logicalId, resource.logicalId))) continue;
    const policy = cause === 'replaced' ? resource.definition.UpdateReplacePolicy : resource.definition.DeletionPolicy;
    if (policy === 'Retain' || (policy === 'RetainExceptOnCreate' && cause !== 'create-rollback' && cause !== 'update-rollback')) {
      op.skipDelete(resource);
      continue;
    }
    try {
      await op.delete(resource, deletion.assets);
    } catch (e) {
      failed.push({ ...deletion, reason: reasonOf(e) });
    }
  }
  return failed;
}

/**
 * Creates a stack: every resource, dependencies first, then the outputs. On the first failure it rolls
 * back: what was created is deleted in reverse order — the failed resource too when its failed response
 * carried a physical id, and a cancelled one (with a made-up id) — ending `ROLLBACK_COMPLETE` (or
 * `ROLLBACK_FAILED` when a delete fails).
 */
export async function createStack(op: Operation, target: DeployTarget): Promise<void> {
  const { state } = op;
  const resources = target.template.Resources ?? {};
  op.setStatus('CREATE_IN_PROGRESS', 'User Initiated');
  const created: string[] = [];
  let failure: OperationFailure | undefined;
  try {
    for (const id of topologicalOrder(resources, Object.keys(resources))) {
      try {
        await op.create(id, target);
      } catch (e) {
        failure = failureOf(id, 'create', e);
        throw e;
      } finally {
        if (state.resources.has(id)) created.push(id);
      }
    }
    const other = await op.otherResourceFailure();
    if (other !== undefined) {
      failure = { logicalId: OTHER_RESOURCE, verb: 'create', reason: other };
      throw new Error(other);
    }
    try {
      state.outputs = op.outputs(target);
    } catch (e) {
      failure = failureOf('Outputs', 'create', e);
      throw e;
    }
  } catch (e) {
    failure ??= failureOf(state.pseudo.stackName, 'create', e);
    op.setStatus('ROLLBACK_IN_PROGRESS', `The following resource(s) failed to create: [${failure.logicalId}]. Rollback requested by user.`);
    const deletions = created.reverse().map((id) => state.resources.get(id)).filter((r) => r !== undefined)
      .map((resource): Deletion => ({ resource, cause: 'create-rollback', assets: target.assets }));
    const failed = await deleteInOrder(op, deletions, resources);
    op.setStatus(failed.length > 0 ? 'ROLLBACK_FAILED' : 'ROLLBACK_COMPLETE',
      summaryOf(failure) + failed.map((f) => `; rolling back, ${f.resource.logicalId} failed to delete: ${f.reason}`).join(''));
    return;
  }
  op.setStatus('CREATE_COMPLETE');
}

/** What the forward part of an update did, which the cleanup or the rollback undoes. */
interface UpdateProgress {
  /** The records from before the update. */
  readonly before: ReadonlyMap<string, DeployedResource>;
  /** Resources the update sent an update to (whether or not it succeeded). */
  readonly touched: Set<string>;
  /** Resources the update created, in creation order. */
  readonly created: string[];
  /** Old records of resources the update replaced. */
  readonly replaced: DeployedResource[];
}

/**
 * Updates a stack as CloudFormation does: in dependency order, creates new resources and updates (or
 * replaces) changed ones; once all that succeeded, the cleanup deletes the old physical resources of replacements
 * and the resources the template no longer has (dependants first; a failed cleanup delete does not fail
 * the update). On a failure the update rolls back: what it updated gets an Update back to the old
 * template, then the rollback cleanup deletes what the update created and the physical resources it
 * (or the rollback) abandoned; the stack ends `UPDATE_ROLLBACK_COMPLETE` at the old template, or
 * `UPDATE_ROLLBACK_FAILED`.
 */
export async function updateStack(op: Operation, target: DeployTarget): Promise<void> {
  const { state } = op;
  const old: DeployTarget = { template: state.template, parameters: state.parameters, assets: state.assets };
  const progress: UpdateProgress = { before: new Map(state.resources), touched: new Set(), created: [], replaced: [] };
  op.setStatus('UPDATE_IN_PROGRESS', 'User Initiated');
  const failure = await forward(op, target, progress);
  if (failure) {
    await rollback(op, old, target, progress, failure);
    return;
  }
  Object.assign(state, target);
  op.setStatus('UPDATE_COMPLETE_CLEANUP_IN_PROGRESS');
  const kept = new Set(Object.keys(target.template.Resources ?? {}));
  const byId = new Map<string, Deletion>();
  for (const resource of progress.replaced) byId.set(resource.logicalId, { resource, cause: 'replaced', assets: old.assets });
  for (const resource of progress.before.values()) {
    if (!kept.has(resource.logicalId)) byId.set(resource.logicalId, { resource: state.resources.get(resource.logicalId) ?? resource, cause: 'removed', assets: old.assets });
  }
  const oldResources = old.template.Resources ?? {};
  const order = topologicalOrder(oldResources, [...byId.keys()].filter((id) => id in oldResources)).reverse();
  await deleteInOrder(op, order.map((id) => byId.get(id)!), oldResources);
  // A removed resource whose delete failed is no longer the stack's (CloudFormation leaves it behind).
  for (const id of [...state.resources.keys()]) if (!kept.has(id)) state.resources.delete(id);
  op.setStatus('UPDATE_COMPLETE');
}

async function forward(op: Operation, target: DeployTarget, progress: UpdateProgress): Promise<OperationFailure | undefined> {
  const { state } = op;
  const resources = target.template.Resources ?? {};
  for (const id of topologicalOrder(resources, Object.keys(resources))) {
    const current = state.resources.get(id);
    try {
      if (!current) {
        try {
          await op.create(id, target);
        } finally {
          if (state.resources.has(id)) progress.created.push(id);
        }
      } else {
        progress.touched.add(id);
        if ((await op.update(current, resources[id], target))?.replaced) progress.replaced.push(current);
      }
    } catch (e) {
      return failureOf(id, current ? 'update' : 'create', e);
    }
  }
  const other = await op.otherResourceFailure();
  if (other !== undefined) return { logicalId: OTHER_RESOURCE, verb: 'update', reason: other };
  try {
    state.outputs = op.outputs(target);
  } catch (e) {
    return failureOf('Outputs', 'update', e);
  }
  return undefined;
}

async function rollback(op: Operation, old: DeployTarget, target: DeployTarget, progress: UpdateProgress, failure: OperationFailure): Promise<void> {
  const { state } = op;
  const oldResources = old.template.Resources ?? {};
  op.setStatus('UPDATE_ROLLBACK_IN_PROGRESS', `The following resource(s) failed to ${failure.verb}: [${failure.logicalId}].`);
  const abandoned: DeployedResource[] = [];
  try {
    for (const id of topologicalOrder(oldResources, [...progress.before.keys()])) {
      const previous = progress.before.get(id)!;
      const current = state.resources.get(id);
      if (!current || !progress.touched.has(id)) {
        if (current && current.definition !== previous.definition) state.resources.set(id, { ...current, definition: previous.definition });
        continue;
      }
      if (!current.custom && current.physicalId !== previous.physicalId) {
        // The old physical resource is still there: the stack just points back at it.
        op.restore(previous);
        abandoned.push(current);
        continue;
      }
      // A custom resource that answers another physical id to the rollback's Update abandons the one the
      // failed update gave it (the handler returns to the old one; the new one is cleaned up).
      if ((await op.update(current, previous.definition, old))?.replaced) abandoned.push(current);
    }
  } catch (e) {
    op.setStatus('UPDATE_ROLLBACK_FAILED', `${summaryOf(failure)}; rolling back: ${reasonOf(e)}`);
    return;
  }
  op.setStatus('UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS');
  const newResources = target.template.Resources ?? {};
  const created = topologicalOrder(newResources, progress.created.filter((id) => id in newResources)).reverse()
    .map((id) => state.resources.get(id)).filter((r) => r !== undefined);
  const deletions = [...created, ...abandoned].map((resource): Deletion => ({ resource, cause: 'update-rollback', assets: target.assets }));
  await deleteInOrder(op, deletions, { ...oldResources, ...newResources });
  // A created resource whose delete failed is no longer the stack's (CloudFormation leaves it behind).
  for (const id of progress.created) state.resources.delete(id);
  op.setStatus('UPDATE_ROLLBACK_COMPLETE', summaryOf(failure));
}

/**
 * Deletes a stack: its resources in reverse dependency order, Retain policies honoured. A failed delete
 * leaves that resource, and what it depends on, in the stack, which ends `DELETE_FAILED`; deleting again
 * retries them.
 */
export async function deleteStack(op: Operation): Promise<void> {
  const { state } = op;
  const resources = state.template.Resources ?? {};
  op.setStatus('DELETE_IN_PROGRESS', 'User Initiated');
  const ids = [...state.resources.keys()];
  const order = [...topologicalOrder(resources, ids.filter((id) => id in resources)).reverse(), ...ids.filter((id) => !(id in resources))];
  const failed = await deleteInOrder(op, order.map((id): Deletion => ({ resource: state.resources.get(id)!, cause: 'stack-delete', assets: state.assets })), resources);
  if (failed.length > 0) {
    op.setStatus('DELETE_FAILED', failed.map((f) => `${f.resource.logicalId} failed to delete: ${f.reason}`).join('; '));
    return;
  }
  state.outputs = {};
  op.setStatus('DELETE_COMPLETE');
}
