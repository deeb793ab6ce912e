import type { CertificateSummary } from '@aws-sdk/client-lightsail';
import { GetCertificatesCommand } from '@aws-sdk/client-lightsail';
import { ChangeResourceRecordSetsCommand, GetChangeCommand, ListResourceRecordSetsCommand, Route53Client } from '@aws-sdk/client-route-53';
import { HandlerDeps, hasTimeFor, pauseBefore } from './deps';
import { backoff, withRetries } from './lightsail';
import { arnOf, normalizeName, recordFor, sameDomain } from './summary';
import { CertificateResourceProperties, LIGHTSAIL_REGIONS, VALIDATION_RECORD_TTL } from '../src/private/contract';

/**
 * The validation CNAMEs in Route 53. The handler writes them itself (UPSERT), rather than CloudFormation
 * record sets, because Lightsail may give two certificates the same record (ACM gives one per account and
 * domain): two record sets of one name would fail, and deleting either would take the record from the
 * other. A record is removed only when no other certificate of the account, in any region, still needs it.
 */

/** A validation record in a hosted zone. */
export interface ZoneRecord {
  readonly zoneId: string;
  readonly name: string;
  readonly value: string;
}

/** How long to wait for Route 53 to apply a change everywhere (INSYNC). */
export const INSYNC_BUDGET_MS = 2 * 60_000;

/** How often a region's certificates are listed (each with the call's own retries) before the look-up gives up. */
const REGION_READS = 3;

/** Errors that say the account does not use a region (opt-in regions not enabled): it has no certificates there. */
const REGION_NOT_IN_USE = new Set(['UnrecognizedClientException', 'InvalidClientTokenId', 'AuthFailure', 'OptInRequired']);

/** The records the certificate's properties ask Route 53 to hold: one per domain with a zone, each once. */
export function zoneRecords(props: CertificateResourceProperties, certificate: CertificateSummary): ZoneRecord[] {
  const zones = props.HostedZoneIds ?? [];
  const domains = [props.DomainName, ...(props.SubjectAlternativeNames ?? [])];
  const records: ZoneRecord[] = [];
  domains.forEach((domain, i) => {
    const record = recordFor(certificate, domain);
    if (zones[i] && record?.name && record.value && !records.some((r) => r.zoneId === zones[i] && sameDomain(r.name, record.name!))) {
      records.push({ zoneId: zones[i], name: record.name, value: record.value });
    }
  });
  return records;
}

/** Writes the records (UPSERT, one change per zone) and waits until Route 53 has applied them. */
export async function publishRecords(deps: HandlerDeps, records: readonly ZoneRecord[]): Promise<void> {
  const client = deps.route53();
  const changes: string[] = [];
  for (const [zoneId, inZone] of byZone(records)) {
    const result = await withRetries(deps, () => client.send(new ChangeResourceRecordSetsCommand({
      HostedZoneId: zoneId,
      ChangeBatch: {
        Comment: 'cdk-lightsail-certificate: validation records',
        Changes: inZone.map((r) => ({
          Action: 'UPSERT',
          ResourceRecordSet: { Name: r.name, Type: 'CNAME', TTL: VALIDATION_RECORD_TTL, ResourceRecords: [{ Value: r.value }] },
        })),
      },
    })));
    if (result.ChangeInfo?.Id) {
      changes.push(result.ChangeInfo.Id);
    }
  }
  await waitInSync(deps, client, changes);
}

/**
 * Removes the records no other certificate needs. Another certificate of the account, in any region,
 * may share a record (`except` is the one being removed). The records are deleted first and the account
 * looked at after, then what another certificate needs is put back: a certificate requested meanwhile,
 * which wrote the same record just before it was deleted, is seen then, so a shared record is at worst
 * missing for a moment, never lost. Should the look-up fail, everything is put back: a stray CNAME costs
 * nothing, a missing one stops another certificate from renewing. A record whose value someone has
 * changed is left alone.
 */
export async function releaseRecords(deps: HandlerDeps, records: readonly ZoneRecord[], except: string): Promise<void> {
  const client = deps.route53();
  const removed: ZoneRecord[] = [];
  for (const record of records) {
    if (await deleteRecord(deps, client, record)) {
      removed.push(record);
    }
  }
  if (removed.length === 0) {
    return;
  }
  const needed = await recordsStillNeeded(deps, except);
  const restore = removed.filter((r) => needed === undefined || needed.has(key(r.name, r.value)));
  if (restore.length > 0) {
    console.log(`Validation records kept: ${restore.map((r) => r.name).join(', ')} (${needed ? 'another certificate needs them' : 'could not tell whether another certificate needs them'})`);
    await publishRecords(deps, restore);
  }
}

/** Deletes one record if it is still the one written: same name, CNAME, same value. */
async function deleteRecord(deps: HandlerDeps, client: Route53Client, record: ZoneRecord): Promise<boolean> {
  const listed = await withRetries(deps, () => client.send(new ListResourceRecordSetsCommand({
    HostedZoneId: record.zoneId,
    StartRecordName: record.name,
    StartRecordType: 'CNAME',
    MaxItems: 1,
  })));
  const current = listed.ResourceRecordSets?.[0];
  const values = current?.ResourceRecords?.map((r) => r.Value) ?? [];
  if (!current || current.Type !== 'CNAME' || !sameDomain(current.Name ?? '', record.name) || values.length !== 1 || !sameDomain(values[0] ?? '', record.value)) {
    return false;
  }
  try {
    await withRetries(deps, () => client.send(new ChangeResourceRecordSetsCommand({
      HostedZoneId: record.zoneId,
      ChangeBatch: { Changes: [{ Action: 'DELETE', ResourceRecordSet: current }] },
    })));
    return true;
  } catch (error) {
    // Changed or removed by someone else since it was read: not ours to remove any more.
    if ((error as { name?: string }).name === 'InvalidChangeBatch') {
      return false;
    }
    throw error;
  }
}

/**
 * The records (name and value) every other certificate of the account needs, in every region Lightsail
 * serves, or `undefined` when a region could not be read.
 */
async function recordsStillNeeded(deps: HandlerDeps, except: string): Promise<Set<string> | undefined> {
  const perRegion = await Promise.all(LIGHTSAIL_REGIONS.map(async (region) => {
    // Patient: giving up puts every record back, which leaves a zone the stack deletes non-empty.
    for (let read = 1; ; read++) {
      try {
        return await certificatesIn(deps, region);
      } catch (error) {
        if (REGION_NOT_IN_USE.has((error as { name?: string }).name ?? '')) {
          return [];
        }
        const pause = backoff(deps, read, 2_000, 10_000);
        if (read >= REGION_READS || !hasTimeFor(deps, pause)) {
          console.log(`Could not list the certificates of ${region}: ${String(error)}`);
          return undefined;
        }
        await deps.sleep(pause);
      }
    }
  }));
  if (perRegion.some((list) => list === undefined)) {
    return undefined;
  }
  const needed = new Set<string>();
  for (const certificate of perRegion.flat() as CertificateSummary[]) {
    if (arnOf(certificate) === except) {
      continue;
    }
    for (const v of certificate.certificateDetail?.domainValidationRecords ?? []) {
      if (v.resourceRecord?.name && v.resourceRecord.value) {
        needed.add(key(v.resourceRecord.name, v.resourceRecord.value));
      }
    }
  }
  return needed;
}

async function certificatesIn(deps: HandlerDeps, region: string): Promise<CertificateSummary[]> {
  const client = deps.lightsail(region);
  const all: CertificateSummary[] = [];
  let pageToken: string | undefined;
  do {
    const page = await withRetries(deps, () => client.send(new GetCertificatesCommand({ includeCertificateDetails: true, pageToken })));
    all.push(...(page.certificates ?? []));
    pageToken = page.nextPageToken;
  } while (pageToken);
  return all;
}

/** Waits until Route 53 reports each change INSYNC, for at most {@link INSYNC_BUDGET_MS}; then goes on regardless. */
async function waitInSync(deps: HandlerDeps, client: Route53Client, changeIds: readonly string[]): Promise<void> {
  const deadline = deps.now() + INSYNC_BUDGET_MS;
  for (const id of changeIds) {
    for (let read = 1; ; read++) {
      const change = await withRetries(deps, () => client.send(new GetChangeCommand({ Id: id })));
      if (change.ChangeInfo?.Status === 'INSYNC') {
        break;
      }
      const pause = pauseBefore(deps, backoff(deps, read, 1_000, 10_000), deadline);
      if (pause === undefined) {
        // Validation reads DNS later anyway; a slow propagation only delays ISSUED.
        console.log(`Route 53 change ${id} not INSYNC yet; going on`);
        return;
      }
      await deps.sleep(pause);
    }
  }
}

function byZone(records: readonly ZoneRecord[]): Map<string, ZoneRecord[]> {
  const zones = new Map<string, ZoneRecord[]>();
  for (const record of records) {
    zones.set(record.zoneId, [...(zones.get(record.zoneId) ?? []), record]);
  }
  return zones;
}

function key(name: string, value: string): string {
  return `${normalizeName(name)} ${normalizeName(value)}`;
}
