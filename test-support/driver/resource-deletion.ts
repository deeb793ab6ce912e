import { AssetCatalog } from './asset-catalog';
import { dependsOnTransitively } from './dependency-graph';
import { failureReason } from './errors';
import { Operation } from './operation';
import { DeployedResource } from './stack-state';
import { TemplateResource } from './template';

/** Why a resource is being deleted; decides whether a Retain policy keeps it. */
export type DeletionCause =
  /** The stack is being deleted. */
  | 'stack-delete'
  /** A failed stack creation is rolling back. */
  | 'create-rollback'
  /** An update removed the resource from the template. */
  | 'removed'
  /** An update replaced the resource; this is the old physical resource. */
  | 'replaced'
  /** A failed update is rolling back; the resource (or this physical resource) was made by that update. */
  | 'update-rollback';

/** One resource to delete. */
export interface Deletion {
  /** The record to delete (for a replacement: the old one). */
  readonly resource: DeployedResource;
  /** Why. */
  readonly cause: DeletionCause;
  /** The assets of the template the resource came from. */
  readonly assets: AssetCatalog;
}

/** A deletion that failed. */
export interface FailedDeletion extends Deletion {
  /** Why. */
  readonly reason: string;
}

/**
 * Whether a policy keeps the resource. `DeletionPolicy: Retain` keeps it whenever it would be deleted,
 * a failed creation's rollback included; `RetainExceptOnCreate` lets rollbacks delete what the failed
 * operation created; `UpdateReplacePolicy` decides for the old resource of a replacement.
 */
export function isRetained(resource: DeployedResource, cause: DeletionCause): boolean {
  const policy = cause === 'replaced' ? resource.definition.UpdateReplacePolicy : resource.definition.DeletionPolicy;
  if (policy === 'Retain') return true;
  if (policy === 'RetainExceptOnCreate') return cause !== 'create-rollback' && cause !== 'update-rollback';
  return false;
}

/**
 * Deletes resources in the given order (dependants first). A resource that failed to delete stays,
 * and so do the resources it depends on, as CloudFormation does; the others are still deleted.
 *
 * @param resources the template entries the dependencies are read from
 * @returns the deletions that failed, with the reasons
 */
export async function deleteInOrder(
  op: Operation, deletions: readonly Deletion[], resources: Readonly<Record<string, TemplateResource>>,
): Promise<FailedDeletion[]> {
  const failed: FailedDeletion[] = [];
  for (const deletion of deletions) {
    const { resource } = deletion;
    const blocked = failed.some((f) => dependsOnTransitively(resources, f.resource.logicalId, resource.logicalId));
    if (blocked) continue;
    if (isRetained(resource, deletion.cause)) {
      op.skipDelete(resource);
      continue;
    }
    try {
      await op.delete(resource, deletion.assets);
    } catch (e) {
      failed.push({ ...deletion, reason: failureReason(e) });
    }
  }
  return failed;
}
