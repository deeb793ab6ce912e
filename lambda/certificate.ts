import { createHash } from 'crypto';
import type { CertificateSummary } from '@aws-sdk/client-lightsail';
import type {
  CdkCustomResourceEvent,
  CdkCustomResourceResponse,
  CloudFormationCustomResourceDeleteEvent,
  CloudFormationCustomResourceUpdateEvent,
} from 'aws-lambda';
import { CertificateKind, CertificateStore, LIGHTSAIL_CERTIFICATE } from './certificate-store';
import { isLeftByDeletedPredecessor, isStillAwaited, RequestOrigin } from './cloudformation';
import { HandlerDeps, pauseBefore } from './deps';
import { isInUse } from './lightsail';
import { LoadBalancerFull } from './load-balancer-store';
import { sameDomain, sameDomainSet } from './names';
import { isQuotaRefusal, quotaError } from './quota';
import { publishRecords, releaseRecords, ZoneRecord, zoneRecords } from './records';
import { backoff } from './retries';
import {
  arnOf,
  attributesOf,
  domainsOfCertificate,
  inUseCount,
  isTerminal,
  ownerOf,
  recordFor,
  statusOf,
  tagsOf,
  terminalError,
} from './summary';
import { diffTags, toTagList } from './tags';
import { inSession, roleSessionName } from './zone-access';
import { CertificateResourceProperties, LoadBalancerCertificateProperties, OWNER_TAG_KEY, propertyDomains } from '../src/private/contract';

/** A request for a `Custom::LightsailCertificate`. */
export type CertificateEvent = CdkCustomResourceEvent<CertificateResourceProperties>;

/** How long the validation records may take to appear after the certificate is requested. */
export const RECORDS_BUDGET_MS = 5 * 60_000;

/** How long a Delete waits for the certificate to be let go (a distribution deleted in the same stack lets go late). */
export const IN_USE_BUDGET_MS = 10 * 60_000;

/** How long a Delete waits for a deleted certificate to stop being listed. */
export const GONE_BUDGET_MS = 2 * 60_000;

/** The pause between two reads while a certificate is in use. */
export const IN_USE_POLL_MS = 10_000;

/** The longest pause between two reads of the validation records or of a deleted certificate. */
const MAX_READ_PAUSE_MS = 10_000;

/** While the records are awaited, CloudFormation is asked every this many reads whether it still waits (about every half minute). */
const READS_PER_AWAITED_CHECK = 4;

/**
 * Handles a request for a certificate: creates (or adopts) it and returns its records, updates its tags
 * in place, replaces it, or deletes it.
 */
export async function onCertificateEvent<P extends CertificateResourceProperties>(
  event: CdkCustomResourceEvent<P>, handlerDeps: HandlerDeps, kind: CertificateKind<P> = LIGHTSAIL_CERTIFICATE as CertificateKind<P>,
): Promise<CdkCustomResourceResponse> {
  const owner = ownerTagValue(event);
  // A role assumed in a zone's account names this resource, for that account's CloudTrail.
  const deps = inSession(handlerDeps, roleSessionName(event));
  switch (event.RequestType) {
    case 'Create':
      return create(event.ResourceProperties, owner, deps, event, kind.storeFor(deps, event.ResourceProperties));
    case 'Update':
      return update(event, owner, deps, kind.storeFor(deps, event.ResourceProperties));
    case 'Delete':
      await remove(event, owner, deps, kind);
      return { PhysicalResourceId: event.PhysicalResourceId };
  }
}

/**
 * The owner tag's value for the resource of `event`: its stack id (which tells apart same-named stacks in
 * other regions or accounts, and a stack deleted and made again) and its logical id. A value too long for
 * a tag (256 characters) becomes a hash of it.
 */
export function ownerTagValue(event: Pick<CertificateEvent, 'StackId' | 'LogicalResourceId'>): string {
  const value = `${event.StackId}/${event.LogicalResourceId}`;
  return value.length <= 256 ? value : `sha256:${createHash('sha256').update(value).digest('hex')}`;
}

/**
 * Creates the certificate, or takes the one that already has its name when that one is this resource's
 * own (a Create that CloudFormation or Lambda repeats) or was handed over (`AdoptExisting`) and covers the
 * same domains. One of ours that will never be issued is replaced. Anything else is refused, naming it.
 *
 * A certificate this resource made in an earlier stack of the same name, now deleted, is taken over too:
 * see {@link isLeftByDeletedPredecessor}.
 *
 * aws-cdk-lib's entrypoint answers a Create that throws with a marker id and drops the Delete that
 * follows it, so a Create that fails deletes what it made before it fails. One case escapes this: a
 * SUCCESS whose PUT fails (the entrypoint then answers FAILED with the marker after the handler
 * returned), which leaves the certificate behind with its owner tag; the next Create of this resource,
 * in the stack made again, takes it over.
 *
 * Before it answers, the Create asks CloudFormation whether the answer is still awaited (see
 * {@link isStillAwaited}); if not, it deletes what it made and fails.
 *
 * @param found the certificate of this name, when the caller has just read it
 */
async function create(
  props: CertificateResourceProperties,
  owner: string,
  deps: HandlerDeps,
  origin: RequestOrigin,
  store: CertificateStore,
  found?: { readonly certificate?: CertificateSummary },
): Promise<CdkCustomResourceResponse> {
  const name = props.CertificateName;
  let existing = found ? found.certificate : await store.find(name);
  if (existing) {
    const holder = ownerOf(existing);
    const orphan = holder !== owner && await isLeftByDeletedPredecessor(deps, holder, origin);
    if (orphan) {
      console.log(`Certificate ${name} was left by ${holder}, whose stack is deleted: taking it over`);
    }
    checkMayTake(existing, props, owner, orphan);
    if (isTerminal(existing)) {
      console.log(`Certificate ${name} is ${statusOf(existing)}: deleting it to request it again`);
      await deleteReleasing(deps, store, name, existing, zoneRecords(props, existing));
      existing = undefined;
    }
  }
  let ours = !existing || ownerOf(existing) === owner;
  if (!existing) {
    ours = await request(props, owner, deps, store);
  }
  try {
    const certificate = await waitForRecords(props, deps, origin, store);
    const current = tagsOf(certificate);
    // Only now that the certificate is known to be good does a handed-over one become ours.
    const wanted = ours ? props.Tags ?? {} : { ...props.Tags, [OWNER_TAG_KEY]: owner };
    await store.applyTags(name, diffTags(wanted, current, []));
    await publishRecords(deps, zoneRecords(props, certificate), arnOf(certificate));
    await failUnlessAwaited(deps, origin, name);
    return { PhysicalResourceId: store.physicalId(name), Data: attributesOf(certificate, props.CertificateName, propertyDomains(props)) };
  } catch (error) {
    if (ours) {
      await deleteAfterFailedCreate(deps, props, owner, store);
    }
    throw error;
  }
}

/** Fails, once the certificate is listed, when CloudFormation no longer waits for this answer (the caller then deletes what it made). */
async function failUnlessAwaited(deps: HandlerDeps, origin: RequestOrigin, name: string): Promise<void> {
  const { awaited, status } = await isStillAwaited(deps, origin);
  if (!awaited) {
    throw new Error(`CloudFormation no longer waits for this ${origin.RequestType} of ${origin.LogicalResourceId} (it is ${status}): `
      + `certificate "${name}" is not kept`);
  }
}

/**
 * Refuses a certificate this resource may not take: not ours, not handed over and not left by this
 * resource's deleted predecessor (`orphan`), or for other domains.
 */
function checkMayTake(existing: CertificateSummary, props: CertificateResourceProperties, owner: string, orphan = false): void {
  const held = domainsOfCertificate(existing);
  const describe = `certificate ${arnOf(existing) || '(ARN unknown)'} for ${held.join(', ')}`;
  const holder = ownerOf(existing);
  if (holder !== owner && props.AdoptExisting !== 'true' && !orphan) {
    throw new Error(`Certificate name "${props.CertificateName}" in ${props.Region} is already used by ${describe}, `
      + `${holder ? `which belongs to ${holder}` : 'which no CloudFormation stack made'}; choose another certificateName, `
      + 'or set adoptExisting: true to take this certificate over (it is then deleted with this stack unless its removal policy is RETAIN)');
  }
  if (!sameDomainSet(held, propertyDomains(props))) {
    throw new Error(`Certificate name "${props.CertificateName}" in ${props.Region} is already used by ${describe}; `
      + `choose another certificateName (wanted: ${propertyDomains(props).join(', ')})`);
  }
}

/**
 * Requests the certificate with its tags and the owner tag. A CreateCertificate whose answer was lost may
 * have been applied all the same; the SDK's retry then meets the certificate it has just made, and fails.
 * So after a failure the name is read again: a certificate with this resource's owner tag is this
 * request's own. A new certificate can be missing from GetCertificates for a moment, hence a few reads.
 *
 * @returns whether the certificate is this resource's own (`false`: someone else's, handed over)
 */
async function request(props: CertificateResourceProperties, owner: string, deps: HandlerDeps, store: CertificateStore): Promise<boolean> {
  try {
    await store.create({
      certificateName: props.CertificateName,
      domainName: props.DomainName,
      subjectAlternativeNames: props.SubjectAlternativeNames ?? [],
      tags: [...toTagList(props.Tags), { key: OWNER_TAG_KEY, value: owner }],
    });
    return true;
  } catch (error) {
    if (isQuotaRefusal(error)) {
      throw quotaError(props, error);
    }
    if (error instanceof LoadBalancerFull) {
      throw error;
    }
    for (let read = 1; read <= 3; read++) {
      const made = await store.find(props.CertificateName);
      if (made) {
        if (ownerOf(made) === owner) {
          return true;
        }
        // Someone else's, made in the meantime: taken over only when handed over, never deleted on failure.
        checkMayTake(made, props, owner);
        return false;
      }
      await deps.sleep(backoff(deps, read));
    }
    throw error;
  }
}

/**
 * Reads the certificate until every domain has its validation record, with backoff, for at most
 * {@link RECORDS_BUDGET_MS}. Fails on a terminal status, and when records never come, naming the domains.
 */
async function waitForRecords(
  props: CertificateResourceProperties, deps: HandlerDeps, origin: RequestOrigin, store: CertificateStore,
): Promise<CertificateSummary> {
  const name = props.CertificateName;
  const domains = propertyDomains(props);
  const deadline = deps.now() + RECORDS_BUDGET_MS;
  for (let read = 1; ; read++) {
    // Right after CreateCertificate the certificate may not be readable yet: one more thing to wait for.
    const certificate = await store.find(name);
    if (certificate && isTerminal(certificate)) {
      throw terminalError(certificate, name, props.Region);
    }
    const missing = domains.filter((domain) => !certificate || !recordFor(certificate, domain));
    if (certificate && missing.length === 0) {
      return certificate;
    }
    // A cancelled request stops early; asked only once the certificate is listed (see isStillAwaited).
    if (certificate && read % READS_PER_AWAITED_CHECK === 0) {
      await failUnlessAwaited(deps, origin, name);
    }
    const pause = pauseBefore(deps, backoff(deps, read, 1_000, MAX_READ_PAUSE_MS), deadline);
    if (pause === undefined) {
      if (!certificate) {
        throw new Error(`Certificate "${name}" in ${props.Region} was requested but could not be read back within ${RECORDS_BUDGET_MS / 60_000} minutes`);
      }
      throw new Error(`Lightsail gave no validation record for ${missing.join(', ')} of certificate "${name}" in ${props.Region} `
        + `within ${RECORDS_BUDGET_MS / 60_000} minutes, so the certificate cannot be validated; check that Lightsail can certify `
        + `${missing.length === 1 ? 'this name' : 'these names'} (a reserved or unregistered domain gets no record)`);
    }
    await deps.sleep(pause);
  }
}

/**
 * A new region or name needs a new certificate: the new one gets a new physical id, so CloudFormation
 * deletes the old one in its cleanup, after dependants have moved. A change of tags is done in place.
 * Neither fails because of the certificate's status: an in-place Update and the Update a rollback sends
 * report the status (`Status` attribute) instead, so a certificate whose validation timed out can still
 * be retagged, and a rollback can always return to it.
 */
async function update(
  event: CloudFormationCustomResourceUpdateEvent<CertificateResourceProperties>,
  owner: string,
  deps: HandlerDeps,
  store: CertificateStore,
): Promise<CdkCustomResourceResponse> {
  const props = event.ResourceProperties;
  const old = event.OldResourceProperties;
  const name = props.CertificateName;
  // A load-balancer certificate on another load balancer is another certificate (the physical id names the load balancer).
  if (props.Region !== old.Region || name !== old.CertificateName || loadBalancerOf(props) !== loadBalancerOf(old)) {
    // A rollback returns to the certificate this resource had: ours, with these domains. That one is
    // taken back as it is, whatever its status; anything else is a new certificate.
    const existing = await store.find(name);
    const returning = existing && ownerOf(existing) === owner && sameDomainSet(domainsOfCertificate(existing), propertyDomains(props));
    if (!returning) {
      return create(props, owner, deps, event, store, { certificate: existing });
    }
    await publishRecords(deps, zoneRecords(props, existing), arnOf(existing));
    return { PhysicalResourceId: store.physicalId(name), Data: attributesOf(existing, props.CertificateName, propertyDomains(props)) };
  }
  const certificate = await store.find(name);
  if (!certificate) {
    throw new Error(`Certificate "${name}" in ${props.Region} no longer exists: it was deleted outside CloudFormation. `
      + 'Change certificateName (or, with a generated name, the domains) to create a new certificate');
  }
  // Lightsail cannot change a certificate's domains, and a new one can't have the same name while the old
  // one exists: refuse before creating anything. When CloudFormation rolls such a refusal back, it sends an
  // Update back to the original domains, which the certificate has: that one is done in place.
  if (!sameDomainSet(propertyDomains(props), propertyDomains(old)) && !sameDomainSet(domainsOfCertificate(certificate), propertyDomains(props))) {
    throw new Error(`Changing the domains of certificate "${name}" needs a new certificate, and certificateName "${name}" is set `
      + 'explicitly: change certificateName too (the old certificate is deleted once the new one has replaced it)');
  }
  // Only keys this resource set before are removed: tags someone added by hand stay.
  await store.applyTags(name, diffTags(props.Tags ?? {}, tagsOf(certificate), Object.keys(old.Tags ?? {})));
  // Acquired again on every Update, which also repairs a record removed by hand; a zone no longer used
  // (the certificate moved to another zone) gives its records up. The role may still act on that zone:
  // its records statements name every zone (CloudFormation updates the role before this runs).
  const records = zoneRecords(props, certificate);
  await publishRecords(deps, records, arnOf(certificate));
  const dropped = zoneRecords(old, certificate).filter((r) => !records.some((k) => k.zoneId === r.zoneId && sameDomain(k.name, r.name)));
  await releaseQuietly(deps, dropped, arnOf(certificate), store.region);
  return { PhysicalResourceId: event.PhysicalResourceId, Data: attributesOf(certificate, props.CertificateName, propertyDomains(props)) };
}

/**
 * Deletes the certificate if, and only if, its owner tag names this resource. The certificate is the one
 * the physical id names; an id the handler did not mint (CloudFormation made one up for a Create it
 * cancelled before the answer came) falls back to the name in the properties.
 */
async function remove<P extends CertificateResourceProperties>(
  event: CloudFormationCustomResourceDeleteEvent<P>,
  owner: string,
  deps: HandlerDeps,
  kind: CertificateKind<P>,
): Promise<void> {
  const props = event.ResourceProperties;
  const { store, certificateName } = kind.locate(deps, event.PhysicalResourceId)
    ?? { store: kind.storeFor(deps, props), certificateName: props.CertificateName };
  const certificate = await store.find(certificateName);
  if (!certificate) {
    return;
  }
  const holder = ownerOf(certificate);
  if (holder !== owner) {
    console.log(`Certificate ${certificateName} in ${store.region} is left alone: its owner tag is ${holder ?? 'missing'}, not ${owner}`);
    return;
  }
  await deleteReleasing(deps, store, certificateName, certificate, zoneRecords(props, certificate));
}

/**
 * Deletes the certificate, giving up its records once nothing uses it and before DeleteCertificate: a
 * failure of either fails the Delete with the certificate still there to name its records, and the
 * Delete CloudFormation repeats releases (again, harmlessly) and deletes. Should the deletion fail after
 * the release (still in use, say), the records are taken back: the certificate stays and renews with them.
 */
async function deleteReleasing(
  deps: HandlerDeps, store: CertificateStore, name: string, certificate: CertificateSummary, records: ZoneRecord[],
): Promise<void> {
  const arn = arnOf(certificate);
  let released = false;
  try {
    await deleteWhenFree(deps, store, name, certificate, async () => {
      await releaseRecords(deps, records, arn, store.region);
      released = true;
    });
  } catch (error) {
    if (released && await store.find(name).catch(() => undefined)) {
      await publishRecords(deps, records, arn).catch((e: unknown) => console.log(`Validation records not taken back: ${String(e)}`));
    }
    throw error;
  }
}

/** Gives up validation records of a zone the certificate no longer uses; a failure is logged (the records stay, which costs nothing but the zone's deletion). */
async function releaseQuietly(deps: HandlerDeps, records: ZoneRecord[], arn: string, region: string): Promise<void> {
  try {
    await releaseRecords(deps, records, arn, region);
  } catch (error) {
    console.log(`Validation records kept (${records.map((r) => r.name).join(', ')}): ${String(error)}`);
  }
}

/**
 * Deletes a certificate once nothing uses it: while `inUseResourceCount > 0`, or while DeleteCertificate
 * answers that it is in use (the count can lag a distribution that is letting go), it waits, for at most
 * {@link IN_USE_BUDGET_MS}. Returns only once the certificate is no longer listed, so that a new one of
 * the same name can be requested right after.
 */
async function deleteWhenFree(
  deps: HandlerDeps, store: CertificateStore, name: string, certificate: CertificateSummary, beforeDelete?: () => Promise<void>,
): Promise<void> {
  const deadline = deps.now() + IN_USE_BUDGET_MS;
  let current: CertificateSummary | undefined = certificate;
  while (current) {
    if (inUseCount(current) === 0) {
      try {
        await beforeDelete?.();
        await store.delete(name);
        break;
      } catch (error) {
        if (!isInUse(error)) {
          throw error;
        }
      }
    }
    const pause = pauseBefore(deps, IN_USE_POLL_MS, deadline);
    if (pause === undefined) {
      throw new Error(`Certificate "${name}" is still in use by ${Math.max(1, inUseCount(current))} resource(s) after `
        + `${IN_USE_BUDGET_MS / 60_000} minutes; detach it from distributions and container services, then delete again`);
    }
    await deps.sleep(pause);
    current = await store.find(name);
  }
  await waitUntilGone(deps, store, name);
}

/** Reads a deleted certificate until it is no longer listed, for at most {@link GONE_BUDGET_MS}. */
async function waitUntilGone(deps: HandlerDeps, store: CertificateStore, name: string): Promise<void> {
  const deadline = deps.now() + GONE_BUDGET_MS;
  for (let read = 1; await store.find(name); read++) {
    const pause = pauseBefore(deps, backoff(deps, read, 1_000, MAX_READ_PAUSE_MS), deadline);
    if (pause === undefined) {
      throw new Error(`Certificate "${name}" was deleted but is still listed after ${GONE_BUDGET_MS / 60_000} minutes`);
    }
    await deps.sleep(pause);
  }
}

/** Deletes what a failing Create made; a failure here is logged, and the Create's own error is what is reported. */
async function deleteAfterFailedCreate(
  deps: HandlerDeps, props: CertificateResourceProperties, owner: string, store: CertificateStore,
): Promise<void> {
  const name = props.CertificateName;
  try {
    const certificate = await store.find(name);
    if (certificate && ownerOf(certificate) === owner) {
      await deleteReleasing(deps, store, name, certificate, zoneRecords(props, certificate));
    }
  } catch (error) {
    console.error(`The Create failed and certificate ${name} could not be deleted: ${String(error)}; delete it by hand`);
  }
}

/** The load balancer a load-balancer certificate's properties name; `undefined` for a Lightsail certificate. */
function loadBalancerOf(props: CertificateResourceProperties): string | undefined {
  return (props as Partial<LoadBalancerCertificateProperties>).LoadBalancerName;
}
