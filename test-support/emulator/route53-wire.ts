/**
 * Route 53's REST-XML front door: turns the HTTP requests of the AWS SDK's `Route53Client` into calls
 * on the {@link Route53Emulator} and its answers or errors into the XML the SDK reads, logging every
 * call. Three operations:
 *
 * - `POST /2013-04-01/hostedzone/{Id}/rrset[/]`, body `ChangeResourceRecordSetsRequest` → `ChangeResourceRecordSets`
 * - `GET /2013-04-01/change/{Id}` → `GetChange`
 * - `GET /2013-04-01/hostedzone/{Id}/rrset?name=&type=&maxitems=` → `ListResourceRecordSets`
 *
 * Errors are `<ErrorResponse><Error><Type>Sender</Type><Code>…</Code><Message>…</Message></Error>
 * <RequestId>…</RequestId></ErrorResponse>`, the shape whose `Code` the SDK maps to its exception
 * classes (`InvalidChangeBatch`, `NoSuchHostedZone`, ...). Requests must be SigV4-signed, with any
 * credentials and any region (signatures are not checked): Route 53 is global, and while the SDK signs
 * for us-east-1 on AWS's own endpoint, with a custom endpoint it signs with the client's region, which
 * the call log records as it came. No faults are injected into these calls.
 */
import { randomUUID } from 'node:crypto';
import { CallLog } from './call-log';
import { Clock } from './clock';
import { HttpCall, HttpCallHandler, HttpReply } from './http-server';
import { Route53Change, Route53ChangeAction, Route53ChangeInfo, Route53Emulator, Route53Error, Route53RecordSetPage } from './route53';
import { parseSignedScope } from './sigv4-region';
import { childOf, childrenOf, parseXml, textOf, XmlElement, xmlElement, XmlSyntaxError, xmlText } from './xml';

/** The path prefix of every Route 53 request (the API version). */
export const ROUTE53_PATH_PREFIX = '/2013-04-01/';

/** The XML namespace of Route 53's documents. */
export const ROUTE53_XML_NAMESPACE = 'https://route53.amazonaws.com/doc/2013-04-01/';

/** The service name in the call log's `service`. */
export const ROUTE53_SERVICE = 'route53';

/** What the front door needs. */
export interface Route53HandlerContext {
  /** The model. */
  readonly route53: Route53Emulator;
  /** The call log. */
  readonly calls: CallLog;
  /** The time source (for the log). */
  readonly clock: Clock;
}

/**
 * Whether a request is meant for Route 53 (its path starts with the API version), not Lightsail.
 *
 * @param call the request.
 */
export function isRoute53Call(call: HttpCall): boolean {
  return call.path.startsWith(ROUTE53_PATH_PREFIX);
}

/**
 * Creates the HTTP handler.
 *
 * @param ctx the model, the call log and the clock.
 */
export function createRoute53RequestHandler(ctx: Route53HandlerContext): HttpCallHandler {
  return async (call) => handle(call, ctx);
}

async function handle(call: HttpCall, ctx: Route53HandlerContext): Promise<HttpReply> {
  const at = ctx.clock();
  const region = parseSignedScope(headerOf(call, 'authorization'))?.region;
  const url = new URL(call.path, 'http://route53.local');
  const rrset = /^\/2013-04-01\/hostedzone\/([^/]+)\/rrset\/?$/.exec(url.pathname);
  const change = /^\/2013-04-01\/change\/([^/]+)\/?$/.exec(url.pathname);
  let operation = `${call.method} ${url.pathname}`;
  let input: Record<string, unknown> = {};
  const log = (outcome: string, httpStatus: number) => ctx.calls.add({
    at, service: ROUTE53_SERVICE, operation, region, input, outcome, httpStatus, latencyMs: 0,
  });

  try {
    let route: (() => string) | undefined;
    if (rrset && call.method === 'POST') {
      const zoneId = decodeURIComponent(rrset[1]);
      operation = 'ChangeResourceRecordSets';
      input = { HostedZoneId: zoneId };
      route = () => {
        const batch = readChangeBatch(call.body);
        input = { HostedZoneId: zoneId, ChangeBatch: batch.logged };
        return changeInfoDocument('ChangeResourceRecordSetsResponse', ctx.route53.changeResourceRecordSets(zoneId, batch.changes, batch.comment));
      };
    } else if (rrset && call.method === 'GET') {
      const zoneId = decodeURIComponent(rrset[1]);
      operation = 'ListResourceRecordSets';
      const q = url.searchParams;
      const maxItems = q.get('maxitems') ?? undefined;
      input = dropUndefined({ HostedZoneId: zoneId, StartRecordName: q.get('name') ?? undefined, StartRecordType: q.get('type') ?? undefined, MaxItems: maxItems });
      route = () => listDocument(ctx.route53.listResourceRecordSets(zoneId, {
        startRecordName: q.get('name') ?? undefined,
        startRecordType: q.get('type') ?? undefined,
        maxItems: maxItems === undefined ? undefined : Number(maxItems),
      }));
    } else if (change && call.method === 'GET') {
      const id = decodeURIComponent(change[1]);
      operation = 'GetChange';
      input = { Id: id };
      route = () => changeInfoDocument('GetChangeResponse', ctx.route53.getChange(id));
    }
    if (!route) {
      // unverified: what Route 53 answers for a path or method it does not serve.
      throw new Route53Error('UnknownOperation', `The emulator's Route 53 does not serve ${call.method} ${url.pathname}.`, 404);
    }
    if (region === undefined) {
      // unverified: the code and message AWS answers for an unsigned Route 53 request.
      throw new Route53Error('MissingAuthenticationToken', 'Missing Authentication Token', 403);
    }
    const body = route();
    log('ok', 200);
    return { kind: 'answer', status: 200, headers: headers(), body };
  } catch (error) {
    const failure = error instanceof Route53Error ? error
      : error instanceof XmlSyntaxError ? new Route53Error('InvalidInput', `Invalid XML: ${error.message}`) // unverified: code and message
        // A bug in the emulator: answered as the service's own fault, so it is not mistaken for bad input.
        : new Route53Error('InternalFailure', `Emulator error: ${String(error)}`, 500);
    log(failure.code, failure.httpStatus);
    return { kind: 'answer', status: failure.httpStatus, headers: headers(), body: errorDocument(failure) };
  }
}

interface ReadBatch {
  readonly changes: Route53Change[];
  readonly comment?: string;
  /** The batch as the SDK's input names it, for the call log. */
  readonly logged: Record<string, unknown>;
}

/** Element names of `ResourceRecordSet` the emulator does not implement (routing policies, aliases). */
const UNSUPPORTED = ['SetIdentifier', 'Weight', 'Region', 'GeoLocation', 'Failover', 'MultiValueAnswer', 'AliasTarget',
  'HealthCheckId', 'TrafficPolicyInstanceId', 'CidrRoutingConfig', 'GeoProximityLocation'];

function readChangeBatch(body: string): ReadBatch {
  const root = parseXml(body);
  if (root.name !== 'ChangeResourceRecordSetsRequest') {
    throw new Route53Error('InvalidInput', `Invalid request: expected a ChangeResourceRecordSetsRequest, got ${root.name}.`);
  }
  const batch = childOf(root, 'ChangeBatch');
  const comment = textOf(batch, 'Comment');
  const changes = childrenOf(childOf(batch, 'Changes'), 'Change').map(readChange);
  const logged = dropUndefined({
    Comment: comment,
    Changes: changes.map((c) => ({
      Action: c.action,
      ResourceRecordSet: {
        Name: c.recordSet.name,
        Type: c.recordSet.type,
        TTL: Number.isNaN(c.recordSet.ttl) ? undefined : c.recordSet.ttl,
        ResourceRecords: c.recordSet.values.map((Value) => ({ Value })),
      },
    })),
  });
  return { changes, comment, logged };
}

function readChange(element: XmlElement): Route53Change {
  const set = childOf(element, 'ResourceRecordSet');
  const unsupported = set?.children.find((c) => UNSUPPORTED.includes(c.name));
  if (unsupported) {
    throw new Route53Error('InvalidInput', `The emulator's Route 53 does not support ${unsupported.name} (simple record sets only).`);
  }
  const ttl = textOf(set, 'TTL');
  return {
    action: (textOf(element, 'Action') ?? '') as Route53ChangeAction,
    recordSet: {
      name: textOf(set, 'Name') ?? '',
      type: textOf(set, 'Type') ?? '',
      ttl: ttl === undefined || ttl.trim() === '' ? Number.NaN : Number(ttl),
      values: childrenOf(childOf(set, 'ResourceRecords'), 'ResourceRecord').map((r) => textOf(r, 'Value') ?? ''),
    },
  };
}

function document(root: string, ...children: Array<string | undefined>): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${root} xmlns="${ROUTE53_XML_NAMESPACE}">${children.filter((c) => c !== undefined).join('')}</${root}>`;
}

function changeInfoDocument(root: string, info: Route53ChangeInfo): string {
  return document(root, xmlElement('ChangeInfo',
    xmlText('Id', info.id),
    xmlText('Status', info.status),
    xmlText('SubmittedAt', new Date(info.submittedAt).toISOString()),
    xmlText('Comment', info.comment)));
}

function listDocument(page: Route53RecordSetPage): string {
  return document('ListResourceRecordSetsResponse',
    xmlElement('ResourceRecordSets', ...page.recordSets.map((r) => xmlElement('ResourceRecordSet',
      xmlText('Name', r.name),
      xmlText('Type', r.type),
      xmlText('TTL', r.ttl),
      xmlElement('ResourceRecords', ...r.values.map((v) => xmlElement('ResourceRecord', xmlText('Value', v))))))),
    xmlText('IsTruncated', page.isTruncated),
    xmlText('NextRecordName', page.nextRecordName),
    xmlText('NextRecordType', page.nextRecordType),
    xmlText('MaxItems', page.maxItems));
}

function errorDocument(error: Route53Error): string {
  return `<?xml version="1.0"?>\n<ErrorResponse xmlns="${ROUTE53_XML_NAMESPACE}">${xmlElement('Error',
    xmlText('Type', error.httpStatus >= 500 ? 'Receiver' : 'Sender'),
    xmlText('Code', error.code),
    xmlText('Message', error.message))}${xmlText('RequestId', randomUUID())}</ErrorResponse>`;
}

function headers(): Record<string, string> {
  return { 'content-type': 'text/xml', 'x-amzn-RequestId': randomUUID() };
}

function headerOf(call: HttpCall, name: string): string | undefined {
  const value = call.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function dropUndefined(object: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(object).filter(([, v]) => v !== undefined));
}
