import { topologicalOrder } from './dependency-graph';
import { failureReason } from './errors';
import { Operation } from './operation';
import { deleteInOrder } from './resource-deletion';
import { DeployTarget } from './stack-state';
import { failureOf, failureSummary, OperationFailure, OTHER_RESOURCE, setStatus } from './stack-status';

/**
 * Creates a stack: every resource whose condition holds, dependencies first, then the outputs.
 *
 * On the first failure the creation rolls back: everything created so far is deleted in reverse
 * order — the failed resource included when its failed response carried a physical id, and a cancelled
 * one (with a made-up id) — and the stack ends `ROLLBACK_COMPLETE` (or `ROLLBACK_FAILED` if a delete fails).
 */
export async function createStack(op: Operation, target: DeployTarget): Promise<void> {
  const { state } = op;
  const resources = target.template.Resources ?? {};
  const scope = op.scope(target.template, target.parameters);
  setStatus(op, 'CREATE_IN_PROGRESS', 'User Initiated');
  const created: string[] = [];
  let failure: OperationFailure | undefined;
  try {
    for (const id of topologicalOrder(resources, scope.activeResourceIds())) {
      try {
        await op.create(id, resources[id], scope, target.assets);
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
      const { outputs, exports } = scope.outputs();
      state.outputs = outputs;
      state.exports = exports;
    } catch (e) {
      failure = { logicalId: 'Outputs', verb: 'create', reason: failureReason(e) };
      throw e;
    }
  } catch (e) {
    failure ??= { logicalId: state.pseudo.stackName, verb: 'create', reason: failureReason(e) };
    setStatus(op, 'ROLLBACK_IN_PROGRESS', `The following resource(s) failed to create: [${failure.logicalId}]. Rollback requested by user.`);
    const deletions = created.reverse()
      .map((id) => state.resources.get(id))
      .filter((r) => r !== undefined)
      .map((resource) => ({ resource, cause: 'create-rollback' as const, assets: target.assets }));
    const failed = await deleteInOrder(op, deletions, resources);
    const rollbackFailures = failed.map((f) => `; rolling back, ${f.resource.logicalId} failed to delete: ${f.reason}`).join('');
    setStatus(op, failed.length > 0 ? 'ROLLBACK_FAILED' : 'ROLLBACK_COMPLETE', failureSummary(failure) + rollbackFailures);
    return;
  }
  setStatus(op, 'CREATE_COMPLETE');
}
