import { AsyncLocalStorage } from 'async_hooks';
import { createHash, randomBytes, randomUUID } from 'crypto';
import * as fs from 'fs';
import https from 'https';
import * as path from 'path';
import { format } from 'util';
import { FunctionCode } from './asset-catalog';
import { ModuleLoader } from './module-loader';
import { standInHttpsRequest } from './response-capture';
import { FunctionTimers, TIMED_OUT, VirtualScheduler } from './virtual-clock';

/** A Lambda function as deployed, with everything needed to run it here. */
export interface LambdaFunction {
  /** The function name. */
  readonly functionName: string;
  /** The function ARN (what a `ServiceToken` names). */
  readonly arn: string;
  /** The region the function is in; becomes `AWS_REGION`. */
  readonly region: string;
  /** The `Handler` property, e.g. `index.handler`. */
  readonly handler: string;
  /** The `Runtime` property, e.g. `nodejs20.x`. */
  readonly runtime: string;
  /** Where the code is, or why it cannot be run here. */
  readonly code: FunctionCode | { readonly kind: 'unavailable'; readonly reason: string };
  /** The function's environment variables. */
  readonly environment: Readonly<Record<string, string>>;
  /** The function's timeout in seconds. */
  readonly timeoutSeconds: number;
  /** The function's memory in MB. */
  readonly memorySize: number;
  /** The ARN of its execution role (the `Role` property). */
  readonly role?: string;
}

/** The error payload of a failed invocation, shaped as the Node.js Lambda runtime shapes it. */
export interface LambdaError {
  /** The error's class name, e.g. `Error`, `TypeError`, `Runtime.ImportModuleError`. */
  readonly errorType: string;
  /** The error's message. */
  readonly errorMessage: string;
  /** The stack, one line per entry, the first being `Type: message`. */
  readonly trace: string[];
}

/** What invoking a function gave: the JSON payload it returned, or its error. */
export type InvocationResult =
  | { readonly ok: true; readonly payload: unknown }
  | { readonly ok: false; readonly error: LambdaError };

/** A function's execution environment: its loaded code, kept between invocations, and its timers. */
interface Container {
  readonly loader: ModuleLoader;
  readonly timers: FunctionTimers;
  handler?: Handler;
  /** Serving an invocation: Lambda gives a concurrent one another environment. */
  busy: boolean;
  /** The function's environments, this one among them. */
  readonly pool: Container[];
}

/** Kept from load time: callers may fake the global timers. */
const realSetImmediate = setImmediate;

type Handler = (event: unknown, context: unknown, callback: (err?: unknown, value?: unknown) => void) => unknown;

/**
 * Runs Lambda functions in-process, as the Node.js Lambda runtime would: each function has a pool of
 * execution environments ("containers", each a fresh module instance with its own timers), kept
 * between invocations; a busy one is not reused, so concurrent invocations run apart, and one stopped
 * at its timeout is discarded. While an invocation runs, the code sees (in its own async context)
 * `process.env` with the function's environment variables and the ones Lambda sets, credentials
 * included, over the caller's (endpoints such as `AWS_ENDPOINT_URL_LIGHTSAIL` come from there). It
 * gets a `context`, and its result passes through JSON as with the Invoke API.
 */
export class LambdaRuntime {
  private readonly pools = new Map<string, Container[]>();

  /**
   * @param functionLog receives what functions print (their CloudWatch Logs, in Lambda);
   *   by default it is dropped
   * @param credentials the credential variables (`AWS_ACCESS_KEY_ID`, ...) of a function's role;
   *   by default the caller's
   */
  constructor(
    private readonly functionLog?: (functionName: string, line: string) => void,
    private readonly credentials?: (fn: LambdaFunction) => Readonly<Record<string, string>>,
  ) {}

  /**
   * Invokes a function. Its own timers run on `scheduler`, and it is stopped at its timeout.
   *
   * @param fn the function
   * @param event the event; it is passed through JSON, like the Invoke API does
   * @param scheduler the operation's virtual time
   */
  async invoke(fn: LambdaFunction, event: unknown, scheduler: VirtualScheduler): Promise<InvocationResult> {
    const requestId = randomUUID();
    let container: Container | undefined;
    try {
      return await withEnvironment({ ...fn.environment, ...this.credentials?.(fn), ...lambdaEnvironment(fn) }, async () => {
        container = this.containerFor(fn);
        container.handler ??= loadHandler(container.loader, fn);
        const handler = container.handler;
        const deadline = Date.now() + fn.timeoutSeconds * 1000;
        const context = {
          callbackWaitsForEmptyEventLoop: true,
          functionName: fn.functionName,
          functionVersion: '$LATEST',
          invokedFunctionArn: fn.arn,
          memoryLimitInMB: String(fn.memorySize),
          awsRequestId: requestId,
          logGroupName: `/aws/lambda/${fn.functionName}`,
          logStreamName: logStreamName(),
          getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
        };
        const result = await container.timers.run(scheduler, deadline, async () => {
          const value = await callHandler(handler, JSON.parse(JSON.stringify(event)), context);
          // Lambda waits for the event loop to empty (`callbackWaitsForEmptyEventLoop`): a PUT the handler did
          // not await still goes out. A few turns stand in for that.
          for (let i = 0; i < 5; i++) await new Promise((resolve) => realSetImmediate(resolve));
          return value;
        });
        if (result === TIMED_OUT) {
          // Lambda restarts the runtime of a function that timed out: the environment starts afresh.
          container.pool.splice(container.pool.indexOf(container), 1);
          const message = `${new Date().toISOString()} ${requestId} Task timed out after ${fn.timeoutSeconds.toFixed(2)} seconds`;
          return { ok: false, error: { errorType: 'Sandbox.Timedout', errorMessage: message, trace: [] } };
        }
        return { ok: true, payload: result === undefined ? null : JSON.parse(JSON.stringify(result)) };
      });
    } catch (e) {
      return { ok: false, error: toLambdaError(e) };
    } finally {
      if (container) container.busy = false;
    }
  }

  /** A free environment of the function (a new one when all are busy), marked busy. */
  private containerFor(fn: LambdaFunction): Container {
    if (!fn.runtime.startsWith('nodejs')) {
      throw namedError('Runtime.InvalidRuntime', `The local driver runs Node.js functions only; ${fn.functionName} uses ${fn.runtime}`);
    }
    if (fn.code.kind === 'unavailable') throw namedError('Runtime.ImportModuleError', fn.code.reason);
    // A change of code or configuration gets new environments, as in Lambda.
    const key = hash(JSON.stringify(fn));
    const pool = this.pools.get(key) ?? [];
    this.pools.set(key, pool);
    let container = pool.find((c) => !c.busy);
    if (!container) {
      const timers = new FunctionTimers();
      const logger = functionConsole(fn.functionName, this.functionLog);
      const globals = { console: logger, setTimeout: timers.setTimeout, clearTimeout: timers.clearTimeout };
      container = { loader: new ModuleLoader({ 'https': httpsStandIn, 'node:https': httpsStandIn }, globals), timers, busy: false, pool };
      pool.push(container);
    }
    container.busy = true;
    return container;
  }
}

/**
 * The `https` module handler code gets: the real one, except that `request` is the stand-in that
 * captures PUTs to the response URL while a custom resource runs (and passes everything else through).
 * Handing it out at `require` time keeps working for code that keeps a reference to `request`.
 */
const httpsStandIn: typeof https = Object.assign(Object.create(https) as typeof https, { request: standInHttpsRequest });

/**
 * The `console` a function's code sees: its output goes to `sink` with the function's name, like
 * Lambda's log lines (`INFO`, `WARN`, ...), instead of the test's output. Methods not stood in for
 * (`time`, `table`, ...) are the real console's.
 */
function functionConsole(functionName: string, sink: ((functionName: string, line: string) => void) | undefined): Console {
  const writer = (level: string) => (...args: unknown[]) => sink?.(functionName, `${level}\t${format(...args)}`);
  return Object.assign(Object.create(console) as Console, {
    log: writer('INFO'),
    info: writer('INFO'),
    debug: writer('DEBUG'),
    trace: writer('TRACE'),
    warn: writer('WARN'),
    error: writer('ERROR'),
  });
}

/** `index.handler` → loads `index.js` from the code and returns its `handler` export. */
function loadHandler(loader: ModuleLoader, fn: LambdaFunction): Handler {
  const slash = fn.handler.lastIndexOf('/');
  const dirPart = fn.handler.slice(0, slash + 1);
  const rest = fn.handler.slice(slash + 1);
  const dot = rest.indexOf('.');
  if (dot < 0) throw namedError('Runtime.MalformedHandlerName', `Bad handler ${fn.handler}`);
  const modulePath = dirPart + rest.slice(0, dot);
  const exportPath = rest.slice(dot + 1).split('.');
  let exports: unknown;
  if (fn.code.kind === 'inline') {
    if (modulePath !== 'index') throw namedError('Runtime.ImportModuleError', `Inline code is index.js; handler ${fn.handler} names another file`);
    exports = loader.loadSource(path.join(process.cwd(), '.local-cfn-inline', fn.functionName, 'index.js'), fn.code.source);
  } else if (fn.code.kind === 'directory') {
    const base = path.join(fn.code.directory, modulePath);
    const file = ['.js', '.cjs'].map((ext) => base + ext).find((f) => fs.existsSync(f));
    if (!file) {
      const hint = fs.existsSync(`${base}.mjs`) ? ' (ES modules are not supported by the local driver)' : '';
      throw namedError('Runtime.ImportModuleError', `Error: Cannot find module '${modulePath}'${hint}`);
    }
    try {
      exports = loader.loadFile(file);
    } catch (e) {
      throw namedError('Runtime.ImportModuleError', `Error: ${(e as Error).message}`);
    }
  }
  let handler: unknown = exports;
  for (const part of exportPath) handler = (handler as Record<string, unknown> | undefined)?.[part];
  if (typeof handler !== 'function') throw namedError('Runtime.HandlerNotFound', `${modulePath}.${exportPath.join('.')} is undefined or not exported`);
  return handler as Handler;
}

/** Calls a handler in either style the Node.js runtime accepts: returning a promise, or calling back. */
function callHandler(handler: Handler, event: unknown, context: Record<string, unknown>): Promise<unknown> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const callback = (err?: unknown, value?: unknown) => {
      if (settled) return;
      settled = true;
      if (err !== undefined && err !== null) reject(err);
      else resolve(value);
    };
    Object.assign(context, {
      done: callback,
      succeed: (value: unknown) => callback(null, value),
      fail: (err: unknown) => callback(err ?? new Error('handled')),
    });
    try {
      const returned = handler(event, context, callback);
      if (returned && typeof (returned as Promise<unknown>).then === 'function') {
        (returned as Promise<unknown>).then((value) => callback(null, value), (err) => callback(err ?? new Error('Promise rejected')));
      } else if (handler.length < 3) {
        // A synchronous handler that takes no callback: its return value is the result.
        callback(null, returned);
      }
    } catch (e) {
      callback(e);
    }
  });
}

/** The variables Lambda sets for every function (reserved: a function cannot override them). */
function lambdaEnvironment(fn: LambdaFunction): Record<string, string> {
  return {
    AWS_REGION: fn.region,
    AWS_DEFAULT_REGION: fn.region,
    AWS_LAMBDA_FUNCTION_NAME: fn.functionName,
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memorySize),
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${fn.functionName}`,
    AWS_EXECUTION_ENV: `AWS_Lambda_${fn.runtime}`,
    _HANDLER: fn.handler,
    ...(fn.code.kind === 'directory' ? { LAMBDA_TASK_ROOT: fn.code.directory } : {}),
  };
}

/** The environment of the invocation whose async context is running, if any. */
const invocationEnvironment = new AsyncLocalStorage<Record<string, string | undefined>>();

/** While invocations run: the caller's `process.env`, and how many invocations use the stand-in. */
let sharedEnvironment: { readonly real: NodeJS.ProcessEnv; users: number } | undefined;

/**
 * Runs `fn` with `vars` over the caller's environment in `process.env`, as seen from `fn`'s async
 * context only: invocations running side by side (of one function or of several) each see their own
 * variables, as each Lambda execution environment has its own, and the caller sees its own. While any
 * invocation runs, `process.env` is a stand-in that picks the environment by async context.
 */
async function withEnvironment<T>(vars: Readonly<Record<string, string>>, fn: () => Promise<T>): Promise<T> {
  if (!sharedEnvironment) {
    const real = process.env;
    sharedEnvironment = { real, users: 0 };
    process.env = environmentStandIn(real);
  }
  const shared = sharedEnvironment;
  shared.users++;
  try {
    return await invocationEnvironment.run({ ...shared.real, ...vars }, fn);
  } finally {
    if (--shared.users === 0) {
      process.env = shared.real;
      sharedEnvironment = undefined;
    }
  }
}

function environmentStandIn(real: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env = () => invocationEnvironment.getStore() ?? real;
  return new Proxy(real, {
    get: (_target, name) => Reflect.get(env(), name),
    set: (_target, name, value) => Reflect.set(env(), name, String(value)),
    has: (_target, name) => Reflect.has(env(), name),
    deleteProperty: (_target, name) => Reflect.deleteProperty(env(), name),
    ownKeys: () => Reflect.ownKeys(env()),
    getOwnPropertyDescriptor: (_target, name) => Reflect.getOwnPropertyDescriptor(env(), name),
  });
}

function toLambdaError(e: unknown): LambdaError {
  if (e instanceof Error || (typeof e === 'object' && e !== null && 'message' in e)) {
    const err = e as Error;
    const errorType = err.name ?? 'Error';
    return { errorType, errorMessage: String(err.message), trace: (err.stack ?? `${errorType}: ${err.message}`).split('\n') };
  }
  return { errorType: typeof e, errorMessage: String(e), trace: [] };
}

function namedError(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

function logStreamName(): string {
  const day = new Date().toISOString().slice(0, 10).replace(/-/g, '/');
  return `${day}/[$LATEST]${randomBytes(16).toString('hex')}`;
}

function hash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
