import {
  CertificateSummary,
  CreateCertificateCommand,
  DeleteCertificateCommand,
  GetCertificatesCommand,
  LightsailClient,
  Tag,
  TagResourceCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-lightsail';
import { HandlerDeps } from './deps';
import { withRetries } from './retries';
import type { TagChanges } from './tags';

/**
 * Whether an error says the certificate does not exist. Lightsail says so with `NotFoundException`;
 * like Terraform, a message that contains `DoesNotExist` counts too.
 */
export function isNotFound(error: unknown): boolean {
  const e = error as { name?: string; message?: string } | undefined;
  return e?.name === 'NotFoundException' || (e?.message ?? '').includes('DoesNotExist');
}

/**
 * Whether `DeleteCertificate` refused because the certificate is still attached. The API reference
 * documents no error for it, so any input or operation error whose message says the certificate is
 * in use counts.
 */
export function isInUse(error: unknown): boolean {
  const e = error as { name?: string; message?: string } | undefined;
  return ['InvalidInputException', 'OperationFailureException', 'ResourceInUseException'].includes(e?.name ?? '')
    && /in[ -]?use|attached|being used|associated/i.test(e?.message ?? '');
}

/**
 * The certificate with this name, with its details (domains, status, validation records, in-use count,
 * tags), or `undefined` when there is none. A missing name can come back as an empty list or as an error.
 */
export async function findCertificate(deps: HandlerDeps, client: LightsailClient, certificateName: string): Promise<CertificateSummary | undefined> {
  try {
    const result = await withRetries(deps, () => client.send(new GetCertificatesCommand({ certificateName, includeCertificateDetails: true })));
    return (result.certificates ?? []).find((c) => (c.certificateName ?? c.certificateDetail?.name) === certificateName);
  } catch (error) {
    if (isNotFound(error)) {
      return undefined;
    }
    throw error;
  }
}

/** Requests a certificate. */
export async function createCertificate(
  deps: HandlerDeps,
  client: LightsailClient,
  request: { certificateName: string; domainName: string; subjectAlternativeNames: string[]; tags: Tag[] },
): Promise<void> {
  await withRetries(deps, () => client.send(new CreateCertificateCommand({
    ...request,
    subjectAlternativeNames: request.subjectAlternativeNames.length > 0 ? request.subjectAlternativeNames : undefined,
    tags: request.tags.length > 0 ? request.tags : undefined,
  })));
}

/** Deletes a certificate; one that is already gone counts as deleted. In-use refusals are thrown. */
export async function deleteCertificate(deps: HandlerDeps, client: LightsailClient, certificateName: string): Promise<void> {
  try {
    await withRetries(deps, () => client.send(new DeleteCertificateCommand({ certificateName })));
  } catch (error) {
    if (!isNotFound(error)) {
      throw error;
    }
  }
}

/** Applies tag changes to a certificate, calling only what has something to do. */
export async function applyTagChanges(deps: HandlerDeps, client: LightsailClient, resourceName: string, changes: TagChanges): Promise<void> {
  if (changes.remove.length > 0) {
    await withRetries(deps, () => client.send(new UntagResourceCommand({ resourceName, tagKeys: changes.remove })));
  }
  if (changes.set.length > 0) {
    await withRetries(deps, () => client.send(new TagResourceCommand({ resourceName, tags: changes.set })));
  }
}
