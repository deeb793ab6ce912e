import type { CertificateSummary } from '@aws-sdk/client-lightsail';
import { HandlerDeps } from './deps';
import { findCertificate } from './lightsail';
import { ownerOf } from './summary';

/**
 * The part of a stack id that stays when a stack is deleted and made again under its name:
 * `arn:aws:cloudformation:<region>:<account>:stack/<name>/` (the id then ends in a new uuid).
 */
function stackNamePrefix(stackId: string): string {
  return `${stackId.split('/').slice(0, 2).join('/')}/`;
}

/**
 * The certificate of this name if it was made by this library for this stack or an earlier stack of its
 * name (its owner tag says so), else `undefined`. Such a certificate on a target was put there by this
 * stack: by an attachment whose answer was lost (aws-cdk-lib's entrypoint then answers FAILED and skips
 * the rollback's Delete), so it is never "what was there before", which an attachment gives back on
 * Delete; its tags say what was (see `before-tags.ts`).
 */
export async function thisStacksCertificate(
  deps: HandlerDeps, region: string, certificateName: string, stackId: string,
): Promise<CertificateSummary | undefined> {
  const certificate = await findCertificate(deps, deps.lightsail(region), certificateName);
  const owner = certificate ? ownerOf(certificate) : undefined;
  return owner !== undefined && owner.startsWith(stackNamePrefix(stackId)) ? certificate : undefined;
}

/** Whether the certificate of this name is this stack's (see {@link thisStacksCertificate}). */
export async function isThisStacks(deps: HandlerDeps, region: string, certificateName: string, stackId: string): Promise<boolean> {
  return await thisStacksCertificate(deps, region, certificateName, stackId) !== undefined;
}
