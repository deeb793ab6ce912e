/**
 * Lambda: runs functions in-process as the Node.js runtime would. Each function has a pool of execution
 * environments (a fresh module instance each, with its own timers on virtual time), kept between
 * invocations; a busy one is not reused, so concurrent invocations run apart, and one stopped at its
 * timeout is discarded. While an invocation runs, its code sees (in its own async context) `process.env`
 * with the function's variables and those Lambda sets, its role's credentials included, over the
 * caller's (endpoints such as `AWS_ENDPOINT_URL_LIGHTSAIL` come from there), a `context`, and a `console`
 * whose lines go to the function's log.
 */
import { AsyncLocalStorage } from 'async_hooks';
import { createHash, randomBytes, randomUUID } from 'crypto';
import * as fs from 'fs';
import https from 'https';
import { createRequire } from 'module';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { format } from 'util';
import { standInHttpsRequest } from './custom-resources';
import { FunctionTimers, TIMED_OUT, VirtualScheduler } from './virtual-clock';

/** A deployed function, with what is needed to run it here. */
export interface LambdaFunction {
  readonly functionName: string;
  /** What a `ServiceToken` names. */
  readonly arn: string;
  readonly region: string;
  /** `index.handler`. */
  readonly handler: string;
  readonly runtime: string;
  /** The unzipped code (an asset directory of the assembly). */
  readonly directory: string;
  readonly environment: Readonly<Record<string, string>>;
  readonly timeoutSeconds: number;
  readonly memorySize: number;
  /** The ARN of its execution role. */
  readonly role?: string;
}

/** What invoking a function gave: its JSON payload, or its error as the Node.js runtime shapes it. */
export type InvocationResult =
  | { readonly ok: true; readonly payload: unknown }
  | { readonly ok: false; readonly error: { readonly errorType: string; readonly errorMessage: string } };

type Handler = (event: unknown, context: unknown) => unknown;

/** An execution environment: the loaded code, kept between invocations, and its timers. */
interface Environment {
  readonly loader: ModuleLoader;
  readonly timers: FunctionTimers;
  handler?: Handler;
  busy: boolean;
  readonly pool: Environment[];
}

/** Kept from load time: callers may fake the global timers. */
const realSetImmediate = setImmediate;

/** The Lambda service of the test support. */
export class LambdaRuntime {
  private readonly pools = new Map<string, Environment[]>();

  /**
   * @param functionLog receives what functions print (their CloudWatch Logs); dropped by default
   * @param credentials the credential variables of a function's role; by default the caller's
   */
  constructor(
    private readonly functionLog?: (functionName: string, line: string) => void,
    private readonly credentials?: (fn: LambdaFunction) => Readonly<Record<string, string>>,
  ) {}

  /** Invokes a function: its timers run on `scheduler`, it is stopped at its timeout, the event and result pass through JSON. */
  async invoke(fn: LambdaFunction, event: unknown, scheduler: VirtualScheduler): Promise<InvocationResult> {
    const requestId = randomUUID();
    let environment: Environment | undefined;
    try {
      return await withEnvironment({ ...fn.environment, ...this.credentials?.(fn), ...lambdaVariables(fn) }, async () => {
        environment = this.environmentFor(fn);
        const handler = environment.handler ??= loadHandler(environment.loader, fn);
        const deadline = Date.now() + fn.timeoutSeconds * 1000;
        const context = {
          callbackWaitsForEmptyEventLoop: true,
          functionName: fn.functionName,
          functionVersion: '$LATEST',
          invokedFunctionArn: fn.arn,
          memoryLimitInMB: String(fn.memorySize),
          awsRequestId: requestId,
          logGroupName: `/aws/lambda/${fn.functionName}`,
          logStreamName: `${new Date().toISOString().slice(0, 10).replace(/-/g, '/')}/[$LATEST]${randomBytes(16).toString('hex')}`,
          getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
        };
        const result = await environment.timers.run(scheduler, deadline, async () => {
          const value = await handler(JSON.parse(JSON.stringify(event)), context);
          // Lambda waits for the event loop to empty: a PUT the handler did not await still goes out.
          for (let i = 0; i < 5; i++) await new Promise((resolve) => realSetImmediate(resolve));
          return value;
        });
        if (result === TIMED_OUT) {
          // Lambda restarts the runtime of a function that timed out: the environment starts afresh.
          environment.pool.splice(environment.pool.indexOf(environment), 1);
          return { ok: false, error: { errorType: 'Sandbox.Timedout', errorMessage: `${new Date().toISOString()} ${requestId} Task timed out after ${fn.timeoutSeconds.toFixed(2)} seconds` } };
        }
        return { ok: true, payload: result === undefined ? null : JSON.parse(JSON.stringify(result)) };
      });
    } catch (e) {
      const error = e as Error;
      return { ok: false, error: { errorType: error?.name ?? 'Error', errorMessage: String(error?.message ?? e) } };
    } finally {
      if (environment) environment.busy = false;
    }
  }

  /** A free environment of the function (a new one when all are busy; new ones when code or configuration changed), marked busy. */
  private environmentFor(fn: LambdaFunction): Environment {
    const key = createHash('sha256').update(JSON.stringify(fn)).digest('hex');
    const pool = this.pools.get(key) ?? [];
    this.pools.set(key, pool);
    let environment = pool.find((c) => !c.busy);
    if (!environment) {
      const timers = new FunctionTimers();
      const log = (level: string) => (...args: unknown[]) => this.functionLog?.(fn.functionName, `${level}\t${format(...args)}`);
      const functionConsole = Object.assign(Object.create(console) as Console, {
        log: log('INFO'), info: log('INFO'), debug: log('DEBUG'), trace: log('TRACE'), warn: log('WARN'), error: log('ERROR'),
      });
      const globals = { console: functionConsole, setTimeout: timers.setTimeout, clearTimeout: timers.clearTimeout };
      environment = { loader: new ModuleLoader({ 'https': httpsStandIn, 'node:https': httpsStandIn }, globals), timers, busy: false, pool };
      pool.push(environment);
    }
    environment.busy = true;
    return environment;
  }
}

/** The `https` module function code gets: the real one, but for `request`, which captures PUTs to a custom resource's response URL. */
const httpsStandIn: typeof https = Object.assign(Object.create(https) as typeof https, { request: standInHttpsRequest });

/**
 * Where function code runs from: a short fixed directory, as Lambda unzips code to `/var/task`, so that
 * nothing the code reports (file names in stack traces) depends on where the project or the assembly is.
 * One per process (jest workers run side by side), removed when the process ends.
 */
const TASK_ROOT = path.join(process.platform === 'win32' ? os.tmpdir() : '/tmp', `task-${process.pid}`);
process.once('exit', () => fs.rmSync(TASK_ROOT, { recursive: true, force: true }));

/** The code of `directory`, copied once under {@link TASK_ROOT}. */
function taskDirectory(directory: string): string {
  const target = path.join(TASK_ROOT, createHash('sha256').update(directory).digest('hex').slice(0, 8));
  if (!fs.existsSync(target)) fs.cpSync(directory, target, { recursive: true });
  return target;
}

/** `index.handler` → the `handler` export of `index.js` in the code (run from its task directory). */
function loadHandler(loader: ModuleLoader, fn: LambdaFunction): Handler {
  const dot = fn.handler.lastIndexOf('.');
  const directory = fs.existsSync(fn.directory) ? taskDirectory(fn.directory) : fn.directory;
  const file = ['.js', '.cjs'].map((ext) => path.join(directory, fn.handler.slice(0, dot) + ext)).find((f) => fs.existsSync(f));
  if (dot < 0 || !file) throw Object.assign(new Error(`Cannot find the module of handler ${fn.handler} in ${fn.directory}`), { name: 'Runtime.ImportModuleError' });
  const handler = (loader.load(file) as Record<string, unknown>)[fn.handler.slice(dot + 1)];
  if (typeof handler !== 'function') throw Object.assign(new Error(`${fn.handler} is undefined or not exported`), { name: 'Runtime.HandlerNotFound' });
  return handler as Handler;
}

/** The variables Lambda sets for every function (reserved: the function cannot override them). */
function lambdaVariables(fn: LambdaFunction): Record<string, string> {
  return {
    AWS_REGION: fn.region,
    AWS_DEFAULT_REGION: fn.region,
    AWS_LAMBDA_FUNCTION_NAME: fn.functionName,
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memorySize),
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${fn.functionName}`,
    AWS_EXECUTION_ENV: `AWS_Lambda_${fn.runtime}`,
    _HANDLER: fn.handler,
    LAMBDA_TASK_ROOT: fs.existsSync(fn.directory) ? taskDirectory(fn.directory) : fn.directory,
  };
}

/** The environment of the invocation whose async context is running, if any. */
const invocationEnvironment = new AsyncLocalStorage<Record<string, string | undefined>>();

/** While invocations run: the caller's `process.env`, and how many invocations use the stand-in. */
let sharedEnvironment: { readonly real: NodeJS.ProcessEnv; users: number } | undefined;

/**
 * Runs `fn` with `vars` over the caller's `process.env`, as seen from `fn`'s async context only:
 * invocations side by side each see their own variables, as each execution environment has its own,
 * and the caller sees its own. While any invocation runs, `process.env` picks the environment by context.
 */
async function withEnvironment<T>(vars: Readonly<Record<string, string>>, fn: () => Promise<T>): Promise<T> {
  if (!sharedEnvironment) {
    const real = process.env;
    sharedEnvironment = { real, users: 0 };
    const env = () => invocationEnvironment.getStore() ?? real;
    process.env = new Proxy(real, {
      get: (_target, name) => Reflect.get(env(), name),
      set: (_target, name, value) => Reflect.set(env(), name, String(value)),
      has: (_target, name) => Reflect.has(env(), name),
      deleteProperty: (_target, name) => Reflect.deleteProperty(env(), name),
      ownKeys: () => Reflect.ownKeys(env()),
      getOwnPropertyDescriptor: (_target, name) => Reflect.getOwnPropertyDescriptor(env(), name),
    });
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

/** The `module` object a CommonJS file sees. */
interface LoadedModule {
  exports: unknown;
  readonly id: string;
  readonly filename: string;
  loaded: boolean;
  readonly children: LoadedModule[];
  readonly paths: string[];
}

/**
 * Loads a function's CommonJS code in-process, one instance per execution environment.
 *
 * Not plain `require`: the code lives in a cloud assembly outside the project, and bundles leave
 * `@aws-sdk/*` to the Lambda runtime; a bare name that does not resolve from the code's directory is
 * resolved from this project's `node_modules` instead. Compiled with `new Function`, not `vm`: the code
 * then shares the realm of the caller, in particular a `Date` faked by `@sinonjs/fake-timers` (under
 * Jest, `vm.runInThisContext` would run in Jest's outer realm).
 */
class ModuleLoader {
  private readonly modules = new Map<string, LoadedModule>();
  private readonly projectRequire = createRequire(__filename);

  /**
   * @param overrides modules handed out instead of the real ones, by the name the code requires
   * @param globals free variables the code sees instead of the realm's (its own `console` and timers)
   */
  constructor(private readonly overrides: Readonly<Record<string, unknown>>, private readonly globals: Readonly<Record<string, unknown>>) {}

  /** Loads a file (and, through its `require`s, the files next to it); returns its exports. */
  load(filename: string): unknown {
    const cached = this.modules.get(filename);
    if (cached) return cached.exports;
    const module: LoadedModule = { exports: {}, id: filename, filename, loaded: false, children: [], paths: [] };
    this.modules.set(filename, module);
    try {
      const text = fs.readFileSync(filename, 'utf8');
      if (filename.endsWith('.json')) {
        module.exports = JSON.parse(text);
      } else {
        // A hashbang line is not valid in a function body; blanked, keeping line numbers.
        const body = `${text.replace(/^#!.*/, '')}\n//# sourceURL=${pathToFileURL(filename).href}`;
        const names = Object.keys(this.globals);
        const compiled = new Function('exports', 'require', 'module', '__filename', '__dirname', ...names, body) as (...args: unknown[]) => void;
        const args = [module.exports, this.requireFor(filename), module, filename, path.dirname(filename), ...names.map((n) => this.globals[n])];
        compiled.call(module.exports, ...args);
      }
      module.loaded = true;
      return module.exports;
    } catch (e) {
      // As in Node: a module that failed to load is not cached.
      this.modules.delete(filename);
      throw e;
    }
  }

  private requireFor(filename: string): NodeJS.Require {
    const relative = (id: string) => id.startsWith('./') || id.startsWith('../') || id === '.' || id === '..' || path.isAbsolute(id);
    const resolve = (id: string): string => (relative(id) ? resolveFile(path.resolve(path.dirname(filename), id)) : this.bare(filename, id, 'resolve') as string);
    const require = (id: string): unknown => {
      if (Object.prototype.hasOwnProperty.call(this.overrides, id)) return this.overrides[id];
      return relative(id) ? this.load(resolve(id)) : this.bare(filename, id, 'require');
    };
    return Object.assign(require, { resolve, cache: {} }) as unknown as NodeJS.Require;
  }

  /** A package or built-in: from next to the file if it is there, else from this project. */
  private bare(filename: string, id: string, how: 'require' | 'resolve'): unknown {
    try {
      const local = createRequire(filename);
      return how === 'require' ? local(id) : local.resolve(id);
    } catch (e) {
      if ((e as { code?: string }).code !== 'MODULE_NOT_FOUND') throw e;
    }
    return how === 'require' ? this.projectRequire(id) : this.projectRequire.resolve(id);
  }
}

/** Node's resolution of a relative request: the file, with an extension, or a directory's index. */
function resolveFile(base: string): string {
  const found = [base, `${base}.js`, `${base}.cjs`, `${base}.json`, path.join(base, 'index.js'), path.join(base, 'index.json')]
    .find((c) => fs.existsSync(c) && fs.statSync(c).isFile());
  if (!found) throw Object.assign(new Error(`Cannot find module '${base}'`), { code: 'MODULE_NOT_FOUND' });
  return found;
}
