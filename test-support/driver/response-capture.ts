import * as http from 'http';
// The default import is the module object itself (esModuleInterop), so assigning `request` on it
// changes what every `require('https').request` call sees; a namespace import would be a frozen copy.
import https from 'https';
import { Readable, Writable } from 'stream';

/** A request a handler sent to the stand-in for CloudFormation's pre-signed response URL. */
export interface CapturedRequest {
  /** The HTTP method (CloudFormation expects `PUT`). */
  readonly method: string;
  /** Path and query of the request. */
  readonly path: string;
  /** The request body: the JSON response document. */
  readonly body: string;
}

type RequestSink = (request: CapturedRequest) => void;

/** Response URLs currently stood in for (`host/path`, without the query), each with where its requests go. */
const sinks = new Map<string, RequestSink>();

/** The real functions, kept to pass every other request through and to restore them. */
const realRequest = https.request;
const realFetch: typeof fetch | undefined = globalThis.fetch;

/**
 * `https.request` as handlers see it while a capture runs: requests to a captured host are answered
 * locally with `200 OK` (as S3 answers the PUT of a pre-signed URL); all others go out for real, so an
 * SDK client talking HTTPS to some endpoint keeps working.
 */
export const standInHttpsRequest = function request(...args: unknown[]): http.ClientRequest {
  const target = requestTarget(args);
  const sink = target.hostname === undefined ? undefined : sinks.get(`${target.hostname}${target.path.split('?')[0]}`);
  if (!sink) return (realRequest as (...a: unknown[]) => http.ClientRequest)(...args);
  return fakeClientRequest(target.method, target.path, target.callback, sink);
} as typeof https.request;

/** `fetch` as handlers see it while a capture runs: same routing as {@link standInHttpsRequest}. */
const standInFetch = async function fetchStandIn(input: string | URL | Request, init?: RequestInit): Promise<Response> {
  const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
  const sink = sinks.get(`${url.hostname}${url.pathname}`);
  if (!sink) return realFetch!(input, init);
  const body = init?.body === undefined || init.body === null ? '' : typeof init.body === 'string' ? init.body : Buffer.from(init.body as ArrayBuffer).toString('utf8');
  sink({ method: init?.method ?? 'GET', path: url.pathname + url.search, body });
  return new Response(null, { status: 200 });
};

/**
 * Runs `fn` while requests to `url` (whatever its query) are captured instead of sent.
 *
 * Handlers PUT their response to the pre-signed `ResponseURL` with `https.request` (aws-cdk-lib's
 * handlers) or `fetch`; both are stood in for, globally, for the duration (`fn` must outlast a
 * handler that does not await its PUT: the runtime waits for the event loop as Lambda does).
 *
 * @returns what `fn` returned or threw, and the captured requests in the order they were sent
 */
export async function captureRequests<T>(
  url: string, fn: () => Promise<T>,
): Promise<{ readonly result: PromiseSettledResult<T>; readonly requests: CapturedRequest[] }> {
  const requests: CapturedRequest[] = [];
  const { hostname, pathname } = new URL(url);
  const key = `${hostname}${pathname}`;
  sinks.set(key, (r) => requests.push(r));
  const httpsModule = https as { request: typeof https.request };
  httpsModule.request = standInHttpsRequest;
  if (realFetch) globalThis.fetch = standInFetch as typeof fetch;
  try {
    let result: PromiseSettledResult<T>;
    try {
      result = { status: 'fulfilled', value: await fn() };
    } catch (reason) {
      result = { status: 'rejected', reason };
    }
    return { result, requests };
  } finally {
    sinks.delete(key);
    if (sinks.size === 0) {
      httpsModule.request = realRequest;
      if (realFetch) globalThis.fetch = realFetch;
    }
  }
}

interface RequestTarget {
  readonly hostname?: string;
  readonly path: string;
  readonly method: string;
  readonly callback?: (res: http.IncomingMessage) => void;
}

/** Reads the target of `https.request(url?, options?, callback?)` in any of its forms. */
function requestTarget(args: unknown[]): RequestTarget {
  let url: URL | undefined;
  let options: http.RequestOptions = {};
  let callback: RequestTarget['callback'];
  for (const arg of args) {
    if (typeof arg === 'string') url = new URL(arg);
    else if (arg instanceof URL) url = arg;
    else if (typeof arg === 'function') callback = arg as RequestTarget['callback'];
    else if (typeof arg === 'object' && arg !== null) options = arg as http.RequestOptions;
  }
  const hostname = options.hostname ?? options.host?.split(':')[0] ?? url?.hostname;
  return {
    hostname: hostname ?? undefined,
    path: options.path ?? (url ? url.pathname + url.search : '/'),
    method: options.method ?? 'GET',
    callback,
  };
}

/** A writable stand-in for `http.ClientRequest` that records the body and answers `200 OK`. */
function fakeClientRequest(method: string, path: string, callback: RequestTarget['callback'], sink: RequestSink): http.ClientRequest {
  const chunks: Buffer[] = [];
  const request = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(Buffer.from(chunk));
      done();
    },
  });
  const noop = () => request;
  const methods = ['setTimeout', 'setHeader', 'removeHeader', 'flushHeaders', 'setNoDelay', 'setSocketKeepAlive'];
  Object.assign(request, Object.fromEntries(methods.map((m) => [m, noop])), { abort: () => request.destroy() });
  if (callback) request.once('response', callback);
  request.on('finish', () => {
    sink({ method, path, body: Buffer.concat(chunks).toString('utf8') });
    const response = Object.assign(new Readable({ read() {} }), { statusCode: 200, statusMessage: 'OK', headers: {} });
    response.push(null);
    process.nextTick(() => {
      request.emit('response', response);
      request.emit('close');
    });
  });
  return request as unknown as http.ClientRequest;
}
