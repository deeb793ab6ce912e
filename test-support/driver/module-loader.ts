import * as fs from 'fs';
import { createRequire } from 'module';
import * as path from 'path';
import { pathToFileURL } from 'url';

/** The `module` object a CommonJS file sees. */
interface LoadedModule {
  exports: unknown;
  readonly id: string;
  readonly filename: string;
  loaded: boolean;
  readonly children: LoadedModule[];
  readonly paths: string[];
}

/** A `require` function as a CommonJS file sees it. */
type RequireFunction = ((id: string) => unknown) & { resolve: (id: string) => string; cache: Record<string, unknown> };

/**
 * Loads a Lambda function's CommonJS code in-process, one instance per function (like a warm Lambda
 * container), and makes the packages the Lambda runtime provides resolvable.
 *
 * Why not plain `require`: the code usually lives in a cloud assembly outside the project (a temporary
 * `cdk.out`), and bundles mark `@aws-sdk/*` as external because the Lambda runtime provides them; Node
 * would look for them next to the bundle and fail. Here, a bare module name that does not resolve from
 * the bundle's own directory is resolved from this project's `node_modules` instead.
 *
 * Why compile with `new Function` rather than `vm`: the function is created in the realm that loaded
 * the driver, so the handler sees the same globals as the test — in particular a `Date` faked with
 * `@sinonjs/fake-timers` (under Jest, `vm.runInThisContext` would run in Jest's outer realm instead).
 */
export class ModuleLoader {
  private readonly modules = new Map<string, LoadedModule>();
  private readonly projectRequire: NodeJS.Require = createRequire(__filename);

  /**
   * @param overrides modules handed out instead of the real ones, by the name the code requires
   *   (the driver stands in for `https` this way)
   * @param globals free variables the code sees instead of the realm's globals (the driver gives each
   *   function its own `console`, as Lambda sends a function's output to its own log group)
   */
  constructor(
    private readonly overrides: Readonly<Record<string, unknown>> = {},
    private readonly globals: Readonly<Record<string, unknown>> = {},
  ) {}

  /** Loads a file (and, through its `require`s, the files next to it) and returns its exports. */
  loadFile(filename: string): unknown {
    return this.load(path.resolve(filename));
  }

  /**
   * Loads source that is not on disk (inline Lambda code) as if it were `filename`.
   *
   * @param filename where the code pretends to be; bare `require`s resolve from this project
   * @param source the CommonJS source
   */
  loadSource(filename: string, source: string): unknown {
    return this.load(path.resolve(filename), source);
  }

  private load(filename: string, source?: string): unknown {
    const cached = this.modules.get(filename);
    if (cached) return cached.exports;
    const module: LoadedModule = { exports: {}, id: filename, filename, loaded: false, children: [], paths: [] };
    this.modules.set(filename, module);
    try {
      const text = source ?? fs.readFileSync(filename, 'utf8');
      if (filename.endsWith('.json')) {
        module.exports = JSON.parse(text);
      } else {
        // A hashbang line is not valid inside a function body; blank it, keeping line numbers.
        const body = text.replace(/^#!.*/, '') + `\n//# sourceURL=${pathToFileURL(filename).href}`;
        const globalNames = Object.keys(this.globals);
        const compiled = new Function('exports', 'require', 'module', '__filename', '__dirname', ...globalNames, body) as (...args: unknown[]) => void;
        const globalValues = globalNames.map((name) => this.globals[name]);
        compiled.call(module.exports, module.exports, this.requireFor(filename), module, filename, path.dirname(filename), ...globalValues);
      }
      module.loaded = true;
      return module.exports;
    } catch (e) {
      // Like Node: a module that failed to load is not cached, so the next require tries again.
      this.modules.delete(filename);
      throw e;
    }
  }

  private requireFor(filename: string): RequireFunction {
    const dir = path.dirname(filename);
    const resolve = (id: string): string => {
      if (isRelative(id)) return resolveFile(path.resolve(dir, id));
      return this.resolveBare(filename, id);
    };
    const require = ((id: string): unknown => {
      if (Object.prototype.hasOwnProperty.call(this.overrides, id)) return this.overrides[id];
      if (isRelative(id)) return this.load(resolveFile(path.resolve(dir, id)));
      return this.requireBare(filename, id);
    }) as RequireFunction;
    require.resolve = resolve;
    require.cache = {};
    return require;
  }

  /** A package or built-in: from next to the file if it resolves there, else from this project. */
  private requireBare(filename: string, id: string): unknown {
    try {
      return createRequire(filename)(id);
    } catch (e) {
      if (!isModuleNotFound(e)) throw e;
    }
    return this.projectRequire(id);
  }

  private resolveBare(filename: string, id: string): string {
    try {
      return createRequire(filename).resolve(id);
    } catch (e) {
      if (!isModuleNotFound(e)) throw e;
    }
    return this.projectRequire.resolve(id);
  }
}

function isRelative(id: string): boolean {
  return id.startsWith('./') || id.startsWith('../') || id === '.' || id === '..' || path.isAbsolute(id);
}

/** Node's file resolution for a relative request: the file, with an extension, or a directory's index. */
function resolveFile(base: string): string {
  const candidates = [base, `${base}.js`, `${base}.cjs`, `${base}.json`, path.join(base, 'index.js'), path.join(base, 'index.json')];
  const found = candidates.find((c) => fs.existsSync(c) && fs.statSync(c).isFile());
  if (!found) {
    const error = new Error(`Cannot find module '${base}'`) as Error & { code: string };
    error.code = 'MODULE_NOT_FOUND';
    throw error;
  }
  return found;
}

function isModuleNotFound(e: unknown): boolean {
  const err = e as { code?: string; message?: string };
  return err?.code === 'MODULE_NOT_FOUND' || /Cannot find module/.test(err?.message ?? '');
}
