import type { CertificateSummary } from '@aws-sdk/client-lightsail';
import type { Change, ResourceRecordSet, Route53Client } from '@aws-sdk/client-route-53';
import { HandlerDeps, hasTimeFor, pauseBefore } from './deps';
import { Holders, holdersName, PRE_EXISTING } from './holders';
import { sameDomain, sortKey } from './names';
import { backoff } from './retries';
import { changeRecordSets, changeStatus, listRecordSets } from './route53';
import { recordKey, ScanResult, scanForNeeders } from './scan';
import { isZoneAccessRefused } from './sts';
import { recordFor } from './summary';
import { ZoneAccess, zoneAccess } from './zone-access';
import { CertificateResourceProperties, propertyDomains } from '../src/private/contract';

/** The TTL of the validation records the handler writes. */
export const VALIDATION_RECORD_TTL = 60;

/**
 * The validation CNAMEs in Route 53, and who holds each. Lightsail may give two certificates the same
 * record (ACM gives one per account and domain), so the handler writes them itself, not as CloudFormation
 * record sets, and keeps beside each a holders TXT record ({@link Holders}) naming the certificates that
 * hold it. Every change of a CNAME or its holders is one Route 53 change batch that deletes exactly what
 * was read and creates what follows from it: a batch is all or nothing, CREATE fails when the record set
 * exists and DELETE unless name, type, TTL and values match (Route 53 API reference,
 * ChangeResourceRecordSets), so a batch built on a stale read fails and is built again on a new read —
 * a compare-and-swap. A batch whose answer was lost fails the same way when the SDK repeats it, and the
 * read after shows it applied. See docs/ARCHITECTURE.md, "Validation records".
 */

/** A validation record in a hosted zone. */
export interface ZoneRecord {
  readonly zoneId: string;
  readonly name: string;
  readonly value: string;
  /** The role to assume for the zone when it lives in another account. */
  readonly access?: ZoneAccess;
}

/** How long to wait for Route 53 to apply a change everywhere (INSYNC). */
export const INSYNC_BUDGET_MS = 2 * 60_000;

/** How many read-and-swap rounds a record gets before the handler gives up (each conflict means another writer made progress). */
export const SWAP_ROUNDS = 8;

/** The TTL of the holders TXT records: the same as the CNAMEs' (nobody resolves them). */
const HOLDERS_TTL = VALIDATION_RECORD_TTL;

/** The records the certificate's properties ask Route 53 to hold: one per domain with a zone, each once. */
export function zoneRecords(props: CertificateResourceProperties, certificate: CertificateSummary): ZoneRecord[] {
  const zones = props.HostedZoneIds ?? [];
  const domains = propertyDomains(props);
  const records: ZoneRecord[] = [];
  domains.forEach((domain, i) => {
    const record = recordFor(certificate, domain);
    if (zones[i] && record?.name && record.value && !records.some((r) => r.zoneId === zones[i] && sameDomain(r.name, record.name!))) {
      records.push({ zoneId: zones[i], name: record.name, value: record.value, access: zoneAccess(props.HostedZoneAccess?.[zones[i]]) });
    }
  });
  return records;
}

/** A record's CNAME and holders TXT as one read found them. */
interface RecordState {
  readonly cname?: ResourceRecordSet;
  readonly txt?: ResourceRecordSet;
  readonly holders?: Holders;
}

/**
 * Makes the certificate `arn` a holder of each record, writing the CNAME if it is missing, and waits
 * until Route 53 has applied the changes. A holder already has nothing to write (so a repeated call,
 * or one whose earlier answer was lost, changes nothing). A CNAME found with our value but no holders
 * was there before the handler: it is marked `pre-existing` and never removed. A CNAME with another value
 * is refused, naming it: replacing a record someone else wrote could break what uses it.
 */
export async function publishRecords(deps: HandlerDeps, records: readonly ZoneRecord[], arn: string): Promise<void> {
  const changes: Array<{ readonly client: Route53Client; readonly id: string }> = [];
  for (const record of records) {
    const client = deps.route53(record.access);
    const id = await swap(deps, client, record, async (state) => {
      const current = state.cname?.ResourceRecords?.map((r) => r.Value ?? '') ?? [];
      if (state.cname && (current.length !== 1 || !sameDomain(current[0], record.value))) {
        throw new Error(`Validation record ${record.name} in hosted zone ${record.zoneId} is a CNAME to ${current.join(', ')}, not to ${record.value}: `
          + 'it was not written by this construct; remove it (or point it to the certificate\'s value) and deploy again');
      }
      if (state.cname && state.holders?.has(arn)) return [];
      const base = state.holders ?? new Holders(state.cname ? [PRE_EXISTING] : []);
      return [
        ...(state.cname ? [] : [change('CREATE', cnameSet(record))]),
        ...(state.txt ? [change('DELETE', state.txt)] : []),
        change('CREATE', txtSet(record, base.with(arn))),
      ];
    });
    if (id) changes.push({ client, id });
  }
  await waitInSync(deps, changes);
}

/**
 * Gives up the certificate `arn`'s hold on each record. Another acquirer left: only the holders change.
 * Only the `pre-existing` mark left: the holders go, the CNAME stays as it was found. Nobody left: the
 * account is scanned ({@link scanForNeeders}: Lightsail in every region, ACM) for a live certificate that
 * needs the record; with none (and every region read) the CNAME and its holders go in one batch, else the
 * holders name what keeps it. The certificate leaves a tombstone (`released:<arn>`) so that a scan while
 * it is being deleted does not count it as needing the record. Not a holder: nothing to do.
 *
 * @param homeRegion a region with a Lightsail endpoint (the certificate's), to ask `GetRegions` in
 */
export async function releaseRecords(deps: HandlerDeps, records: readonly ZoneRecord[], arn: string, homeRegion: string): Promise<void> {
  // One scan serves every record of the certificate. It may come before a record's read: a certificate
  // of ours that needs the record and acquires after the scan either changes the holders (this batch then
  // fails and is rebuilt) or, once the record is gone, writes it again itself; certificates that never
  // acquire (ACM's, another tool's) exist long before and are seen either way.
  let scanned: Promise<ScanResult> | undefined;
  for (const record of records) {
    try {
      await swap(deps, deps.route53(record.access), record, async (state) => {
        if (!state.holders?.has(arn)) return [];
        const next = state.holders.without(arn);
        const dropTxt = change('DELETE', state.txt!);
        if (next.hasAcquirers) return [dropTxt, change('CREATE', txtSet(record, next))];
        if (next.preExisting) return [dropTxt];
        // Tombstoned certificates are being deleted: not counted (see docs/ARCHITECTURE.md, "Tombstones").
        scanned ??= scanForNeeders(deps, records, new Set([arn]), homeRegion);
        const found = await scanned;
        const scan = { unread: found.unread, needers: new Map([...found.needers].map(([k, v]) => [k, v.filter((n) => !next.released.includes(n))])) };
        const needers = scan.needers.get(recordKey(record)) ?? [];
        if (needers.length === 0 && !scan.unread) return [...(state.cname ? [change('DELETE', state.cname)] : []), dropTxt];
        console.log(`Validation record ${record.name} kept: ${needers.length > 0 ? `needed by ${needers.join(', ')}` : 'a region could not be read'}`);
        return [dropTxt, change('CREATE', txtSet(record, Holders.kept(needers, scan.unread, next.released)))];
      });
    } catch (error) {
      // The zone's account no longer lets this stack in (its role's trust or permissions were taken back):
      // holding up the certificate's deletion would not get the records out either, so they stay, said in the log.
      if (!isZoneAccessRefused(error) && !(record.access && (error as { name?: string }).name === 'AccessDenied')) throw error;
      console.log(`Validation record ${record.name} left in hosted zone ${record.zoneId}: ${(error as Error).message}`);
    }
  }
}

/**
 * Reads a record and applies the batch `decide` builds from what was read, again on a new read while
 * the batch fails because the record changed meanwhile (`InvalidChangeBatch`).
 *
 * @returns the change id, or `undefined` when there was nothing to change
 */
async function swap(
  deps: HandlerDeps, client: Route53Client, record: ZoneRecord, decide: (state: RecordState) => Promise<Change[]>,
): Promise<string | undefined> {
  for (let round = 1; ; round++) {
    const state = await readRecord(deps, client, record);
    const changes = await decide(state);
    if (changes.length === 0) return undefined;
    try {
      return await changeRecordSets(deps, client, record.zoneId, changes);
    } catch (error) {
      const pause = backoff(deps, round, 250, 4_000);
      if ((error as { name?: string }).name !== 'InvalidChangeBatch' || round >= SWAP_ROUNDS || !hasTimeFor(deps, pause)) throw error;
      await deps.sleep(pause);
    }
  }
}

/** The CNAME and its holders TXT: one listing from the CNAME on (the TXT sorts right after it), a second only when something sorts between. */
async function readRecord(deps: HandlerDeps, client: Route53Client, record: ZoneRecord): Promise<RecordState> {
  const txtName = holdersName(record.name);
  const listed = await listRecordSets(deps, client, { zoneId: record.zoneId, startName: record.name, startType: 'CNAME', maxItems: 2 });
  const sets = [...(listed.ResourceRecordSets ?? [])];
  const found = (name: string, type: string) => sets.find((s) => s.Type === type && sameDomain(s.Name, name));
  if (!found(txtName, 'TXT') && listed.IsTruncated && (listed.ResourceRecordSets ?? []).every((s) => sortKey(s.Name ?? '') < sortKey(txtName))) {
    const more = await listRecordSets(deps, client, { zoneId: record.zoneId, startName: txtName, startType: 'TXT', maxItems: 1 });
    sets.push(...(more.ResourceRecordSets ?? []));
  }
  const txt = found(txtName, 'TXT');
  return { cname: found(record.name, 'CNAME'), txt, holders: txt ? Holders.fromTxt(txt.ResourceRecords?.map((r) => r.Value ?? '') ?? []) : undefined };
}

/** Waits until Route 53 reports each change INSYNC, for at most {@link INSYNC_BUDGET_MS}; then goes on regardless. */
async function waitInSync(deps: HandlerDeps, changes: ReadonlyArray<{ readonly client: Route53Client; readonly id: string }>): Promise<void> {
  const deadline = deps.now() + INSYNC_BUDGET_MS;
  for (const { client, id } of changes) {
    for (let read = 1; ; read++) {
      if (await changeStatus(deps, client, id) === 'INSYNC') {
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

function change(action: 'CREATE' | 'DELETE', set: ResourceRecordSet): Change {
  return { Action: action, ResourceRecordSet: set };
}

function cnameSet(record: ZoneRecord): ResourceRecordSet {
  return { Name: record.name, Type: 'CNAME', TTL: VALIDATION_RECORD_TTL, ResourceRecords: [{ Value: record.value }] };
}

function txtSet(record: ZoneRecord, holders: Holders): ResourceRecordSet {
  return { Name: holdersName(record.name), Type: 'TXT', TTL: HOLDERS_TTL, ResourceRecords: holders.toTxt().map((Value) => ({ Value })) };
}
