import { CertificateSummary, CreateCertificateCommand, LightsailClient, ResourceRecord } from '@aws-sdk/client-lightsail';
import type {
  CdkCustomResourceEvent,
  CdkCustomResourceIsCompleteEvent,
  CdkCustomResourceIsCompleteResponse,
  CdkCustomResourceResponse,
  CloudFormationCustomResourceDeleteEvent,
  CloudFormationCustomResourceUpdateEvent,
} from 'aws-lambda';
import { deadlineOf, WaitData } from './deadline';
import type { HandlerDeps } from './deps';
import { domainsOf, domainsOfCertificate, sameDomain, sameDomainSet } from './domains';
import { applyTagChanges, backoff, deleteCertificate, findCertificate, withRetries } from './lightsail';
import { mintPhysicalId, parsePhysicalId } from './physical-id';
import { failIfTerminal, statusOf } from './status';
import { diffTags, toTagList, toTagMap } from './tags';
import { Attr, CertificateResourceProperties, DEADLINE_KEY, recordAttribute } from '../src/private/contract';

/** An onEvent request for a `Custom::LightsailCertificate`. */
export type CertificateEvent = CdkCustomResourceEvent<CertificateResourceProperties>;

/** An isComplete request for a `Custom::LightsailCertificate`: the request plus what onEvent answered. */
export type CertificateIsCompleteEvent = CdkCustomResourceIsCompleteEvent<CertificateResourceProperties, WaitData>;

/** How long the validation records may take to appear after the certificate is created. */
export const RECORDS_BUDGET_MS = 5 * 60_000;

/** How long a Delete waits for the certificate to be detached (a distribution deleted in the same stack lets go late). */
export const IN_USE_BUDGET_MS = 10 * 60_000;

/**
 * Reads of the validation records per isComplete invocation. The records usually appear seconds after
 * the certificate is created; reading a few times within one invocation (1 s, then 2 s apart) notices
 * them sooner than the Provider's query interval would.
 */
export const RECORD_READS = 3;

/**
 * Handles onEvent for a certificate: creates (or adopts) it, updates its tags in place, replaces it, or
 * deletes it. The waiting is left to {@link isCertificateComplete}.
 */
export async function onCertificateEvent(event: CertificateEvent, deps: HandlerDeps): Promise<CdkCustomResourceResponse<WaitData>> {
  switch (event.RequestType) {
    case 'Create':
      return createOrAdopt(event.ResourceProperties, deps);
    case 'Update':
      return update(event, deps);
    case 'Delete':
      return startDelete(event, deps);
  }
}

/**
 * Handles isComplete for a certificate: after a Create or Update, waits until every domain has its
 * validation record and returns the attributes; after a Delete, waits until the certificate is no
 * longer in use and deletes it.
 */
export async function isCertificateComplete(event: CertificateIsCompleteEvent, deps: HandlerDeps): Promise<CdkCustomResourceIsCompleteResponse> {
  if (event.RequestType === 'Delete') {
    return finishDelete(event, deps);
  }
  return waitForRecords(event.ResourceProperties, deadlineOf(event), deps);
}

/**
 * Creates the certificate, or adopts the one that already has its name when that one covers the same
 * domains: a Create that CloudFormation repeats, or a retained certificate deployed again, must not
 * fail or leave a second certificate behind.
 */
async function createOrAdopt(props: CertificateResourceProperties, deps: HandlerDeps): Promise<CdkCustomResourceResponse<WaitData>> {
  const name = props.CertificateName;
  const client = deps.lightsail(props.Region);
  const existing = await findCertificate(deps, client, name);

  if (existing) {
    await adopt(existing, props, deps);
  } else {
    const alternates = props.SubjectAlternativeNames ?? [];
    const tags = toTagList(props.Tags);
    try {
      await withRetries(deps, () => client.send(new CreateCertificateCommand({
        certificateName: name,
        domainName: props.DomainName,
        subjectAlternativeNames: alternates.length > 0 ? alternates : undefined,
        tags: tags.length > 0 ? tags : undefined,
      })));
    } catch (error) {
      // A CreateCertificate whose answer was lost (a dropped connection, a timeout) may have been
      // applied all the same; the SDK's retry then meets the certificate it has just made, and fails.
      // Failing here would leave that certificate behind (a failed Create's rollback deletes nothing),
      // so look again: a certificate of this name for these domains is this request's own. A new
      // certificate can be missing from GetCertificates for a moment, hence a few reads.
      const made = await findAfterFailedCreate(deps, client, name);
      if (!made) {
        throw error;
      }
      await adopt(made, props, deps);
    }
  }

  return {
    PhysicalResourceId: mintPhysicalId(props.Region, name),
    Data: { [DEADLINE_KEY]: deps.now() + RECORDS_BUDGET_MS },
  };
}

/** Reads the certificate up to {@link RECORD_READS} times with backoff, until it shows up. */
async function findAfterFailedCreate(deps: HandlerDeps, client: LightsailClient, name: string): Promise<CertificateSummary | undefined> {
  for (let read = 1; ; read++) {
    const found = await findCertificate(deps, client, name);
    if (found || read >= RECORD_READS) {
      return found;
    }
    await deps.sleep(backoff(deps, read));
  }
}

/**
 * Takes over a certificate that already has the wanted name when it covers the same domains, bringing
 * its tags in line; refuses one for other domains, naming it.
 */
async function adopt(existing: CertificateSummary, props: CertificateResourceProperties, deps: HandlerDeps): Promise<void> {
  const name = props.CertificateName;
  const wanted = domainsOf(props);
  const held = domainsOfCertificate(existing);
  if (!sameDomainSet(held, wanted)) {
    const holder = existing.certificateArn ?? existing.certificateDetail?.arn ?? 'of unknown ARN';
    throw new Error(`Certificate name "${name}" in ${props.Region} is already used by certificate ${holder} for ${unique(held).join(', ')}; `
      + `choose another certificateName (wanted: ${wanted.join(', ')})`);
  }
  const current = toTagMap(existing.tags ?? existing.certificateDetail?.tags);
  await applyTagChanges(deps, deps.lightsail(props.Region), name, diffTags(props.Tags ?? {}, current, Object.keys(current)));
}

/**
 * A new region, name or domain set needs a new certificate: Lightsail cannot change any of them. The new
 * one gets a new physical id, so CloudFormation deletes the old one in its cleanup, after dependants
 * have moved. Anything else (tags, the order of the alternates) is done in place.
 */
async function update(
  event: CloudFormationCustomResourceUpdateEvent<CertificateResourceProperties>,
  deps: HandlerDeps,
): Promise<CdkCustomResourceResponse<WaitData>> {
  const props = event.ResourceProperties;
  const old = event.OldResourceProperties;
  const sameLocation = props.Region === old.Region && props.CertificateName === old.CertificateName;

  if (!sameLocation || !sameDomainSet(domainsOf(props), domainsOf(old))) {
    if (!sameLocation) {
      return createOrAdopt(props, deps);
    }
    // Creating under the same name is impossible while the old certificate exists, and deleting the
    // old one first would leave its dependants without a certificate: refuse before creating anything.
    // One exception: when CloudFormation rolls back a refused change, it sends an Update back to the
    // original properties, with the refused ones as the old properties. The certificate already covers
    // the wanted domains then, so that Update is done in place; refusing it too would leave the stack
    // UPDATE_ROLLBACK_FAILED.
    const existing = await findCertificate(deps, deps.lightsail(props.Region), props.CertificateName);
    if (!existing || !sameDomainSet(domainsOfCertificate(existing), domainsOf(props))) {
      throw new Error(`Changing the domains of certificate "${props.CertificateName}" needs a new certificate, and certificateName `
        + `"${props.CertificateName}" is set explicitly: change certificateName too (the old certificate is deleted after the new one is ISSUED)`);
    }
    await updateTags(props, old, deps, existing);
  } else {
    await updateTags(props, old, deps);
  }
  return {
    PhysicalResourceId: event.PhysicalResourceId,
    Data: { [DEADLINE_KEY]: deps.now() + RECORDS_BUDGET_MS },
  };
}

/**
 * Removes the tags the old properties had and the new ones lack, and sets the new ones that differ on the certificate.
 *
 * @param known the certificate, when the caller has just read it
 */
async function updateTags(
  props: CertificateResourceProperties,
  old: CertificateResourceProperties,
  deps: HandlerDeps,
  known?: CertificateSummary,
): Promise<void> {
  const wanted = props.Tags ?? {};
  const before = old.Tags ?? {};
  if (sameTags(wanted, before)) {
    return;
  }
  const name = props.CertificateName;
  const client = deps.lightsail(props.Region);
  const existing = known ?? await findCertificate(deps, client, name);
  if (!existing) {
    throw new Error(`Certificate "${name}" in ${props.Region} no longer exists, so its tags cannot be updated; `
      + 'change certificateName to create a new certificate');
  }
  const current = toTagMap(existing.tags ?? existing.certificateDetail?.tags);
  // Only keys this resource set before are removed: tags someone added by hand stay.
  await applyTagChanges(deps, client, name, diffTags(wanted, current, Object.keys(before)));
}

/**
 * Starts a Delete. It calls nothing: {@link finishDelete}, which the Provider calls at once and then
 * every query interval, reads the certificate, waits while it is in use and deletes it, so a plain
 * delete costs one read and one delete.
 */
async function startDelete(
  event: CloudFormationCustomResourceDeleteEvent<CertificateResourceProperties>,
  deps: HandlerDeps,
): Promise<CdkCustomResourceResponse<WaitData>> {
  // A failed Create's rollback carries an id that we did not mint: there is nothing of ours to delete.
  if (!parsePhysicalId(event.PhysicalResourceId)) {
    return { PhysicalResourceId: event.PhysicalResourceId };
  }
  return { PhysicalResourceId: event.PhysicalResourceId, Data: { [DEADLINE_KEY]: deps.now() + IN_USE_BUDGET_MS } };
}

/** One check of a Delete: done when the certificate is gone; deletes it once nothing uses it; fails at the deadline. */
async function finishDelete(event: CertificateIsCompleteEvent, deps: HandlerDeps): Promise<CdkCustomResourceIsCompleteResponse> {
  const location = parsePhysicalId(event.PhysicalResourceId);
  if (!location) {
    return { IsComplete: true };
  }
  const client = deps.lightsail(location.region);
  const existing = await findCertificate(deps, client, location.certificateName);
  if (!existing) {
    return { IsComplete: true };
  }
  const inUse = inUseCount(existing);
  if (inUse > 0) {
    if (deps.now() >= deadlineOf(event)) {
      throw new Error(`Certificate ${location.certificateName} is still in use by ${inUse} resource(s) after ${IN_USE_BUDGET_MS / 60_000} minutes; `
        + 'detach it from distributions and container services, then delete again');
    }
    return { IsComplete: false };
  }
  await deleteCertificate(deps, client, location.certificateName);
  return { IsComplete: true };
}

/**
 * Reads the certificate until every domain has its validation record, up to {@link RECORD_READS} times
 * with backoff, then lets the Provider call again. Fails on a terminal status and at the deadline.
 */
async function waitForRecords(
  props: CertificateResourceProperties,
  deadline: number,
  deps: HandlerDeps,
): Promise<CdkCustomResourceIsCompleteResponse> {
  const name = props.CertificateName;
  const client = deps.lightsail(props.Region);
  const domains = domainsOf(props);

  for (let read = 1; ; read++) {
    // Right after CreateCertificate the certificate may not be readable yet: that is one more thing to wait for.
    const certificate = await findCertificate(deps, client, name);
    const records = domains.map((domain) => (certificate ? recordFor(certificate, domain) : undefined));
    if (certificate) {
      failIfTerminal(certificate, name, props.Region);
      if (records.every((record) => record !== undefined)) {
        return { IsComplete: true, Data: attributes(certificate, name, records as ResourceRecord[]) };
      }
    }
    if (deps.now() >= deadline) {
      const missing = domains.filter((_, i) => records[i] === undefined);
      throw new Error(`Validation records for ${name} did not appear within ${RECORDS_BUDGET_MS / 60_000} minutes (missing: ${missing.join(', ')})`);
    }
    if (read >= RECORD_READS) {
      return { IsComplete: false };
    }
    await deps.sleep(backoff(deps, read));
  }
}

/** The complete validation record of one domain, if Lightsail has it yet. */
function recordFor(certificate: CertificateSummary, domain: string): ResourceRecord | undefined {
  const records = certificate.certificateDetail?.domainValidationRecords ?? [];
  return records
    .filter((r) => sameDomain(r.domainName, domain))
    .map((r) => r.resourceRecord)
    .find((r) => r?.name && r.type && r.value);
}

/**
 * The attributes of the certificate resource. Records are indexed by the domain's position in the
 * properties (primary, then alternates as given), which is the order the constructs read them in.
 * Two domains may share one record (same name and value); each index still gets it. (The constructs
 * refuse wildcards and duplicate domains, so in practice every domain has a record of its own.) Only names, ARN, status and records are returned: the
 * whole response must fit in CloudFormation's 4096 bytes.
 */
function attributes(certificate: CertificateSummary, name: string, records: ResourceRecord[]): Record<string, string> {
  const data: Record<string, string> = {
    [Attr.CERTIFICATE_NAME]: name,
    [Attr.CERTIFICATE_ARN]: certificate.certificateArn ?? certificate.certificateDetail?.arn ?? '',
    [Attr.STATUS]: statusOf(certificate) ?? '',
  };
  records.forEach((record, i) => {
    data[recordAttribute(i, 'Name')] = record.name!;
    data[recordAttribute(i, 'Type')] = record.type!;
    data[recordAttribute(i, 'Value')] = record.value!;
  });
  return data;
}

function inUseCount(certificate: CertificateSummary): number {
  return certificate.certificateDetail?.inUseResourceCount ?? 0;
}

function sameTags(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => k in b && b[k] === a[k]);
}

function unique(domains: string[]): string[] {
  return domains.filter((d, i) => domains.findIndex((other) => sameDomain(other, d)) === i);
}
