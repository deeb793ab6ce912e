import { topologicalOrder } from './dependency-graph';
import { failureReason } from './errors';
import { Operation } from './operation';
import { Deletion, deleteInOrder } from './resource-deletion';
import { DeployedResource, DeployTarget } from './stack-state';
import { failureOf, failureSummary, OperationFailure, OTHER_RESOURCE, setStatus } from './stack-status';

/** What the forward part of an update did, which the cleanup or the rollback undoes. */
interface UpdateProgress {
  /** The records as they were before the update. */
  readonly before: ReadonlyMap<string, DeployedResource>;
  /** Resources the update sent an update to (whether or not it succeeded). */
  readonly touched: Set<string>;
  /** Resources the update created, in creation order. */
  readonly created: string[];
  /** Old records of resources the update replaced. */
  readonly replaced: DeployedResource[];
}

/**
 * Updates a stack to a new template, as CloudFormation does:
 *
 * 1. in dependency order, creates new resources and updates changed ones (a changed resolved property
 *    is a change; a custom resource answering a new physical id, or a native resource whose
 *    replacement property changed, is replaced);
 * 2. once all of that succeeded, the cleanup phase deletes the old physical resources of replacements
 *    and the resources the template no longer has (dependants first; Retain policies honoured; a failed
 *    cleanup delete does not fail the update).
 *
 * On a failure in step 1 the update rolls back: resources it updated get an update back to the old
 * template (custom resources an Update request with the old properties; a replaced native resource
 * simply returns to its old physical id), then the rollback cleanup deletes what the update created
 * and the physical resources the update or the rollback abandoned. The stack ends
 * `UPDATE_ROLLBACK_COMPLETE` at the old template, or `UPDATE_ROLLBACK_FAILED`.
 */
export async function updateStack(op: Operation, target: DeployTarget): Promise<void> {
  const { state } = op;
  const old: DeployTarget = { template: state.template, parameters: state.parameters, assets: state.assets };
  const progress: UpdateProgress = { before: new Map(state.resources), touched: new Set(), created: [], replaced: [] };
  setStatus(op, 'UPDATE_IN_PROGRESS', 'User Initiated');
  const failure = await forward(op, target, progress);
  if (failure) {
    await rollback(op, old, target, progress, failure);
    return;
  }
  state.template = target.template;
  state.parameters = target.parameters;
  state.assets = target.assets;
  setStatus(op, 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS');
  await cleanup(op, old, target, progress);
  setStatus(op, 'UPDATE_COMPLETE');
}

async function forward(op: Operation, target: DeployTarget, progress: UpdateProgress): Promise<OperationFailure | undefined> {
  const { state } = op;
  const resources = target.template.Resources ?? {};
  const scope = op.scope(target.template, target.parameters);
  let order: string[];
  try {
    order = topologicalOrder(resources, scope.activeResourceIds());
  } catch (e) {
    return { logicalId: state.pseudo.stackName, verb: 'update', reason: failureReason(e) };
  }
  for (const id of order) {
    const current = state.resources.get(id);
    try {
      if (!current) {
        try {
          await op.create(id, resources[id], scope, target.assets);
        } finally {
          if (state.resources.has(id)) progress.created.push(id);
        }
      } else {
        progress.touched.add(id);
        const outcome = await op.update(current, resources[id], scope, target.assets);
        if (outcome?.replaced) progress.replaced.push(current);
      }
    } catch (e) {
      return failureOf(id, current ? 'update' : 'create', e);
    }
  }
  const other = await op.otherResourceFailure();
  if (other !== undefined) return { logicalId: OTHER_RESOURCE, verb: 'update', reason: other };
  try {
    const { outputs, exports } = scope.outputs();
    state.outputs = outputs;
    state.exports = exports;
  } catch (e) {
    return { logicalId: 'Outputs', verb: 'update', reason: failureReason(e) };
  }
  return undefined;
}

async function cleanup(op: Operation, old: DeployTarget, target: DeployTarget, progress: UpdateProgress): Promise<void> {
  const { state } = op;
  const oldResources = old.template.Resources ?? {};
  const kept = new Set(op.scope(target.template, target.parameters).activeResourceIds());
  const byId = new Map<string, Deletion>();
  for (const resource of progress.replaced) byId.set(resource.logicalId, { resource, cause: 'replaced', assets: old.assets });
  for (const resource of progress.before.values()) {
    if (!kept.has(resource.logicalId)) byId.set(resource.logicalId, { resource: state.resources.get(resource.logicalId) ?? resource, cause: 'removed', assets: old.assets });
  }
  const order = topologicalOrder(oldResources, [...byId.keys()].filter((id) => id in oldResources)).reverse();
  await deleteInOrder(op, order.map((id) => byId.get(id)!), oldResources);
  // A removed resource whose delete failed is no longer the stack's (CloudFormation leaves it behind).
  for (const id of [...state.resources.keys()]) if (!kept.has(id)) state.resources.delete(id);
}

async function rollback(op: Operation, old: DeployTarget, target: DeployTarget, progress: UpdateProgress, failure: OperationFailure): Promise<void> {
  const { state } = op;
  const oldResources = old.template.Resources ?? {};
  setStatus(op, 'UPDATE_ROLLBACK_IN_PROGRESS', `The following resource(s) failed to ${failure.verb}: [${failure.logicalId}].`);
  const scope = op.scope(old.template, old.parameters);
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
      const outcome = await op.update(current, previous.definition, scope, old.assets);
      // A custom resource that answers another physical id to the rollback's Update abandons the one the
      // failed update gave it (typically: the handler returns to the old one, the new one is cleaned up).
      if (outcome?.replaced) abandoned.push(current);
    }
  } catch (e) {
    setStatus(op, 'UPDATE_ROLLBACK_FAILED', `${failureSummary(failure)}; rolling back: ${failureReason(e)}`);
    return;
  }
  setStatus(op, 'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS');
  const newResources = target.template.Resources ?? {};
  const created = topologicalOrder(newResources, progress.created.filter((id) => id in newResources)).reverse()
    .map((id) => state.resources.get(id))
    .filter((r) => r !== undefined)
    .map((resource): Deletion => ({ resource, cause: 'update-rollback', assets: target.assets }));
  const orphans = abandoned.map((resource): Deletion => ({ resource, cause: 'update-rollback', assets: target.assets }));
  await deleteInOrder(op, [...created, ...orphans], { ...oldResources, ...newResources });
  // A created resource whose delete failed is no longer the stack's (CloudFormation leaves it behind).
  for (const id of progress.created) state.resources.delete(id);
  setStatus(op, 'UPDATE_ROLLBACK_COMPLETE', failureSummary(failure));
}
