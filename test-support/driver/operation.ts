import { isDeepStrictEqual } from 'util';
import { AssetCatalog } from './asset-catalog';
import { buildRequest, CustomResourceRequest } from './custom-resource-request';
import { CustomResourceOutcome, CustomResourceRunner, DEFAULT_SERVICE_TIMEOUT_SECONDS } from './custom-resource-runner';
import { failureReason, ResourceFailure } from './errors';
import { EventLog, EventSubject } from './event-log';
import { FailWhileInProgress } from './options';
import { generatedName } from './physical-ids';
import { ResourceRequest } from './resource-handler';
import { ResourceRegistry } from './resource-types/registry';
import { DeployedResource, StackState } from './stack-state';
import { CustomResourceCall } from './stack-types';
import { constructPath, isCustomResourceType, TemplateResource } from './template';
import { TemplateScope } from './template-scope';

/** What an operation needs from the driver. */
export interface DriverServices {
  /** Native resource handlers. */
  readonly registry: ResourceRegistry;
  /** Sends custom resource requests. */
  readonly runner: CustomResourceRunner;
  /** Another resource's failure to play while a custom resource is created. */
  readonly failWhileInProgress?: FailWhileInProgress;
  /** Resolves `Fn::ImportValue` for a stack (and records the import). */
  importValue(importer: StackState, name: string): unknown;
}

/** The other resource's failure that {@link FailWhileInProgress} plays, unless its `reason` says otherwise. */
const DEFAULT_FAILURE = 'Another resource failed to create (local driver: failWhileInProgress)';

/** How an update of one resource went. */
export interface UpdateOutcome {
  /** The resource's new record. */
  readonly resource: DeployedResource;
  /** Whether it has a new physical id (the old record then needs a cleanup delete). */
  readonly replaced: boolean;
}

/**
 * One stack operation (deploy or destroy) in progress: it creates, updates and deletes single
 * resources — through their native handler or their custom resource's `ServiceToken` — keeps the
 * stack's records current, and records the events and custom resource calls.
 *
 * Each method emits the resource's `*_IN_PROGRESS` event and then its `*_COMPLETE` or `*_FAILED`
 * event; failures are thrown as {@link ResourceFailure}.
 */
export class Operation {
  /** The operation's events. */
  readonly events: EventLog;
  /** The operation's custom resource calls. */
  readonly calls: CustomResourceCall[] = [];
  /** When (epoch ms, virtual) another resource fails, once the {@link FailWhileInProgress} resource's Create was sent. */
  private failAt?: number;

  /**
   * @param state the stack
   * @param services the driver
   * @param print where event lines go
   */
  constructor(readonly state: StackState, private readonly services: DriverServices, print: (line: string) => void) {
    this.events = new EventLog(state.pseudo.stackName, print);
  }

  /** A scope to resolve `template` against this stack. */
  scope(template: StackState['template'], parameters: Record<string, unknown>): TemplateScope {
    return new TemplateScope(this.state, template, parameters, this.services.registry, (name) => this.services.importValue(this.state, name));
  }

  /**
   * Creates a resource and records it. A custom resource that fails with a physical id is recorded
   * anyway, so that the rollback sends it a Delete.
   */
  async create(logicalId: string, definition: TemplateResource, scope: TemplateScope, assets: AssetCatalog): Promise<DeployedResource> {
    const subject = subjectOf(logicalId, definition);
    this.events.resource(subject, 'CREATE_IN_PROGRESS');
    let properties: Record<string, unknown> | undefined;
    try {
      properties = scope.properties(definition);
      const resource = await this.createPhysical(logicalId, definition, properties, assets);
      this.state.resources.set(logicalId, resource);
      this.events.resource(subject, 'CREATE_COMPLETE', { physicalId: resource.physicalId });
      return resource;
    } catch (e) {
      const physicalId = e instanceof ResourceFailure ? e.physicalId : undefined;
      if (physicalId !== undefined && properties) {
        this.state.resources.set(logicalId, record(logicalId, definition, physicalId, properties, {}));
      }
      this.events.resource(subject, 'CREATE_FAILED', { physicalId, reason: failureReason(e) });
      throw asFailure(e);
    }
  }

  /**
   * Brings a resource to its definition in `scope`'s template. Nothing is called, and no event is
   * emitted, when the resolved properties did not change. Otherwise: an Update request for a custom
   * resource (a new physical id in the answer is a replacement), a replacement for a native resource
   * whose replacement property changed, an in-place update otherwise.
   *
   * When a custom resource's Update fails, its record keeps the physical id but takes the attempted
   * properties: the rollback then sends an Update back, from them to the old ones.
   *
   * @returns how it went, or `undefined` when nothing changed
   */
  async update(
    current: DeployedResource, definition: TemplateResource, scope: TemplateScope, assets: AssetCatalog,
  ): Promise<UpdateOutcome | undefined> {
    const subject = subjectOf(current.logicalId, definition);
    let properties: Record<string, unknown>;
    try {
      properties = scope.properties(definition);
    } catch (e) {
      this.events.resource(subject, 'UPDATE_IN_PROGRESS');
      this.events.resource(subject, 'UPDATE_FAILED', { physicalId: current.physicalId, reason: failureReason(e) });
      throw asFailure(e);
    }
    if (isDeepStrictEqual(properties, current.properties)) {
      // Policies or metadata may have changed; CloudFormation takes them without touching the resource.
      if (current.definition !== definition) this.state.resources.set(current.logicalId, { ...current, definition });
      return undefined;
    }
    this.events.resource(subject, 'UPDATE_IN_PROGRESS');
    let requestSent = false;
    try {
      let outcome: UpdateOutcome;
      if (current.custom) {
        requestSent = String(properties.ServiceToken) === String(current.properties.ServiceToken);
        outcome = await this.updateCustom(current, definition, properties);
      } else if (this.needsReplacement(current, properties)) {
        this.events.resource(subject, 'UPDATE_IN_PROGRESS', { reason: 'Requested update requires the creation of a new physical resource; hence creating one.' });
        outcome = { resource: await this.createPhysical(current.logicalId, definition, properties, assets), replaced: true };
      } else {
        outcome = { resource: await this.updateNative(current, definition, properties, assets), replaced: false };
      }
      this.state.resources.set(current.logicalId, outcome.resource);
      this.events.resource(subject, 'UPDATE_COMPLETE', { physicalId: outcome.resource.physicalId });
      return outcome;
    } catch (e) {
      if (requestSent) this.state.resources.set(current.logicalId, { ...current, properties, definition });
      this.events.resource(subject, 'UPDATE_FAILED', { physicalId: current.physicalId, reason: failureReason(e) });
      throw asFailure(e);
    }
  }

  /** Puts an earlier record back without calling anything (a rollback returning to a replaced native resource). */
  restore(previous: DeployedResource): void {
    const subject = subjectOf(previous.logicalId, previous.definition);
    this.events.resource(subject, 'UPDATE_IN_PROGRESS');
    this.state.resources.set(previous.logicalId, previous);
    this.events.resource(subject, 'UPDATE_COMPLETE', { physicalId: previous.physicalId });
  }

  /**
   * Deletes one physical resource. The stack's record is removed only when `resource` is the current
   * record of its logical id (a cleanup delete of a replaced resource leaves the new record alone).
   */
  async delete(resource: DeployedResource, assets: AssetCatalog): Promise<void> {
    const subject = subjectOf(resource.logicalId, resource.definition);
    this.events.resource(subject, 'DELETE_IN_PROGRESS', { physicalId: resource.physicalId });
    try {
      if (resource.custom) {
        const outcome = await this.send(resource.logicalId, buildRequest({
          requestType: 'Delete',
          pseudo: this.state.pseudo,
          logicalId: resource.logicalId,
          resourceType: resource.type,
          properties: { ...resource.properties },
          physicalId: resource.physicalId,
        }), resource.properties);
        if (!outcome.ok) throw new ResourceFailure(outcome.reason);
      } else {
        await this.services.registry.handlerFor(resource.type).delete?.(this.nativeRequest(resource, resource.properties, assets));
      }
    } catch (e) {
      this.events.resource(subject, 'DELETE_FAILED', { physicalId: resource.physicalId, reason: failureReason(e) });
      throw asFailure(e);
    }
    this.forget(resource);
    this.events.resource(subject, 'DELETE_COMPLETE', { physicalId: resource.physicalId });
  }

  /** Leaves a physical resource in place (a Retain policy) and stops tracking it. */
  skipDelete(resource: DeployedResource): void {
    this.forget(resource);
    this.events.resource(subjectOf(resource.logicalId, resource.definition), 'DELETE_SKIPPED', { physicalId: resource.physicalId });
  }

  private forget(resource: DeployedResource): void {
    if (this.state.resources.get(resource.logicalId) === resource) this.state.resources.delete(resource.logicalId);
  }

  private async createPhysical(
    logicalId: string, definition: TemplateResource, properties: Record<string, unknown>, assets: AssetCatalog,
  ): Promise<DeployedResource> {
    if (isCustomResourceType(definition.Type)) {
      const request = buildRequest({
        requestType: 'Create',
        pseudo: this.state.pseudo,
        logicalId,
        resourceType: definition.Type,
        properties: requireServiceToken(properties),
      });
      const failing = this.services.failWhileInProgress;
      if (failing?.logicalId === logicalId) this.failAt ??= Date.now() + failing.afterMs;
      const outcome = await this.send(logicalId, request, properties, this.failAt);
      if (!outcome.ok) {
        // CloudFormation sends the rollback's Delete even when the failed response had no physical id (or
        // there was no response, or it cancelled the request): it makes one up. Its format is not
        // documented; this one is CloudFormation's style of generated names.
        const physicalId = outcome.physicalId ?? (outcome.delivered === false ? undefined : generatedName(this.state.pseudo.stackName, logicalId));
        throw new ResourceFailure(outcome.reason, physicalId, outcome.cancelled ? failing?.reason ?? DEFAULT_FAILURE : undefined);
      }
      return record(logicalId, definition, outcome.physicalId, properties, outcome.data);
    }
    const handler = this.services.registry.handlerFor(definition.Type);
    const answer = await handler.create({ ...this.baseRequest(logicalId, definition, assets), properties });
    return { ...record(logicalId, definition, answer.physicalId, properties, answer.attributes ?? {}), ref: answer.ref, internal: answer.internal };
  }

  private async updateCustom(current: DeployedResource, definition: TemplateResource, properties: Record<string, unknown>): Promise<UpdateOutcome> {
    if (String(properties.ServiceToken) !== String(current.properties.ServiceToken)) {
      throw new ResourceFailure('Modifying service token is not allowed.');
    }
    const outcome = await this.send(current.logicalId, buildRequest({
      requestType: 'Update',
      pseudo: this.state.pseudo,
      logicalId: current.logicalId,
      resourceType: current.type,
      properties,
      oldProperties: { ...current.properties },
      physicalId: current.physicalId,
    }), properties);
    if (!outcome.ok) throw new ResourceFailure(outcome.reason);
    const resource = record(current.logicalId, definition, outcome.physicalId, properties, outcome.data);
    return { resource, replaced: outcome.physicalId !== current.physicalId };
  }

  private async updateNative(
    current: DeployedResource, definition: TemplateResource, properties: Record<string, unknown>, assets: AssetCatalog,
  ): Promise<DeployedResource> {
    const handler = this.services.registry.handlerFor(current.type);
    const request: ResourceRequest = {
      ...this.nativeRequest(current, properties, assets),
      metadata: definition.Metadata,
      oldProperties: current.properties,
    };
    const answer = handler.update
      ? await handler.update(request)
      : { physicalId: current.physicalId, attributes: current.attributes, ref: current.ref, internal: current.internal };
    return {
      ...record(current.logicalId, definition, current.physicalId, properties, answer.attributes ?? current.attributes),
      ref: answer.ref ?? current.ref,
      internal: answer.internal ?? current.internal,
    };
  }

  private needsReplacement(current: DeployedResource, properties: Record<string, unknown>): boolean {
    const names = this.services.registry.handlerFor(current.type).replacementProperties ?? [];
    return names.some((name) => JSON.stringify(current.properties[name]) !== JSON.stringify(properties[name]));
  }

  /**
   * Waits until the failure of another resource that {@link FailWhileInProgress} plays, when the resource
   * it is timed from answered before it: CloudFormation rolls back all the same.
   *
   * @returns the failure's reason, or `undefined` when none is to come
   */
  async otherResourceFailure(): Promise<string | undefined> {
    if (this.failAt === undefined) return undefined;
    const { scheduler } = this.services.runner;
    await scheduler.idle(scheduler.delay(this.failAt - Date.now()).promise);
    return this.services.failWhileInProgress?.reason ?? DEFAULT_FAILURE;
  }

  /** Waits until the invocations CloudFormation stopped waiting for (cancelled, timed out) have finished. */
  settle(): Promise<void> {
    return this.services.runner.settle();
  }

  private async send(
    logicalId: string, request: CustomResourceRequest, properties: Record<string, unknown>, cancelAt?: number,
  ): Promise<CustomResourceOutcome> {
    const timeout = Number(properties.ServiceTimeout ?? DEFAULT_SERVICE_TIMEOUT_SECONDS);
    let index = -1;
    const outcome = await this.services.runner.run(request, {
      serviceTimeoutSeconds: Number.isFinite(timeout) && timeout > 0 ? timeout : DEFAULT_SERVICE_TIMEOUT_SECONDS,
      cancelAt,
      // Comes later, in the background (see settle).
      onIgnoredResponse: (ignoredResponse) => { this.calls[index] = { ...this.calls[index], ignoredResponse }; },
    });
    index = this.calls.push({ logicalId, request, response: outcome.response, ...(!outcome.ok && outcome.cancelled ? { cancelled: true } : {}) }) - 1;
    return outcome;
  }

  private baseRequest(logicalId: string, definition: TemplateResource, assets: AssetCatalog): Omit<ResourceRequest, 'properties'> {
    return { logicalId, resourceType: definition.Type, metadata: definition.Metadata, stack: this.state.pseudo, assets };
  }

  private nativeRequest(resource: DeployedResource, properties: Readonly<Record<string, unknown>>, assets: AssetCatalog): ResourceRequest {
    return {
      ...this.baseRequest(resource.logicalId, resource.definition, assets),
      properties,
      physicalId: resource.physicalId,
      attributes: resource.attributes,
      internal: resource.internal,
    };
  }
}

function record(
  logicalId: string,
  definition: TemplateResource,
  physicalId: string,
  properties: Readonly<Record<string, unknown>>,
  attributes: Readonly<Record<string, unknown>>,
): DeployedResource {
  return { logicalId, type: definition.Type, custom: isCustomResourceType(definition.Type), physicalId, properties, attributes, definition };
}

function subjectOf(logicalId: string, definition: TemplateResource): EventSubject {
  return { logicalId, type: definition.Type, path: constructPath(definition) };
}

function requireServiceToken(properties: Record<string, unknown>): Record<string, unknown> {
  if (typeof properties.ServiceToken !== 'string' || properties.ServiceToken === '') {
    throw new ResourceFailure('Properties validation failed: ServiceToken is required');
  }
  return properties;
}

function asFailure(e: unknown): ResourceFailure {
  return e instanceof ResourceFailure ? e : new ResourceFailure(failureReason(e));
}
