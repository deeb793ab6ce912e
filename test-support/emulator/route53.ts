/**
 * The emulator's Route 53: hosted zones (id → name), their record sets, and change batches applied
 * as Route 53 documents them, every committed change mirrored into the emulator's DNS
 * ({@link EmulatorDns}), which is what certificates validate against. The wire side (REST-XML over
 * HTTP) is in `route53-wire.ts`; this file is the model, usable directly from tests.
 *
 * What Route 53 documents and the emulator does:
 * - a change batch is atomic: every change is checked against the zone as the changes before it in
 *   the batch left it, and the batch is committed only if all of them pass;
 * - `CREATE` fails when the record set exists, `DELETE` unless one with exactly that name, type, TTL
 *   and values exists, `UPSERT` creates or replaces;
 * - a name outside the zone fails; an unknown zone is `NoSuchHostedZone` (404);
 * - the answer's `ChangeInfo` is `PENDING`; `GetChange` answers `INSYNC` once
 *   {@link Route53Emulator.changeSyncDelayMs} have passed on the emulator's clock;
 * - `ListResourceRecordSets` orders by name with the labels reversed (`com.example.www.`), then type;
 * - every zone has the apex `NS` and `SOA` record sets, which cannot be deleted and do not keep the
 *   zone from being deleted.
 *
 * Left out: alias records, routing policies (`SetIdentifier` and the rest: refused with
 * `InvalidInput`), wildcard escaping (`\052`), private zones, limits, `PriorRequestNotComplete`.
 */
import { Clock } from './clock';
import { EmulatorDns, normalizeDnsName } from './dns-store';

/** One record set. */
export interface Route53RecordSet {
  /** The name. In answers: lower case, with the trailing dot. */
  readonly name: string;
  /** The type, e.g. `CNAME`. */
  readonly type: string;
  /** The TTL in seconds. */
  readonly ttl: number;
  /** The values (`ResourceRecords`). */
  readonly values: readonly string[];
}

/** What a change does. */
export type Route53ChangeAction = 'CREATE' | 'DELETE' | 'UPSERT';

/** One change of a batch. */
export interface Route53Change {
  /** The action. */
  readonly action: Route53ChangeAction;
  /** The record set it applies to. */
  readonly recordSet: Route53RecordSet;
}

/** A change batch's `ChangeInfo`. */
export interface Route53ChangeInfo {
  /** The id, `/change/C...`, as Route 53 answers it. */
  readonly id: string;
  /** `PENDING` until the change has propagated, then `INSYNC`. */
  readonly status: 'PENDING' | 'INSYNC';
  /** When the batch was submitted, by the emulator's clock (epoch ms). */
  readonly submittedAt: number;
  /** The batch's comment, if it had one. */
  readonly comment?: string;
}

/** A hosted zone the emulator knows. */
export interface Route53Zone {
  /** The zone id without `/hostedzone/`, e.g. `Z0123456789ABC`. */
  readonly id: string;
  /** The zone name, lower case, with the trailing dot. */
  readonly name: string;
}

/** Where a listing starts and how long it is: the query of `ListResourceRecordSets`. */
export interface Route53ListOptions {
  /** Start at the first record set whose name is this or sorts after it. */
  readonly startRecordName?: string;
  /** With the name: start at the record set of this type, or the next one. Needs a name. */
  readonly startRecordType?: string;
  /** How many to answer, 1–300 (more is read as 300). Default 300. */
  readonly maxItems?: number;
}

/** One page of `ListResourceRecordSets`. */
export interface Route53RecordSetPage {
  /** The record sets, in Route 53's order. */
  readonly recordSets: Route53RecordSet[];
  /** Whether more follow. */
  readonly isTruncated: boolean;
  /** The page size applied. */
  readonly maxItems: number;
  /** Where the next page starts, when truncated. */
  readonly nextRecordName?: string;
  /** Where the next page starts, when truncated. */
  readonly nextRecordType?: string;
}

/** The Route 53 error codes the emulator answers. */
export type Route53ErrorCode =
  | 'InvalidChangeBatch'
  | 'InvalidInput'
  | 'NoSuchHostedZone'
  | 'NoSuchChange'
  | 'HostedZoneNotEmpty'
  | 'MissingAuthenticationToken'
  | 'UnknownOperation'
  | 'InternalFailure';

/** An error Route 53 answers with; on the wire an `ErrorResponse` with this `Code`. */
export class Route53Error extends Error {
  /** The HTTP status. */
  public readonly httpStatus: number;

  /**
   * @param code the error code; the SDK picks the exception class by it.
   * @param message the message.
   * @param httpStatus the HTTP status; default 400.
   */
  constructor(public readonly code: Route53ErrorCode, message: string, httpStatus = 400) {
    super(message);
    this.name = code;
    this.httpStatus = httpStatus;
  }
}

/** Options of a {@link Route53Emulator}. */
export interface Route53EmulatorOptions {
  /** How long (clock ms) a change stays `PENDING` in `GetChange`. Default 0: `INSYNC` at the first `GetChange`. */
  readonly changeSyncDelayMs?: number;
}

/** The record types Route 53 accepts (`RRType`). */
const RECORD_TYPES = new Set(['SOA', 'A', 'TXT', 'NS', 'CNAME', 'MX', 'NAPTR', 'PTR', 'SRV', 'SPF', 'AAAA', 'CAA', 'DS', 'TLSA', 'SSHFP', 'SVCB', 'HTTPS']);

/** The most record sets one `ListResourceRecordSets` page holds. */
const MAX_PAGE = 300;

interface ZoneState {
  readonly id: string;
  /** Normalised (no trailing dot). */
  readonly apex: string;
  /** By {@link recordKey}. */
  records: Map<string, Route53RecordSet>;
}

interface ChangeState {
  readonly id: string;
  readonly submittedAt: number;
  readonly comment?: string;
}

/** The emulator's Route 53 model. */
export class Route53Emulator {
  /** How long (clock ms) a change stays `PENDING`; may be changed at any time, applies to later `GetChange`s. */
  public changeSyncDelayMs: number;

  private readonly zoneStates = new Map<string, ZoneState>();
  private readonly changes = new Map<string, ChangeState>();
  private changeCounter = 0;

  /**
   * @param dns where committed record sets are mirrored.
   * @param clock the time source.
   * @param options the sync delay.
   */
  constructor(private readonly dns: EmulatorDns, private readonly clock: Clock, options: Route53EmulatorOptions = {}) {
    this.changeSyncDelayMs = options.changeSyncDelayMs ?? 0;
  }

  /**
   * Registers a hosted zone (as if it had been created): empty but for its apex `NS` and `SOA`.
   * Registering an id again with the same name keeps its records; with another name, starts afresh.
   *
   * @param id the zone id, with or without `/hostedzone/`.
   * @param name the zone name, e.g. `example.com` (case and trailing dot do not matter).
   */
  public addZone(id: string, name: string): void {
    const zoneId = bareZoneId(id);
    const apex = normalizeDnsName(name);
    if (this.zoneStates.get(zoneId)?.apex === apex) {
      return;
    }
    const zone: ZoneState = { id: zoneId, apex, records: new Map() };
    seedApexRecords(zone);
    this.zoneStates.set(zoneId, zone);
  }

  /**
   * Forgets a hosted zone, as `DeleteHostedZone` would. An unknown id is ignored.
   *
   * @param id the zone id, with or without `/hostedzone/`.
   * @throws Route53Error `HostedZoneNotEmpty` while it holds record sets other than its apex NS and SOA.
   */
  public removeZone(id: string): void {
    const zone = this.zoneStates.get(bareZoneId(id));
    if (!zone) {
      return;
    }
    const held = [...zone.records.values()].filter((r) => !isApexRequired(zone, r));
    if (held.length > 0) {
      throw new Route53Error('HostedZoneNotEmpty',
        `The specified hosted zone contains non-required resource record sets and so cannot be deleted. [${held.map((r) => `${r.name}|${r.type}`).join(', ')}]`);
    }
    this.zoneStates.delete(zone.id);
  }

  /** The known zones, in registration order. */
  public zones(): Route53Zone[] {
    return [...this.zoneStates.values()].map((z) => ({ id: z.id, name: fqdn(z.apex) }));
  }

  /**
   * Every record set of a zone, in Route 53's order, apex NS and SOA included.
   *
   * @param zoneId the zone id, with or without `/hostedzone/`.
   * @throws Route53Error `NoSuchHostedZone`.
   */
  public recordSets(zoneId: string): Route53RecordSet[] {
    return sorted([...this.zone(zoneId).records.values()]).map(copyOf);
  }

  /**
   * Applies a change batch atomically (`ChangeResourceRecordSets`).
   *
   * @param zoneId the zone id, with or without `/hostedzone/`.
   * @param changes the changes, applied in order.
   * @param comment the batch comment.
   * @returns the change's info, `PENDING`.
   * @throws Route53Error `NoSuchHostedZone`, `InvalidInput` (a change Route 53 cannot read), or
   *   `InvalidChangeBatch` (a change that cannot be applied; the message lists each, in brackets).
   */
  public changeResourceRecordSets(zoneId: string, changes: readonly Route53Change[], comment?: string): Route53ChangeInfo {
    const zone = this.zone(zoneId);
    if (changes.length === 0) {
      // unverified: the message (the model requires at least one change).
      throw new Route53Error('InvalidInput', 'Invalid request: the change batch must contain at least one change.');
    }
    changes.forEach(checkReadable);
    const working = new Map(zone.records);
    const problems: string[] = [];
    for (const change of changes) {
      const problem = applyChange(zone, working, change);
      if (problem !== undefined) {
        problems.push(problem);
      }
    }
    if (problems.length > 0) {
      // Route 53 answers the list of problems in brackets, e.g. "[Tried to create resource record set
      // [name='a.example.com.', type='CNAME'] but it already exists]". unverified: whether it reports
      // every problem or only the first, and the separator between several.
      throw new Route53Error('InvalidChangeBatch', `[${problems.join(', ')}]`);
    }
    const touched = new Set([...zone.records.keys(), ...working.keys()].filter((k) => zone.records.get(k) !== working.get(k)));
    zone.records = working;
    for (const key of touched) {
      this.mirror(key);
    }
    const id = `/change/C${(++this.changeCounter).toString(36).toUpperCase().padStart(13, '0')}`;
    const change: ChangeState = { id, submittedAt: this.clock(), comment };
    this.changes.set(id, change);
    return { id, status: 'PENDING', submittedAt: change.submittedAt, comment };
  }

  /**
   * A change's status (`GetChange`).
   *
   * @param id the change id, with or without `/change/`.
   * @throws Route53Error `NoSuchChange`.
   */
  public getChange(id: string): Route53ChangeInfo {
    const change = this.changes.get(`/change/${id.replace(/^\/?change\//, '')}`);
    if (!change) {
      // unverified: the message.
      throw new Route53Error('NoSuchChange', `A change with the specified change ID does not exist: ${id}`, 404);
    }
    const status = this.clock() >= change.submittedAt + this.changeSyncDelayMs ? 'INSYNC' : 'PENDING';
    return { id: change.id, status, submittedAt: change.submittedAt, comment: change.comment };
  }

  /**
   * One page of a zone's record sets (`ListResourceRecordSets`).
   *
   * @param zoneId the zone id, with or without `/hostedzone/`.
   * @param options where to start and how many.
   * @throws Route53Error `NoSuchHostedZone`, or `InvalidInput` for a type without a name or a bad `maxItems`.
   */
  public listResourceRecordSets(zoneId: string, options: Route53ListOptions = {}): Route53RecordSetPage {
    const zone = this.zone(zoneId);
    const { startRecordName, startRecordType } = options;
    if (startRecordType !== undefined && startRecordName === undefined) {
      // unverified: the message; the API reference says a type needs a name.
      throw new Route53Error('InvalidInput', 'The input is not valid: StartRecordType requires StartRecordName.');
    }
    if (options.maxItems !== undefined && (!Number.isInteger(options.maxItems) || options.maxItems < 1)) {
      throw new Route53Error('InvalidInput', `The input is not valid: MaxItems must be a positive integer, got ${options.maxItems}.`);
    }
    const maxItems = Math.min(options.maxItems ?? MAX_PAGE, MAX_PAGE);
    const all = sorted([...zone.records.values()]);
    const startKey = startRecordName === undefined ? undefined : sortKey(startRecordName);
    const startType = startRecordType?.toUpperCase() ?? '';
    const from = startKey === undefined ? 0 : all.findIndex((r) => {
      const key = sortKey(r.name);
      return key > startKey || (key === startKey && r.type >= startType);
    });
    const rest = from < 0 ? [] : all.slice(from);
    const page = rest.slice(0, maxItems);
    const next = rest[maxItems];
    return {
      recordSets: page.map(copyOf),
      isTruncated: next !== undefined,
      maxItems,
      nextRecordName: next?.name,
      nextRecordType: next?.type,
    };
  }

  /** Forgets every record set and change; zones stay (with only their apex NS and SOA). */
  public clear(): void {
    for (const zone of this.zoneStates.values()) {
      zone.records = new Map();
      seedApexRecords(zone);
    }
    this.changes.clear();
  }

  private zone(id: string): ZoneState {
    const zone = this.zoneStates.get(bareZoneId(id));
    if (!zone) {
      throw new Route53Error('NoSuchHostedZone', `No hosted zone found with ID: ${bareZoneId(id)}`, 404);
    }
    return zone;
  }

  /**
   * Writes what the zones now hold for one name and type into the DNS, or removes it. The zones'
   * apex NS and SOA are not DNS content the emulator's certificates care about and are never written.
   */
  private mirror(key: string): void {
    const holders = [...this.zoneStates.values()]
      .map((z) => ({ zone: z, record: z.records.get(key) }))
      .filter((h): h is { zone: ZoneState; record: Route53RecordSet } => h.record !== undefined && !isApexRequired(h.zone, h.record));
    const [name, type] = key.split('|');
    const holder = holders[0];
    if (holder) {
      // The DNS holds one value per name and type; with several values the last one stands (as the
      // deploy driver writes them).
      for (const value of holder.record.values) {
        this.dns.upsert({ name: holder.record.name, type, value });
      }
    } else {
      this.dns.delete(fqdn(name), type);
    }
  }
}

/** A zone id without the `/hostedzone/` prefix the SDK strips too. */
function bareZoneId(id: string): string {
  return id.replace(/^\/?hostedzone\//, '');
}

/** A normalised name as Route 53 answers it: with the trailing dot. */
function fqdn(normalized: string): string {
  return `${normalized}.`;
}

function recordKey(name: string, type: string): string {
  return `${normalizeDnsName(name)}|${type}`;
}

/** Route 53's listing order: the name's labels reversed, with a trailing dot (`com.example.www.`). */
function sortKey(name: string): string {
  return fqdn(normalizeDnsName(name).split('.').reverse().join('.'));
}

function sorted(records: Route53RecordSet[]): Route53RecordSet[] {
  return records.map((r) => ({ r, key: sortKey(r.name) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.r.type < b.r.type ? -1 : a.r.type > b.r.type ? 1 : 0))
    .map((x) => x.r);
}

function copyOf(record: Route53RecordSet): Route53RecordSet {
  return { name: record.name, type: record.type, ttl: record.ttl, values: [...record.values] };
}

function isApexRequired(zone: ZoneState, record: Route53RecordSet): boolean {
  return (record.type === 'NS' || record.type === 'SOA') && normalizeDnsName(record.name) === zone.apex;
}

function seedApexRecords(zone: ZoneState): void {
  const name = fqdn(zone.apex);
  const ns = ['ns-1.awsdns-01.org.', 'ns-2.awsdns-02.co.uk.', 'ns-3.awsdns-03.com.', 'ns-4.awsdns-04.net.'];
  zone.records.set(recordKey(name, 'NS'), { name, type: 'NS', ttl: 172800, values: ns });
  zone.records.set(recordKey(name, 'SOA'), { name, type: 'SOA', ttl: 900, values: [`${ns[0]} awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400`] });
}

/** Refuses, with `InvalidInput`, a change Route 53 could not read at all (the whole request fails). */
function checkReadable(change: Route53Change): void {
  const { action, recordSet: r } = change;
  if (!['CREATE', 'DELETE', 'UPSERT'].includes(action)) {
    throw new Route53Error('InvalidInput', `Invalid request: unknown Action '${action}'; expected CREATE, DELETE or UPSERT.`);
  }
  if (!r.name || !r.type) {
    throw new Route53Error('InvalidInput', 'Invalid request: a ResourceRecordSet needs a Name and a Type.');
  }
  if (!RECORD_TYPES.has(r.type)) {
    // unverified: the message.
    throw new Route53Error('InvalidInput', `Invalid request: '${r.type}' is not a valid record type.`);
  }
  if (!Number.isInteger(r.ttl) || r.ttl < 0 || r.values.length === 0) {
    // The message Route 53 gives for a record set without TTL or values.
    throw new Route53Error('InvalidInput',
      `Invalid request: Expected exactly one of [AliasTarget, all of [TTL, and ResourceRecords], or TrafficPolicyInstanceId], but found none in Change with [Action=${action}, Name=${r.name}, Type=${r.type}, SetIdentifier=null]`);
  }
}

/**
 * Applies one change to the working copy of a zone's records, or says why it cannot be applied
 * (one entry of `InvalidChangeBatch`'s list).
 */
function applyChange(zone: ZoneState, working: Map<string, Route53RecordSet>, change: Route53Change): string | undefined {
  const name = fqdn(normalizeDnsName(change.recordSet.name));
  const type = change.recordSet.type;
  const key = recordKey(name, type);
  const record: Route53RecordSet = { name, type, ttl: change.recordSet.ttl, values: [...change.recordSet.values] };
  const normalized = normalizeDnsName(name);
  const zoneName = fqdn(zone.apex);
  if (normalized !== zone.apex && !normalized.endsWith(`.${zone.apex}`)) {
    return `RRSet with DNS name ${name} is not permitted in zone ${zoneName}`;
  }
  const existing = working.get(key);
  switch (change.action) {
    case 'CREATE':
      if (existing) {
        return `Tried to create resource record set [name='${name}', type='${type}'] but it already exists`;
      }
      break;
    case 'DELETE':
      if (!existing) {
        return `Tried to delete resource record set [name='${name}', type='${type}'] but it was not found`;
      }
      if (!sameContent(existing, record)) {
        return `Tried to delete resource record set [name='${name}', type='${type}'] but the values provided do not match the current values`;
      }
      if (isApexRequired(zone, existing)) {
        return type === 'SOA' ? 'A HostedZone must contain exactly one SOA record.' : 'A HostedZone must contain at least one NS record for the zone itself.';
      }
      working.delete(key);
      return undefined;
    default: // UPSERT
      break;
  }
  const problem = cnameProblem(zone, working, record);
  if (problem !== undefined) {
    return problem;
  }
  working.set(key, record);
  return undefined;
}

/** What Route 53 says against a CNAME where it cannot be, or another type beside a CNAME (messages unverified). */
function cnameProblem(zone: ZoneState, working: Map<string, Route53RecordSet>, record: Route53RecordSet): string | undefined {
  const normalized = normalizeDnsName(record.name);
  const zoneName = fqdn(zone.apex);
  const others = [...working.values()].filter((r) => normalizeDnsName(r.name) === normalized && r.type !== record.type);
  if (record.type === 'CNAME') {
    if (record.values.length !== 1) {
      return `RRSet of type CNAME with DNS name ${record.name} must have exactly one value`;
    }
    if (normalized === zone.apex) {
      return `RRSet of type CNAME with DNS name ${record.name} is not permitted at apex in zone ${zoneName}`;
    }
    if (others.length > 0) {
      return `RRSet of type CNAME with DNS name ${record.name} is not permitted as it conflicts with other records with the same DNS name in zone ${zoneName}`;
    }
  } else if (others.some((r) => r.type === 'CNAME')) {
    return `RRSet of type ${record.type} with DNS name ${record.name} is not permitted because a conflicting RRSet of type CNAME with the same DNS name already exists in zone ${zoneName}`;
  }
  return undefined;
}

/**
 * Whether a DELETE names exactly the record set that exists: same TTL and the same values in any
 * order. CNAME values are names and compare like names (case and trailing dot ignored; unverified:
 * Route 53 may compare them byte for byte); other values compare exactly.
 */
function sameContent(existing: Route53RecordSet, wanted: Route53RecordSet): boolean {
  const norm = (values: readonly string[]) => values.map((v) => (existing.type === 'CNAME' ? normalizeDnsName(v) : v)).sort();
  const a = norm(existing.values);
  const b = norm(wanted.values);
  return existing.ttl === wanted.ttl && a.length === b.length && a.every((v, i) => v === b[i]);
}
