/**
 * CloudFormation's custom-resource protocol: the request it sends to the `ServiceToken` (a Lambda
 * function, invoked asynchronously as CloudFormation does), the pre-signed S3 `ResponseURL` the
 * function PUTs its answer to (captured here), and how CloudFormation judges the answer: the 4,096-byte
 * limit, the checks of the response object, its service timeout (1 hour unless `ServiceTimeout` says
 * less), and cancelling a request when another resource failed. An invocation that fails without
 * answering (an error, the function's timeout) is retried twice, as Lambda retries asynchronous
 * invocations; once CloudFormation stops waiting, the invocation runs on and its late answer is ignored.
 */
import { randomBytes, randomUUID } from 'crypto';
import * as http from 'http';
// The default import is the module object itself (esModuleInterop): assigning `request` on it changes
// what every `require('https').request` sees; a namespace import would be a frozen copy.
import https from 'https';
import { Readable, Writable } from 'stream';
import type { InvocationResult, LambdaFunction, LambdaRuntime } from './lambda';
import type { PseudoParameters } from './template';
import { TickableClock, VirtualScheduler } from './virtual-clock';

/** A custom resource request, as CloudFormation sends it. */
export interface CustomResourceRequest {
  readonly RequestType: 'Create' | 'Update' | 'Delete';
  readonly ServiceToken: string;
  readonly ResponseURL: string;
  readonly StackId: string;
  readonly RequestId: string;
  readonly LogicalResourceId: string;
  readonly ResourceType: string;
  /** Every scalar as a string, `ServiceToken` included. */
  readonly ResourceProperties: Record<string, unknown>;
  readonly OldResourceProperties?: Record<string, unknown>;
  readonly PhysicalResourceId?: string;
}

/** A custom resource response, as functions PUT it to the `ResponseURL`. */
export interface CustomResourceResponse {
  readonly Status: string;
  readonly Reason?: string;
  readonly PhysicalResourceId?: string;
  readonly StackId?: string;
  readonly RequestId?: string;
  readonly LogicalResourceId?: string;
  readonly NoEcho?: boolean;
  readonly Data?: Record<string, unknown>;
}

/** CloudFormation's limit on a custom resource response. */
export const MAX_RESPONSE_BYTES = 4096;

/** CloudFormation's custom resource timeout, in seconds, unless the `ServiceTimeout` property says less. */
export const DEFAULT_SERVICE_TIMEOUT_SECONDS = 3600;

/** What goes wrong around one request, on purpose. */
export interface RequestFaults {
  /** The invocation starts this long (virtual ms) after the request is sent: a cold start, or an invocation queued behind others. */
  readonly startDelayMs?: number;
  /** How many response PUTs (from the first) S3 refuses: a lost answer, which the sender retries. */
  readonly failedResponsePuts?: number;
}

/** Delays before Lambda's two retries of a failed asynchronous invocation (about 1, then 2 minutes). */
const ASYNC_RETRY_DELAYS_MS = [60_000, 120_000];

/** How a request ended, as CloudFormation sees it. */
export type CustomResourceOutcome =
  | { readonly ok: true; readonly physicalId: string; readonly data: Record<string, unknown>; readonly response: CustomResourceResponse }
  | {
    readonly ok: false;
    readonly reason: string;
    readonly physicalId?: string;
    readonly response?: CustomResourceResponse;
    /** False when no function has the `ServiceToken`'s ARN. */
    readonly delivered?: boolean;
    /** True when CloudFormation stopped waiting because another resource failed. */
    readonly cancelled?: boolean;
  };

/** Builds the request CloudFormation would send; properties resolved, not yet stringified. */
export function buildRequest(input: {
  readonly requestType: CustomResourceRequest['RequestType'];
  readonly pseudo: PseudoParameters;
  readonly logicalId: string;
  readonly resourceType: string;
  readonly properties: Readonly<Record<string, unknown>>;
  readonly oldProperties?: Readonly<Record<string, unknown>>;
  readonly physicalId?: string;
}): CustomResourceRequest {
  const requestId = randomUUID();
  const properties = stringifyScalars(input.properties) as Record<string, unknown>;
  // Shaped like CloudFormation's pre-signed S3 URL, so that handlers which parse it, or take care not to log it, are exercised.
  const now = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  const { region, stackId } = input.pseudo;
  const credential = encodeURIComponent(`AKIAIOSFODNN7EXAMPLE/${now.slice(0, 8)}/${region}/s3/aws4_request`);
  const responseUrl = `https://cloudformation-custom-resource-response-${region.replace(/-/g, '')}.s3.${region}.amazonaws.com/`
    + `${encodeURIComponent(`${stackId}|${input.logicalId}|${requestId}`)}?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=${now}`
    + `&X-Amz-SignedHeaders=host&X-Amz-Expires=7200&X-Amz-Credential=${credential}&X-Amz-Signature=${randomBytes(32).toString('hex')}`;
  return {
    RequestType: input.requestType,
    ServiceToken: String(properties.ServiceToken),
    ResponseURL: responseUrl,
    StackId: stackId,
    RequestId: requestId,
    LogicalResourceId: input.logicalId,
    ResourceType: input.resourceType,
    ResourceProperties: properties,
    ...(input.oldProperties ? { OldResourceProperties: stringifyScalars(input.oldProperties) as Record<string, unknown> } : {}),
    ...(input.physicalId !== undefined ? { PhysicalResourceId: input.physicalId } : {}),
  };
}

/** CloudFormation passes every scalar property of a custom resource as a string (`5` → `"5"`), at any depth. */
function stringifyScalars(value: unknown): unknown {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map(stringifyScalars);
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, stringifyScalars(v)]));
  return value;
}

const STOPPED: unique symbol = Symbol('CloudFormation stopped waiting');

/** Sends custom resource requests to their functions and judges the responses, on one operation's virtual time. */
export class CustomResourceRunner {
  readonly scheduler: VirtualScheduler;
  private readonly background: Promise<unknown>[] = [];

  /**
   * @param runtime runs the functions
   * @param functionByArn finds the function a `ServiceToken` names (a qualifier such as `:$LATEST` ignored)
   */
  constructor(
    private readonly runtime: LambdaRuntime,
    private readonly functionByArn: (arn: string) => LambdaFunction | undefined,
    clock: TickableClock,
  ) {
    this.scheduler = new VirtualScheduler(clock);
  }

  /**
   * Sends one request and waits (on virtual time) for its response, its cancellation at `cancelAt`, or
   * the service timeout; `onIgnoredResponse` gets an answer that came after CloudFormation stopped waiting.
   */
  async run(request: CustomResourceRequest, serviceTimeoutSeconds: number, cancelAt = Infinity,
    onIgnoredResponse?: (response: CustomResourceResponse) => void, faults: RequestFaults = {}): Promise<CustomResourceOutcome> {
    const fn = this.functionByArn(request.ServiceToken);
    if (!fn) return { ok: false, delivered: false, reason: `The local driver found no Lambda function with ARN ${request.ServiceToken} (the ServiceToken)` };
    const deadline = Date.now() + serviceTimeoutSeconds * 1000;
    const stopAt = Math.min(deadline, cancelAt);
    const notes: string[] = [];
    const attempts = this.invokeWithRetries(request, fn, deadline, notes, faults);
    const stop = this.scheduler.delay(stopAt - Date.now());
    const first = await this.scheduler.idle(Promise.race([attempts, stop.promise.then((): typeof STOPPED => STOPPED)]));
    if (first !== STOPPED && first !== undefined) {
      stop.cancel();
      return judge(request, first.response, first.bytes);
    }
    if (first === STOPPED) {
      this.background.push(attempts.then((raw) => raw && onIgnoredResponse?.(raw.response)));
      if (stopAt >= deadline) notes.push('the function was still running at the service timeout');
    } else {
      // Every attempt ended without a response: CloudFormation waits all the same.
      await this.scheduler.idle(stop.promise);
    }
    if (stopAt < deadline) return { ok: false, cancelled: true, reason: 'Resource creation cancelled' };
    return {
      ok: false,
      reason: 'CloudFormation did not receive a response from your Custom Resource. Please check your logs for requestId '
        + `[${request.RequestId}]. If you are using the Python cfn-response module, you may need to update your Lambda function `
        + `code so that CloudFormation can attach the updated version. [local driver: ${notes.join('; ')}]`,
    };
  }

  /** Waits (on virtual time) until the invocations CloudFormation stopped waiting for have finished. */
  async settle(): Promise<void> {
    while (this.background.length > 0) await this.scheduler.idle(Promise.all(this.background.splice(0)));
  }

  /** Lambda's asynchronous invocation: the first response PUT, or `undefined` when every attempt ended without one. */
  private async invokeWithRetries(
    request: CustomResourceRequest, fn: LambdaFunction, deadline: number, notes: string[], faults: RequestFaults,
  ): Promise<{ response: CustomResourceResponse; bytes: number } | undefined> {
    let failedPuts = faults.failedResponsePuts ?? 0;
    for (let attempt = 0; attempt <= ASYNC_RETRY_DELAYS_MS.length; attempt++) {
      const wait = attempt > 0 ? ASYNC_RETRY_DELAYS_MS[attempt - 1] : faults.startDelayMs ?? 0;
      if (wait > 0) await this.scheduler.delay(wait).promise;
      if (Date.now() >= deadline) break;
      const invoke = () => this.runtime.invoke(fn, request, this.scheduler);
      const { result, bodies } = await captureResponses(request.ResponseURL, invoke, () => failedPuts-- > 0);
      // CloudFormation reads the first response written to the pre-signed URL.
      if (bodies.length > 0) {
        try {
          return { response: JSON.parse(bodies[0]) as CustomResourceResponse, bytes: Buffer.byteLength(bodies[0], 'utf8') };
        } catch {
          return { response: { Status: 'FAILED', Reason: 'Invalid response object: the body is not JSON' }, bytes: 0 };
        }
      }
      notes.push(describe(result));
      if (result.ok) break;
    }
    return undefined;
  }
}

/** CloudFormation's checks of a response. */
function judge(request: CustomResourceRequest, response: CustomResourceResponse, bytes: number): CustomResourceOutcome {
  if (bytes > MAX_RESPONSE_BYTES) return { ok: false, reason: `Response object is too long. (local driver: ${bytes} bytes, the limit is ${MAX_RESPONSE_BYTES})`, response };
  if (response.Status !== 'SUCCESS' && response.Status !== 'FAILED') {
    return { ok: false, reason: `Invalid response object: Status must be SUCCESS or FAILED, got ${JSON.stringify(response.Status)}`, response };
  }
  for (const key of ['StackId', 'RequestId', 'LogicalResourceId'] as const) {
    if (response[key] !== undefined && response[key] !== request[key]) {
      return { ok: false, reason: `Invalid response object: ${key} ${String(response[key])} does not match the request`, response };
    }
  }
  const physicalId = typeof response.PhysicalResourceId === 'string' && response.PhysicalResourceId !== '' ? response.PhysicalResourceId : undefined;
  if (response.Status === 'FAILED') {
    return { ok: false, reason: `Received response status [FAILED] from custom resource. Message returned: ${response.Reason ?? ''} (RequestId: ${request.RequestId})`, physicalId, response };
  }
  if (!physicalId) return { ok: false, reason: 'Invalid PhysicalResourceId', response };
  const data = response.Data;
  if (data !== undefined && (typeof data !== 'object' || data === null || Array.isArray(data))) {
    return { ok: false, reason: 'Invalid response object: Data must be an object', physicalId, response };
  }
  return { ok: true, physicalId, data: data ?? {}, response };
}

function describe(result: InvocationResult): string {
  if (result.ok) return 'the function returned without sending a response';
  return `the function failed with ${result.error.errorType}: ${result.error.errorMessage} and sent no response`;
}

/** Response URLs being captured (`host/path`, without the query), each with where its bodies go and the HTTP status S3 answers. */
const sinks = new Map<string, (body: string) => number>();
const realRequest = https.request;

/**
 * `https.request` as function code sees it: a request to a response URL being captured is answered
 * locally with `200 OK`, as S3 answers the PUT of a pre-signed URL; any other goes out for real.
 */
export const standInHttpsRequest = function request(...args: unknown[]): http.ClientRequest {
  let url: URL | undefined;
  let options: http.RequestOptions = {};
  let callback: ((res: http.IncomingMessage) => void) | undefined;
  for (const arg of args) {
    if (typeof arg === 'string') url = new URL(arg);
    else if (arg instanceof URL) url = arg;
    else if (typeof arg === 'function') callback = arg as typeof callback;
    else if (typeof arg === 'object' && arg !== null) options = arg as http.RequestOptions;
  }
  const hostname = options.hostname ?? options.host?.split(':')[0] ?? url?.hostname;
  const requestPath = options.path ?? (url ? url.pathname + url.search : '/');
  const sink = sinks.get(`${hostname}${requestPath.split('?')[0]}`);
  if (!sink) return (realRequest as (...a: unknown[]) => http.ClientRequest)(...args);
  const chunks: Buffer[] = [];
  const req = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(Buffer.from(chunk));
      done();
    },
  });
  const noop = () => req;
  Object.assign(req, Object.fromEntries(['setTimeout', 'setHeader', 'removeHeader', 'flushHeaders', 'setNoDelay', 'setSocketKeepAlive'].map((m) => [m, noop])), { abort: () => req.destroy() });
  if (callback) req.once('response', callback);
  req.on('finish', () => {
    const status = (options.method ?? 'GET') === 'PUT' ? sink(Buffer.concat(chunks).toString('utf8')) : 200;
    const res = Object.assign(new Readable({ read() {} }), { statusCode: status, statusMessage: status === 200 ? 'OK' : 'Service Unavailable', headers: {} });
    res.push(null);
    process.nextTick(() => {
      req.emit('response', res);
      req.emit('close');
    });
  });
  return req as unknown as http.ClientRequest;
} as typeof https.request;

/**
 * Runs `fn` while PUTs to `url` (whatever its query) are captured (or refused while `failPut` says so), `https.request` stood in for globally
 * for the duration (the runtime waits for the event loop, as Lambda does, so a PUT not awaited is in).
 */
async function captureResponses(
  url: string, fn: () => Promise<InvocationResult>, failPut: () => boolean,
): Promise<{ result: InvocationResult; bodies: string[] }> {
  const bodies: string[] = [];
  const { hostname, pathname } = new URL(url);
  const key = `${hostname}${pathname}`;
  // A PUT S3 refuses (503 Slow Down) never reaches CloudFormation.
  sinks.set(key, (body) => (failPut() ? 503 : (bodies.push(body), 200)));
  const httpsModule = https as { request: typeof https.request };
  httpsModule.request = standInHttpsRequest;
  try {
    return { result: await fn(), bodies };
  } finally {
    sinks.delete(key);
    if (sinks.size === 0) httpsModule.request = realRequest;
  }
}
