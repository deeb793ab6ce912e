import { topologicalOrder } from './dependency-graph';
import { Operation } from './operation';
import { deleteInOrder } from './resource-deletion';
import { setStatus } from './stack-status';

/**
 * Deletes a stack: its resources in reverse dependency order, keeping those whose `DeletionPolicy` is
 * `Retain` (or `RetainExceptOnCreate`). A failed delete leaves that resource, and what it depends on,
 * in the stack, which ends `DELETE_FAILED`; deleting again retries them.
 */
export async function deleteStack(op: Operation): Promise<void> {
  const { state } = op;
  const resources = state.template.Resources ?? {};
  setStatus(op, 'DELETE_IN_PROGRESS', 'User Initiated');
  const ids = [...state.resources.keys()];
  const order = [...topologicalOrder(resources, ids.filter((id) => id in resources)).reverse(), ...ids.filter((id) => !(id in resources))];
  const deletions = order.map((id) => ({ resource: state.resources.get(id)!, cause: 'stack-delete' as const, assets: state.assets }));
  const failed = await deleteInOrder(op, deletions, resources);
  if (failed.length > 0) {
    setStatus(op, 'DELETE_FAILED', failed.map((f) => `${f.resource.logicalId} failed to delete: ${f.reason}`).join('; '));
    return;
  }
  state.outputs = {};
  state.exports = {};
  setStatus(op, 'DELETE_COMPLETE');
}
