import type { Change, ResourceRecordSet, Route53Client, RRType } from '@aws-sdk/client-route-53';
import type { CdkCustomResourceEvent, CdkCustomResourceResponse } from 'aws-lambda';
import { HandlerDeps, hasTimeFor, pauseBefore } from './deps';
import { backoff } from './retries';
import { changeRecordSets, changeStatus, listRecordSets } from './route53';
import { inSession, roleSessionName, zoneAccess } from './zone-access';
import { aliasRecordsPhysicalId, AliasRecordsProperties } from '../src/private/alias-records-contract';

/** A request for a `Custom::LightsailAliasRecords`. */
export type AliasRecordsEvent = CdkCustomResourceEvent<AliasRecordsProperties>;

/** How long to wait for Route 53 to apply the batch everywhere (INSYNC) before answering anyway. */
export const ALIAS_INSYNC_BUDGET_MS = 2 * 60_000;

/** Read-and-swap rounds before giving up: each failed round means another writer changed the zone meanwhile. */
export const ALIAS_SWAP_ROUNDS = 6;

/** One record set the resource wants (or wanted): name and type, and where its alias points. */
interface AliasRecord {
  readonly name: string;
  readonly type: string;
  readonly dnsName: string;
  readonly targetZoneId: string;
}

/**
 * Writes alias records into a hosted zone of another account as the role named for it, and owns exactly
 * what it wrote. A record set of the wanted name and type that is absent is created; one that already
 * sends the name to the target is left as it is (this resource's, from an earlier attempt whose answer was
 * lost); one that sends it to the target of the previous properties is moved (an Update: a replaced
 * distribution, another target); anything else was not written here and is refused, naming it, before
 * anything changes. Names or types no longer wanted are deleted if they still point where this resource
 * pointed them. Every change of a request is one batch: all or nothing (Route 53 API reference,
 * ChangeResourceRecordSets), and built on what was just read, so a batch that meets a changed zone (or a
 * repeat of itself whose answer was lost) fails and is built again on a new read.
 */
export async function onAliasRecordsEvent(event: AliasRecordsEvent, handlerDeps: HandlerDeps): Promise<CdkCustomResourceResponse> {
  // The zone account's CloudTrail names the stack and the resource.
  const deps = inSession(handlerDeps, roleSessionName(event));
  const props = event.ResourceProperties;
  const physicalId = aliasRecordsPhysicalId(props.HostedZoneId);
  if (event.RequestType === 'Delete') {
    await reconcile(deps, props, [], recordsOf(props), true);
    return { PhysicalResourceId: event.PhysicalResourceId };
  }
  if (event.RequestType === 'Create') {
    // aws-cdk-lib's entrypoint drops the Delete that follows a failed Create: what this Create wrote goes now.
    const progress: Progress = { created: [] };
    try {
      await reconcile(deps, props, recordsOf(props), [], false, progress);
    } catch (error) {
      if (progress.created.length > 0) {
        await reconcile(deps, props, [], progress.created, true).catch((undo) => {
          console.error(`The Create failed and its records (${progress.created.map(keyOf).join(', ')}) could not be removed: ${String(undo)}; remove them by hand`);
        });
      }
      throw error;
    }
    return { PhysicalResourceId: physicalId };
  }
  // Another zone is a new physical id: CloudFormation's cleanup deletes the old zone's records with the old properties.
  const previous = event.OldResourceProperties.HostedZoneId === props.HostedZoneId ? recordsOf(event.OldResourceProperties) : [];
  await reconcile(deps, props, recordsOf(props), previous, false);
  return { PhysicalResourceId: physicalId };
}

/** What a request has sent: the records its batch created (set before the batch goes, as its answer may be lost). */
interface Progress {
  created: AliasRecord[];
}

/** The record sets `props` describes: each name with each type. */
function recordsOf(props: AliasRecordsProperties): AliasRecord[] {
  return props.Names.flatMap((name) => props.Types.map((type) => ({
    name: normalize(name), type, dnsName: props.TargetDnsName, targetZoneId: props.TargetHostedZoneId,
  })));
}

/** Brings the zone from `previous` (what this resource wrote) to `wanted`, touching nothing else. */
async function reconcile(
  deps: HandlerDeps, props: AliasRecordsProperties, wanted: readonly AliasRecord[], previous: readonly AliasRecord[], deleting: boolean,
  progress?: Progress,
): Promise<void> {
  const access = zoneAccess({ RoleArn: props.RoleArn, ExternalId: props.ExternalId });
  const client = deps.route53(access);
  const zoneId = props.HostedZoneId;
  const keys = [...new Map([...wanted, ...previous].map((r) => [keyOf(r), r])).values()];
  for (let round = 1; ; round++) {
    const current = new Map<string, ResourceRecordSet | undefined>();
    try {
      // One read at a time: Route 53 allows five requests per second per account (its quotas page).
      for (const record of keys) current.set(keyOf(record), await readRecordSet(deps, client, zoneId, record));
    } catch (error) {
      // The zone is gone, and its records with it: nothing left to delete.
      if (deleting && (error as { name?: string }).name === 'NoSuchHostedZone') return;
      throw explained(error, props);
    }
    const changes: Change[] = [];
    const creating: AliasRecord[] = [];
    const refused: string[] = [];
    const wantedKeys = new Set(wanted.map(keyOf));
    for (const record of wanted) {
      const found = current.get(keyOf(record));
      const before = previous.find((p) => keyOf(p) === keyOf(record));
      if (!found) {
        changes.push({ Action: 'CREATE', ResourceRecordSet: aliasSet(record) });
        creating.push(record);
      } else if (pointsAt(found, record)) {
        continue;
      } else if (before && pointsAt(found, before)) {
        changes.push({ Action: 'DELETE', ResourceRecordSet: found }, { Action: 'CREATE', ResourceRecordSet: aliasSet(record) });
      } else {
        refused.push(describe(found));
      }
    }
    for (const record of previous.filter((p) => !wantedKeys.has(keyOf(p)))) {
      const found = current.get(keyOf(record));
      if (found && pointsAt(found, record)) changes.push({ Action: 'DELETE', ResourceRecordSet: found });
    }
    if (refused.length > 0) {
      throw new Error(`Hosted zone ${zoneId} already has ${refused.join(', ')}, which this resource did not write; `
        + 'delete it there, or leave the name out of domainNames (nothing was changed)');
    }
    if (changes.length === 0) return;
    // Kept across rounds: an earlier round's batch may have been applied with its answer lost.
    if (progress) progress.created = [...new Map([...progress.created, ...creating].map((r) => [keyOf(r), r])).values()];
    let changeId: string | undefined;
    try {
      changeId = await changeRecordSets(deps, client, zoneId, changes, 'cdk-lightsail-certificate: alias records of LightsailDomainRecords');
    } catch (error) {
      const pause = backoff(deps, round, 250, 4_000);
      if ((error as { name?: string }).name !== 'InvalidChangeBatch' || round >= ALIAS_SWAP_ROUNDS || !hasTimeFor(deps, pause)) throw explained(error, props);
      await deps.sleep(pause);
      continue;
    }
    if (changeId) await waitInSync(deps, client, changeId);
    return;
  }
}

/** The record set of the record's name and type, if the zone has one. */
async function readRecordSet(deps: HandlerDeps, client: Route53Client, zoneId: string, record: AliasRecord): Promise<ResourceRecordSet | undefined> {
  const listed = await listRecordSets(deps, client, { zoneId, startName: record.name, startType: record.type as RRType, maxItems: 1 });
  return (listed.ResourceRecordSets ?? []).find((s) => s.Type === record.type && normalize(s.Name) === record.name && s.SetIdentifier === undefined);
}

/**
 * Waits until Route 53 reports the change INSYNC, for at most {@link ALIAS_INSYNC_BUDGET_MS}; then answers
 * regardless. The change is made either way, so a status that can't be read (a role without
 * `route53:GetChange`) is logged, not failed: failing would leave records that no Delete removes.
 */
async function waitInSync(deps: HandlerDeps, client: Route53Client, id: string): Promise<void> {
  const deadline = deps.now() + ALIAS_INSYNC_BUDGET_MS;
  for (let read = 1; ; read++) {
    let status;
    try {
      status = await changeStatus(deps, client, id);
    } catch (error) {
      console.log(`Route 53 change ${id} applied; its status could not be read (${String(error)}); going on`);
      return;
    }
    if (status === 'INSYNC') return;
    const pause = pauseBefore(deps, backoff(deps, read, 1_000, 10_000), deadline);
    if (pause === undefined) {
      console.log(`Route 53 change ${id} not INSYNC yet; going on`);
      return;
    }
    await deps.sleep(pause);
  }
}

/** An error that says which role and zone it came from, keeping its name (so that retries and refusals stay told apart). */
function explained(error: unknown, props: AliasRecordsProperties): unknown {
  const e = error as { name?: string; message?: string };
  if (e.name !== 'AccessDenied' || e.message?.startsWith('Could not assume role')) return error;
  return Object.assign(new Error(`Route 53 refused the alias records in hosted zone ${props.HostedZoneId} to role ${props.RoleArn} (${e.message}); `
    + `its permissions policy must allow route53:ChangeResourceRecordSets for ${props.Types.join(' and ')} records named ${props.Names.join(', ')}, `
    + 'route53:ListResourceRecordSets on the zone and route53:GetChange'), { name: e.name });
}

function aliasSet(record: AliasRecord): ResourceRecordSet {
  return {
    Name: `${record.name}.`,
    Type: record.type as never,
    // Alias records to CloudFront and to Lightsail container services don't evaluate target health.
    AliasTarget: { DNSName: record.dnsName, HostedZoneId: record.targetZoneId, EvaluateTargetHealth: false },
  };
}

/** Whether the record set is a plain alias to the record's target. */
function pointsAt(set: ResourceRecordSet, record: AliasRecord): boolean {
  return set.AliasTarget !== undefined && normalize(set.AliasTarget.DNSName) === normalize(record.dnsName)
    && set.AliasTarget.HostedZoneId === record.targetZoneId;
}

function describe(set: ResourceRecordSet): string {
  const to = set.AliasTarget ? `an alias to ${normalize(set.AliasTarget.DNSName)}` : (set.ResourceRecords ?? []).map((r) => r.Value).join(', ');
  return `an ${set.Type} record for ${normalize(set.Name)} pointing at ${to}`;
}

function keyOf(record: Pick<AliasRecord, 'name' | 'type'>): string {
  return `${record.name}|${record.type}`;
}

/** DNS names compare without case and trailing dot. */
function normalize(name: string | undefined): string {
  const lower = (name ?? '').trim().toLowerCase();
  return lower.endsWith('.') ? lower.slice(0, -1) : lower;
}
