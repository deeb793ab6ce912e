import { createHash, randomBytes, randomUUID } from 'crypto';
import * as fs from 'fs';
import https from 'https';
import * as path from 'path';
import { format } from 'util';
import { FunctionCode } from './asset-catalog';
import { ModuleLoader } from './module-loader';
import { standInHttpsRequest } from './response-capture';
import { FunctionTimers, TickableClock, TIMED_OUT } from './virtual-clock';

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
}

type Handler = (event: unknown, context: unknown, callback: (err?: unknown, value?: unknown) => void) => unknown;

/**
 * Runs Lambda functions in-process, as the Node.js Lambda runtime would: a fresh module instance per
 * function (its "container") kept between invocations, the function's environment variables (plus the
 * ones Lambda sets) in `process.env` while it runs, a `context`, and the result passed through JSON as
 * the Invoke API does. Credentials and endpoints come from the caller's environment.
 */
export class LambdaRuntime {
  private readonly containers = new Map<string, Container>();

  /**
   * @param functionLog receives what functions print (their CloudWatch Logs, in Lambda);
   *   by default it is dropped
   */
  constructor(private readonly functionLog?: (functionName: string, line: string) => void) {}

  /**
   * Invokes a function.
   *
   * @param fn the function
   * @param event the event; it is passed through JSON, like the Invoke API does
   * @param clock when given, the function's own timers run on this virtual clock and the function is
   *   stopped at its timeout (see {@link FunctionTimers}); without one they are real and nothing stops it
   */
  async invoke(fn: LambdaFunction, event: unknown, clock?: TickableClock): Promise<InvocationResult> {
    const requestId = randomUUID();
    const restoreEnvironment = applyEnvironment({ ...fn.environment, ...lambdaEnvironment(fn) });
    try {
      const container = this.containerOf(fn);
      const handler = container.handler!;
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
      const call = () => callHandler(handler, JSON.parse(JSON.stringify(event)), context);
      const result = clock ? await container.timers.run(clock, deadline, call) : await call();
      if (result === TIMED_OUT) {
        const message = `${new Date().toISOString()} ${requestId} Task timed out after ${fn.timeoutSeconds.toFixed(2)} seconds`;
        return { ok: false, error: { errorType: 'Sandbox.Timedout', errorMessage: message, trace: [] } };
      }
      return { ok: true, payload: result === undefined ? null : JSON.parse(JSON.stringify(result)) };
    } catch (e) {
      return { ok: false, error: toLambdaError(e) };
    } finally {
      restoreEnvironment();
    }
  }

  private containerOf(fn: LambdaFunction): Container {
    if (!fn.runtime.startsWith('nodejs')) {
      throw namedError('Runtime.InvalidRuntime', `The local driver runs Node.js functions only; ${fn.functionName} uses ${fn.runtime}`);
    }
    if (fn.code.kind === 'unavailable') throw namedError('Runtime.ImportModuleError', fn.code.reason);
    const key = `${fn.arn}|${fn.handler}|${fn.code.kind === 'directory' ? fn.code.directory : hash(fn.code.source)}`;
    let container = this.containers.get(key);
    if (!container) {
      const timers = new FunctionTimers();
      const logger = functionConsole(fn.functionName, this.functionLog);
      const globals = { console: logger, setTimeout: timers.setTimeout, clearTimeout: timers.clearTimeout };
      container = { loader: new ModuleLoader({ 'https': httpsStandIn, 'node:https': httpsStandIn }, globals), timers };
      this.containers.set(key, container);
    }
    if (!container.handler) container.handler = loadHandler(container.loader, fn);
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

/** Sets variables in `process.env` and returns a function that puts the previous values back. */
function applyEnvironment(vars: Readonly<Record<string, string>>): () => void {
  const previous = new Map<string, string | undefined>();
  for (const [name, value] of Object.entries(vars)) {
    previous.set(name, process.env[name]);
    process.env[name] = value;
  }
  return () => {
    for (const [name, value] of previous) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
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
