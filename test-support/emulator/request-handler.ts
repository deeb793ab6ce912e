/**
 * The awsJson1_1 front door: turns an HTTP request into a Lightsail operation call and its result or
 * error into an HTTP answer, applying injected faults and logging every call on the way.
 *
 * Request: `POST /`, `Content-Type: application/x-amz-json-1.1`,
 * `X-Amz-Target: Lightsail_20161128.<Operation>`, SigV4 `Authorization` (region read, signature not checked).
 * Answer: 200 with the result as JSON, or 400/500 with `{ __type, message, code, docs, tip }` and the
 * `x-amzn-ErrorType` header.
 *
 * The `Content-Type` is not checked: the SDK always sends the right one, and what the real endpoint
 * answers to another one is not documented.
 */
import { randomUUID } from 'node:crypto';
import { CallLog } from './call-log';
import { Clock, sleepRealTime } from './clock';
import { LightsailError } from './errors';
import { CallFaultDecision } from './faults';
import { HttpCall, HttpCallHandler, HttpReply } from './http-server';
import { OperationContext, OPERATIONS } from './operations';
import { parseSignedScope } from './sigv4-region';
import { OPERATION_NAMES, OperationName } from './types';
import { Body } from './validation';

/** The service's target prefix, from the model's metadata. */
export const TARGET_PREFIX = 'Lightsail_20161128';

/** The awsJson1_1 content type. */
export const CONTENT_TYPE = 'application/x-amz-json-1.1';

/** A call to authorize: who signed it, the IAM action (`lightsail:DeleteCertificate`) and the resource ARN (or `*`). */
export interface AccessRequest {
  /** The access key the request is signed with. */
  readonly accessKeyId: string;
  /** `lightsail:<Operation>`. */
  readonly action: string;
  /** The ARN of the certificate the call names, `arn:aws:lightsail:<region>:<account>:Certificate/*` for a name that does not exist, or `*`. */
  readonly resource: string;
}

/** Decides a call: the `AccessDeniedException` message when it is refused, `undefined` when allowed. */
export type AccessCheck = (request: AccessRequest) => string | undefined;

/** What the front door needs besides the operations' context (which includes the fault injector). */
export interface RequestHandlerContext extends OperationContext {
  /** The call log. */
  readonly calls: CallLog;
  /** The time source (for the log). */
  readonly clock: Clock;
  /** IAM's say on each call. Default: everything is allowed. */
  readonly accessCheck?: AccessCheck;
}

/**
 * Creates the HTTP handler.
 *
 * @param ctx operations' context, call log, clock and faults.
 */
export function createRequestHandler(ctx: RequestHandlerContext): HttpCallHandler {
  return async (call) => handle(call, ctx);
}

async function handle(call: HttpCall, ctx: RequestHandlerContext): Promise<HttpReply> {
  const at = ctx.clock();
  const target = headerOf(call, 'x-amz-target') ?? '';
  const operation = target.startsWith(`${TARGET_PREFIX}.`) ? target.slice(TARGET_PREFIX.length + 1) : target;
  const scope = parseSignedScope(headerOf(call, 'authorization'));
  const region = scope?.region;
  const body = parseBody(call.body);
  const log = (outcome: string, httpStatus: number | undefined, decision?: CallFaultDecision) => ctx.calls.add({
    at,
    operation,
    region,
    input: body ?? {},
    outcome,
    httpStatus,
    fault: decision?.failure ?? (decision && decision.latencyMs > 0 ? 'latency' : undefined),
    latencyMs: decision?.latencyMs ?? 0,
  });
  const fail = (error: LightsailError, decision?: CallFaultDecision): HttpReply => {
    log(error.errorName, error.httpStatus, decision);
    return errorReply(error);
  };

  if (call.method !== 'POST' || call.path.split('?')[0] !== '/' || !isOperation(operation)) {
    // AWS JSON-protocol services answer a target they do not implement with UnknownOperationException
    // (HTTP 400). unverified for Lightsail specifically; the emulator does the same for any other
    // method or path, which the real endpoint answers in ways the documentation does not say.
    return fail(new LightsailError('UnknownOperationException', `Unknown operation: "${target}".`));
  }
  if (region === undefined) {
    // unverified: an unsigned request is refused by AWS before Lightsail sees it, with an error the
    // Lightsail model does not declare; the emulator answers the modelled UnauthenticatedException.
    return fail(new LightsailError('UnauthenticatedException', 'The request is not signed with AWS Signature Version 4.'));
  }

  const decision = ctx.faults.decide(operation);
  if (decision.latencyMs > 0) {
    await sleepRealTime(decision.latencyMs);
  }
  switch (decision.failure) {
    case 'drop':
      log('dropped', undefined, decision);
      return { kind: 'drop' };
    case 'throttling':
      return fail(new LightsailError('ThrottlingException', 'Rate exceeded', { code: 'Throttling' }), decision);
    case 'serviceException':
      return fail(new LightsailError('ServiceException', 'We encountered an internal error. Please try again.'), decision);
    case 'error': {
      const name = decision.error?.name ?? 'ServiceException';
      return fail(new LightsailError(name, decision.error?.message ?? `Injected ${name}.`), decision);
    }
    default:
      break;
  }
  if (body === undefined) {
    // What AWS JSON services answer for a body that is not a JSON object.
    return fail(new LightsailError('SerializationException', 'The request body is not a JSON object.'), decision);
  }

  const denied = ctx.accessCheck?.({ accessKeyId: scope!.accessKeyId, action: `lightsail:${operation}`, resource: resourceOf(operation, region, body, ctx) });
  if (denied !== undefined) {
    // unverified: the `code` of Lightsail's AccessDeniedException (the model gives it no value).
    return fail(new LightsailError('AccessDeniedException', denied), decision);
  }

  let result: Record<string, unknown>;
  try {
    result = OPERATIONS[operation](region, body, ctx);
  } catch (error) {
    if (error instanceof LightsailError) {
      return fail(error, decision);
    }
    // A bug in the emulator: answer it as the service's own fault, so it is not mistaken for bad input.
    return fail(new LightsailError('ServiceException', `Emulator error: ${String(error)}`), decision);
  }
  if (decision.failure === 'dropAfterApply') {
    log('dropped', undefined, decision);
    return { kind: 'drop' };
  }
  log('ok', 200, decision);
  return { kind: 'answer', status: 200, headers: baseHeaders(), body: JSON.stringify(result) };
}

/**
 * The resource IAM evaluates a call against: `CreateCertificate` and `GetCertificates` have no resource
 * type (`*`); the other three act on the certificate they name, or, for a name that does not exist, on
 * any certificate of the region.
 */
function resourceOf(operation: OperationName, region: string, body: Body, ctx: RequestHandlerContext): string {
  if (operation === 'CreateCertificate' || operation === 'GetCertificates' || operation === 'GetDistributions') return '*';
  const name = operation === 'DeleteCertificate' ? body.certificateName : body.resourceName;
  const certificate = typeof name === 'string' ? ctx.store.find(region, name) : undefined;
  return certificate?.arn ?? `arn:aws:lightsail:${region}:${ctx.accountId}:Certificate/*`;
}

function errorReply(error: LightsailError): HttpReply {
  return {
    kind: 'answer',
    status: error.httpStatus,
    headers: { ...baseHeaders(), 'x-amzn-ErrorType': error.errorName },
    body: JSON.stringify(error.toWire()),
  };
}

function baseHeaders(): Record<string, string> {
  return { 'content-type': CONTENT_TYPE, 'x-amzn-RequestId': randomUUID() };
}

function headerOf(call: HttpCall, name: string): string | undefined {
  const value = call.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function isOperation(name: string): name is OperationName {
  return (OPERATION_NAMES as readonly string[]).includes(name);
}

/** The body as a JSON object; an empty body counts as `{}`; anything else is undefined. */
function parseBody(text: string): Body | undefined {
  if (text.trim() === '') {
    return {};
  }
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? parsed as Body : undefined;
  } catch {
    return undefined;
  }
}
