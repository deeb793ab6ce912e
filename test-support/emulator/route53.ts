/**
 * Route 53: hosted zones and their record sets, changed in atomic batches as Route 53 documents, each
 * committed record set mirrored into the public DNS ({@link EmulatorDns}), which is what certificates
 * validate against; and its REST-XML API for the calls the handlers make, each checked against IAM
 * with the condition keys Route 53 sets:
 *
 * - `POST /2013-04-01/hostedzone/{Id}/rrset[/]` → `ChangeResourceRecordSets`: the batch is checked change
 *   by change against the zone as the earlier changes left it, and committed only if all pass; `CREATE`
 *   fails when the record set exists, `DELETE` unless one with exactly that name, type, TTL and values
 *   does, `UPSERT` creates or replaces; a name outside the zone fails. The answer is `PENDING`.
 * - `GET /2013-04-01/change/{Id}` → `GetChange`: `INSYNC` (the emulator propagates at once).
 * - `GET /2013-04-01/hostedzone/{Id}/rrset?name=&type=&maxitems=` → `ListResourceRecordSets`, ordered by
 *   name with the labels reversed (`com.example.www.`), then type, from `name`/`type` on.
 *
 * Errors are `<ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse>`, whose
 * `Code` the SDK maps to its exception classes. Requests must be SigV4-signed, for any region (Route 53
 * is global; with a custom endpoint the SDK signs with the client's region). Faults
 * ({@link FaultInjector.decideRoute53}) apply after IAM: `drop` before the change, `dropAfterApply` after
 * it is committed (the client's retry then meets its own change), `throttling` (`Throttling`, 400) and
 * `serviceException` (`ServiceUnavailable`, 503; unverified which 5xx code Route 53 answers).
 * Alias records (`AliasTarget`) are kept as such and listed back; the public DNS gets the target's name as
 * the record's value. Left out: routing policies, the zones' apex NS and SOA, private zones, limits.
 */
import { randomUUID } from 'node:crypto';
import { CallLog } from './calls';
import { EmulatorDns, normalizeDnsName } from './dns';
import { FaultInjector } from './faults';
import type { HttpCall, HttpReply, SignedScope } from './index';
import type { AccessCheck } from '../driver/iam';

/** One record set; names as Route 53 answers them (lower case, trailing dot). */
export interface Route53RecordSet {
  readonly name: string;
  readonly type: string;
  readonly ttl: number;
  readonly values: readonly string[];
  /**
   * An alias record's target (then `ttl` is 0 and `values` holds the target's DNS name, lower case, without the trailing dot).
   */
  readonly alias?: Route53AliasTarget;
}

/** An alias record's `AliasTarget`. */
export interface Route53AliasTarget {
  readonly hostedZoneId: string;
  readonly dnsName: string;
  readonly evaluateTargetHealth: boolean;
}

/** One change of a batch. */
export interface Route53Change {
  readonly action: string;
  readonly recordSet: Route53RecordSet;
}

/** An error Route 53 answers with (`Code` on the wire). */
export class Route53Error extends Error {
  constructor(readonly code: Route53ErrorCode, message: string, readonly httpStatus = 400) {
    super(message);
  }
}

/** The error codes of Route 53's model the emulator answers (the facts check holds them to botocore's model). */
export const ROUTE53_MODEL_ERRORS = ['HostedZoneNotEmpty', 'InvalidInput', 'InvalidChangeBatch', 'NoSuchHostedZone', 'NoSuchChange'] as const;

/** What AWS's REST services answer besides their model's errors (in no service model). */
export const REST_PROTOCOL_ERRORS = ['AccessDenied', 'UnknownOperation', 'MissingAuthenticationToken', 'InternalFailure', 'Throttling', 'ServiceUnavailable'] as const;

/** An error code the emulator answers. */
export type Route53ErrorCode = typeof ROUTE53_MODEL_ERRORS[number] | typeof REST_PROTOCOL_ERRORS[number];

/** The operations the emulator serves (the handler's three). */
export const ROUTE53_OPERATIONS = ['ChangeResourceRecordSets', 'ListResourceRecordSets', 'GetChange'] as const;

/** The model's `ChangeAction`s and `ChangeStatus`es the emulator takes and answers. */
export const ROUTE53_ENUMS = { ChangeAction: ['CREATE', 'DELETE', 'UPSERT'], ChangeStatus: ['PENDING', 'INSYNC'] } as const;

/** The path prefix of every Route 53 request (the API version). */
export const ROUTE53_PATH_PREFIX = '/2013-04-01/';

/** Route 53's model: zones (by id, without `/hostedzone/`) and the changes made. */
export class Route53Emulator {
  private readonly zones = new Map<string, { readonly apex: string; readonly account?: string; records: Map<string, Route53RecordSet> }>();
  private readonly changes = new Map<string, { readonly submittedAt: number; readonly comment?: string }>();
  private changeCounter = 0;

  /** @param homeAccount the account of zones added without one (the emulator's) */
  constructor(private readonly dns: EmulatorDns, private readonly faults?: FaultInjector, private readonly homeAccount?: string) {}

  /**
   * Registers a hosted zone (`/hostedzone/` prefix, case and trailing dot do not matter); again with the same name, it keeps its records.
   *
   * @param account the account that owns it; by default the emulator's. IAM is asked with it (`resourceAccount`):
   *   only a principal of that account can change or read the zone (Route 53 has no resource-based policies).
   */
  public addZone(id: string, name: string, account?: string): void {
    const apex = normalizeDnsName(name);
    if (this.zones.get(bareZoneId(id))?.apex !== apex) this.zones.set(bareZoneId(id), { apex, account, records: new Map() });
  }

  /** The account that owns a zone. */
  public zoneAccount(id: string): string | undefined {
    return this.zones.get(bareZoneId(id))?.account ?? this.homeAccount;
  }

  /** Forgets a zone, as `DeleteHostedZone`; fails with `HostedZoneNotEmpty` while it holds record sets. */
  public removeZone(id: string): void {
    const zone = this.zones.get(bareZoneId(id));
    if (zone && zone.records.size > 0) {
      throw new Route53Error('HostedZoneNotEmpty', `The specified hosted zone contains non-required resource record sets and so cannot be deleted. [${[...zone.records.keys()].join(', ')}]`);
    }
    this.zones.delete(bareZoneId(id));
  }

  /** The record sets of a zone, in Route 53's order. */
  public recordSets(zoneId: string): Route53RecordSet[] {
    return sorted([...this.zone(zoneId).records.values()]);
  }

  /** Applies a change batch atomically; returns the change id (`/change/C…`). */
  public changeResourceRecordSets(zoneId: string, changes: readonly Route53Change[], comment?: string): string {
    const zone = this.zone(zoneId);
    // unverified: the message (the model requires at least one change).
    if (changes.length === 0) throw new Route53Error('InvalidInput', 'Invalid request: the change batch must contain at least one change.');
    for (const { action, recordSet: r } of changes) {
      if (!(ROUTE53_ENUMS.ChangeAction as readonly string[]).includes(action) || !r.name || !r.type) {
        throw new Route53Error('InvalidInput', `Invalid request: a change needs an Action (CREATE, DELETE or UPSERT), a Name and a Type, got ${action} ${r.name} ${r.type}.`);
      }
      if (!Number.isInteger(r.ttl) || r.ttl < 0 || r.values.length === 0) {
        throw new Route53Error('InvalidInput', `Invalid request: Expected exactly one of [AliasTarget, all of [TTL, and ResourceRecords], or TrafficPolicyInstanceId], but found none in Change with [Action=${action}, Name=${r.name}, Type=${r.type}, SetIdentifier=null]`);
      }
    }
    const working = new Map(zone.records);
    const problems = changes.map((change) => applyChange(zone.apex, working, change)).filter((p) => p !== undefined);
    // unverified: whether Route 53 lists every problem or the first, and how it separates several.
    if (problems.length > 0) throw new Route53Error('InvalidChangeBatch', `[${problems.join(', ')}]`);
    const touched = [...new Set([...zone.records.keys(), ...working.keys()])].filter((k) => zone.records.get(k) !== working.get(k));
    zone.records = working;
    for (const key of touched) {
      const [name, type] = key.split('|');
      // The DNS holds one value per name and type: with several values the last one stands.
      const holder = [...this.zones.values()].map((z) => z.records.get(key)).find((r) => r !== undefined);
      if (holder) holder.values.forEach((value) => this.dns.upsert({ name: holder.name, type, value }));
      else this.dns.delete(`${name}.`, type);
    }
    const id = `/change/C${(++this.changeCounter).toString(36).toUpperCase().padStart(13, '0')}`;
    this.changes.set(id, { submittedAt: Date.now(), comment });
    return id;
  }

  private zone(id: string): { readonly apex: string; readonly account?: string; records: Map<string, Route53RecordSet> } {
    const zone = this.zones.get(bareZoneId(id));
    if (!zone) throw new Route53Error('NoSuchHostedZone', `No hosted zone found with ID: ${bareZoneId(id)}`, 404);
    return zone;
  }

  /** Answers one Route 53 request, checked against IAM, and logs it. */
  public async handle(call: HttpCall, scope: SignedScope | undefined, calls: CallLog, accessCheck?: AccessCheck): Promise<HttpReply> {
    const at = Date.now();
    const url = new URL(call.path, 'http://route53.local');
    const rrset = /^\/2013-04-01\/hostedzone\/([^/]+)\/rrset\/?$/.exec(url.pathname);
    const change = /^\/2013-04-01\/change\/([^/]+)\/?$/.exec(url.pathname);
    const zoneId = rrset ? bareZoneId(decodeURIComponent(rrset[1])) : '';
    const changeId = change ? decodeURIComponent(change[1]).replace(/^\/?change\//, '') : '';
    let operation = `${call.method} ${url.pathname}`;
    let input: Record<string, unknown> = {};
    /** IAM's say, on the zone or the change, with the request's condition keys. */
    const authorize = (resource: string, context?: Record<string, string[]>) => {
      // unverified: whether Route 53 answers a principal of another account with AccessDenied (played here) or NoSuchHostedZone.
      const resourceAccount = resource.includes(':hostedzone/') ? this.zoneAccount(zoneId) : undefined;
      const denied = accessCheck?.({ accessKeyId: scope!.accessKeyId, action: `route53:${operation}`, resource, context, resourceAccount });
      if (denied !== undefined) throw new Route53Error('AccessDenied', denied, 403);
    };
    try {
      let route: (() => string) | undefined;
      if (rrset && call.method === 'POST') {
        operation = 'ChangeResourceRecordSets';
        input = { HostedZoneId: zoneId };
        route = () => {
          const batch = readChangeBatch(call.body);
          input = { HostedZoneId: zoneId, ChangeBatch: batch.logged };
          // The condition keys Route 53 documents for this action (names normalised: lower case, no trailing dot).
          authorize(`arn:aws:route53:::hostedzone/${zoneId}`, {
            'route53:ChangeResourceRecordSetsActions': batch.changes.map((c) => c.action),
            'route53:ChangeResourceRecordSetsRecordTypes': batch.changes.map((c) => c.recordSet.type),
            'route53:ChangeResourceRecordSetsNormalizedRecordNames': batch.changes.map((c) => normalizeDnsName(c.recordSet.name)),
          });
          return this.changeInfo('ChangeResourceRecordSetsResponse', this.changeResourceRecordSets(zoneId, batch.changes, batch.comment), 'PENDING');
        };
      } else if (rrset && call.method === 'GET') {
        operation = 'ListResourceRecordSets';
        const [name, type, max] = ['name', 'type', 'maxitems'].map((k) => url.searchParams.get(k) ?? undefined);
        const query = { HostedZoneId: zoneId, StartRecordName: name, StartRecordType: type, MaxItems: max };
        input = Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined));
        route = () => {
          authorize(`arn:aws:route53:::hostedzone/${zoneId}`);
          return this.list(zoneId, name, type, max);
        };
      } else if (change && call.method === 'GET') {
        operation = 'GetChange';
        input = { Id: changeId };
        route = () => {
          authorize(`arn:aws:route53:::change/${changeId}`);
          return this.changeInfo('GetChangeResponse', `/change/${changeId}`, 'INSYNC');
        };
      }
      // unverified: what Route 53 answers for a path or method it does not serve, and for an unsigned request.
      if (!route) throw new Route53Error('UnknownOperation', `The emulator's Route 53 does not serve ${call.method} ${url.pathname}.`, 404);
      if (scope === undefined) throw new Route53Error('MissingAuthenticationToken', 'Missing Authentication Token', 403);
      const fault = this.faults?.decideRoute53(operation);
      if (fault === 'throttling') throw new Route53Error('Throttling', 'Rate exceeded', 400);
      if (fault === 'serviceException') throw new Route53Error('ServiceUnavailable', 'Service unavailable', 503);
      if (fault === 'drop') {
        calls.add({ at, service: 'route53', operation, region: scope.region, accessKeyId: scope.accessKeyId, input, outcome: 'dropped', fault });
        return { kind: 'drop' };
      }
      const body = route();
      if (fault === 'dropAfterApply') {
        calls.add({ at, service: 'route53', operation, region: scope.region, accessKeyId: scope.accessKeyId, input, outcome: 'dropped', fault });
        return { kind: 'drop' };
      }
      calls.add({ at, service: 'route53', operation, region: scope.region, accessKeyId: scope.accessKeyId, input, outcome: 'ok', httpStatus: 200 });
      return { kind: 'answer', status: 200, headers: headers(), body };
    } catch (error) {
      // A bug of the emulator is answered as the service's own fault, not mistaken for bad input.
      const failure = error instanceof Route53Error ? error : new Route53Error('InternalFailure', `Emulator error: ${String(error)}`, 500);
      calls.add({ at, service: 'route53', operation, region: scope?.region, accessKeyId: scope?.accessKeyId, input, outcome: failure.code, httpStatus: failure.httpStatus });
      const body = `<?xml version="1.0"?>\n<ErrorResponse xmlns="${NAMESPACE}">${element('Error', text('Type', failure.httpStatus >= 500 ? 'Receiver' : 'Sender'),
        text('Code', failure.code), text('Message', failure.message))}${text('RequestId', randomUUID())}</ErrorResponse>`;
      return { kind: 'answer', status: failure.httpStatus, headers: headers(), body };
    }
  }

  /** A `ChangeInfo` answer; `NoSuchChange` for a change never made (unverified: the message). */
  private changeInfo(root: string, id: string, status: typeof ROUTE53_ENUMS.ChangeStatus[number]): string {
    const change = this.changes.get(id);
    if (!change) throw new Route53Error('NoSuchChange', `A change with the specified change ID does not exist: ${id.replace('/change/', '')}`, 404);
    return documentOf(root, element('ChangeInfo', text('Id', id), text('Status', status), text('SubmittedAt', new Date(change.submittedAt).toISOString()), text('Comment', change.comment)));
  }

  /** `ListResourceRecordSets` (unverified: the message for a type without a name, or a bad `maxitems`). */
  private list(zoneId: string, name?: string, type?: string, max?: string): string {
    const all = this.recordSets(zoneId);
    if (type !== undefined && name === undefined) throw new Route53Error('InvalidInput', 'The input is not valid: StartRecordType requires StartRecordName.');
    const maxItems = max === undefined ? 300 : Number(max);
    if (!Number.isInteger(maxItems) || maxItems < 1) throw new Route53Error('InvalidInput', `The input is not valid: MaxItems must be a positive integer, got ${max}.`);
    const pageSize = Math.min(maxItems, 300);
    const startKey = name === undefined ? undefined : sortKey(name);
    const from = startKey === undefined ? 0 : all.findIndex((r) => sortKey(r.name) > startKey || (sortKey(r.name) === startKey && r.type >= (type ?? '').toUpperCase()));
    const rest = from < 0 ? [] : all.slice(from);
    const next = rest[pageSize];
    const sets = rest.slice(0, pageSize).map((r) => (r.alias
      ? element('ResourceRecordSet', text('Name', r.name), text('Type', r.type), element('AliasTarget', text('HostedZoneId', r.alias.hostedZoneId),
        text('DNSName', `${normalizeDnsName(r.alias.dnsName)}.`), text('EvaluateTargetHealth', r.alias.evaluateTargetHealth)))
      : element('ResourceRecordSet', text('Name', r.name), text('Type', r.type), text('TTL', r.ttl),
        element('ResourceRecords', ...r.values.map((v) => element('ResourceRecord', text('Value', v)))))));
    return documentOf('ListResourceRecordSetsResponse', element('ResourceRecordSets', ...sets),
      text('IsTruncated', next !== undefined), text('NextRecordName', next?.name), text('NextRecordType', next?.type), text('MaxItems', pageSize));
  }
}

/** Applies one change to the working copy of a zone's records, or says why it cannot (one entry of `InvalidChangeBatch`'s list). */
function applyChange(apex: string, working: Map<string, Route53RecordSet>, change: Route53Change): string | undefined {
  const name = `${normalizeDnsName(change.recordSet.name)}.`;
  const { type } = change.recordSet;
  const key = `${normalizeDnsName(name)}|${type}`;
  const record = { ...change.recordSet, name, values: [...change.recordSet.values] };
  if (name !== `${apex}.` && !name.endsWith(`.${apex}.`)) return `RRSet with DNS name ${name} is not permitted in zone ${apex}.`;
  const existing = working.get(key);
  if (change.action === 'CREATE' && existing) return `Tried to create resource record set [name='${name}', type='${type}'] but it already exists`;
  if (change.action === 'DELETE') {
    if (!existing) return `Tried to delete resource record set [name='${name}', type='${type}'] but it was not found`;
    // Same TTL and values, in any order; CNAME values compare as names (unverified: maybe byte for byte).
    const values = (r: Route53RecordSet) => r.values.map((v) => (type === 'CNAME' ? normalizeDnsName(v) : v)).sort().join('\n');
    // An alias matches on its whole AliasTarget (the API reference: DELETE needs the values "exactly as they are").
    const alias = (r: Route53RecordSet) => (r.alias ? `${r.alias.hostedZoneId} ${normalizeDnsName(r.alias.dnsName)} ${r.alias.evaluateTargetHealth}` : '');
    if (existing.ttl !== record.ttl || values(existing) !== values(record) || alias(existing) !== alias(record)) {
      return `Tried to delete resource record set [name='${name}', type='${type}'] but the values provided do not match the current values`;
    }
    working.delete(key);
    return undefined;
  }
  working.set(key, record);
  return undefined;
}

/** Route 53's listing order: the labels reversed (`com.example.www.`), then the type. */
function sortKey(name: string): string {
  return `${normalizeDnsName(name).split('.').reverse().join('.')}.`;
}

function sorted(records: Route53RecordSet[]): Route53RecordSet[] {
  const key = (r: Route53RecordSet) => `${sortKey(r.name)} ${r.type}`;
  return records.map((r) => ({ ...r, values: [...r.values] })).sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

function bareZoneId(id: string): string {
  return id.replace(/^\/?hostedzone\//, '');
}

/** Reads a `ChangeResourceRecordSetsRequest`, and the batch as the SDK's input names it, for the call log. */
function readChangeBatch(body: string): { changes: Route53Change[]; comment?: string; logged: Record<string, unknown> } {
  const root = parseXml(body);
  if (root.name !== 'ChangeResourceRecordSetsRequest') throw new Route53Error('InvalidInput', `Invalid request: expected a ChangeResourceRecordSetsRequest, got ${root.name}.`);
  const batch = child(root, 'ChangeBatch');
  const comment = child(batch, 'Comment')?.text;
  const changes = children(child(batch, 'Changes'), 'Change').map((c): Route53Change => {
    const set = child(c, 'ResourceRecordSet');
    const ttl = child(set, 'TTL')?.text.trim();
    const aliasTarget = child(set, 'AliasTarget');
    const values = children(child(set, 'ResourceRecords'), 'ResourceRecord').map((r) => child(r, 'Value')?.text ?? '');
    const action = child(c, 'Action')?.text ?? '';
    const name = child(set, 'Name')?.text ?? '';
    const type = child(set, 'Type')?.text ?? '';
    if (aliasTarget) {
      if (ttl !== undefined || values.length > 0) {
        throw new Route53Error('InvalidInput', `Invalid request: Expected exactly one of [AliasTarget, all of [TTL, and ResourceRecords], or TrafficPolicyInstanceId], but found more than one in Change with [Action=${action}, Name=${name}, Type=${type}, SetIdentifier=null]`);
      }
      const alias = {
        hostedZoneId: child(aliasTarget, 'HostedZoneId')?.text ?? '',
        dnsName: child(aliasTarget, 'DNSName')?.text ?? '',
        evaluateTargetHealth: child(aliasTarget, 'EvaluateTargetHealth')?.text.trim() === 'true',
      };
      return { action, recordSet: { name, type, ttl: 0, values: [normalizeDnsName(alias.dnsName)], alias } };
    }
    return { action, recordSet: { name, type, ttl: ttl ? Number(ttl) : Number.NaN, values } };
  });
  const logged = {
    ...(comment === undefined ? {} : { Comment: comment }),
    Changes: changes.map(({ action, recordSet: r }) => ({
      Action: action,
      ResourceRecordSet: r.alias
        ? {
          Name: r.name,
          Type: r.type,
          AliasTarget: { HostedZoneId: r.alias.hostedZoneId, DNSName: r.alias.dnsName, EvaluateTargetHealth: r.alias.evaluateTargetHealth },
        }
        : { Name: r.name, Type: r.type, ...(Number.isNaN(r.ttl) ? {} : { TTL: r.ttl }), ResourceRecords: r.values.map((Value) => ({ Value })) },
    })),
  };
  return { changes, comment, logged };
}

// Just enough XML for Route 53's REST-XML: a reader for the bodies the SDK sends (elements and text;
// attributes such as xmlns read past; no DTDs) and an escaping writer for the answers.

const NAMESPACE = 'https://route53.amazonaws.com/doc/2013-04-01/';

interface XmlElement {
  readonly name: string;
  readonly children: XmlElement[];
  text: string;
}

const TOKEN = /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<(\/?)([A-Za-z_][\w.:-]*)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|([^<]+)|(<)/g;
const ENTITIES: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** The root element of a document; `InvalidInput` when it is not well formed (unverified: code and message). */
function parseXml(source: string): XmlElement {
  const invalid = (why: string) => new Route53Error('InvalidInput', `Invalid XML: ${why}`);
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  for (const [, closing, name, , selfClosing, chars, stray] of source.matchAll(TOKEN)) {
    const top = stack[stack.length - 1];
    if (stray !== undefined) throw invalid('unreadable markup');
    if (chars !== undefined) {
      const decoded = chars.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, e: string) => (e.startsWith('#x') ? String.fromCodePoint(parseInt(e.slice(2), 16))
        : e.startsWith('#') ? String.fromCodePoint(parseInt(e.slice(1), 10)) : ENTITIES[e] ?? whole));
      if (top) top.text += decoded;
      else if (decoded.trim() !== '') throw invalid('text outside the root element');
    } else if (name !== undefined && closing) {
      if (top?.name !== name) throw invalid(`unexpected </${name}>`);
      stack.pop();
    } else if (name !== undefined) {
      const opened: XmlElement = { name, children: [], text: '' };
      if (top) top.children.push(opened);
      else if (root) throw invalid('more than one root element');
      else root = opened;
      if (!selfClosing) stack.push(opened);
    }
  }
  if (!root || stack.length > 0) throw invalid(root ? `unclosed <${stack[stack.length - 1].name}>` : 'no root element');
  return root;
}

function child(parent: XmlElement | undefined, name: string): XmlElement | undefined {
  return parent?.children.find((c) => c.name === name);
}

function children(parent: XmlElement | undefined, name: string): XmlElement[] {
  return parent?.children.filter((c) => c.name === name) ?? [];
}

function element(name: string, ...content: Array<string | undefined>): string {
  return `<${name}>${content.filter((c) => c !== undefined).join('')}</${name}>`;
}

/** An element holding a value, escaped; nothing for `undefined`. */
function text(name: string, value: string | number | boolean | undefined): string | undefined {
  if (value === undefined) return undefined;
  return `<${name}>${String(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;')}</${name}>`;
}

function documentOf(root: string, ...content: Array<string | undefined>): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${root} xmlns="${NAMESPACE}">${content.filter((c) => c !== undefined).join('')}</${root}>`;
}

function headers(): Record<string, string> {
  return { 'content-type': 'text/xml', 'x-amzn-RequestId': randomUUID() };
}
