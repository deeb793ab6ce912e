/**
 * CloudFormation's reading of a template: the stack in a synthesized cloud assembly and its file assets,
 * the intrinsic functions CDK templates use here (`Ref`, `Fn::GetAtt`, `Fn::Sub`, `Fn::Join`, `Fn::Select`, `Fn::Split`), the order
 * resources are created in (`Ref`, `Fn::GetAtt`, `Fn::Sub` and `DependsOn`), and the names it generates.
 */
import { randomInt, randomUUID } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

/** One entry of a template's `Resources`, intrinsics unresolved. */
export interface TemplateResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly DependsOn?: string | string[];
  /** `Delete` (default), `Retain` or `RetainExceptOnCreate`. */
  readonly DeletionPolicy?: string;
  readonly UpdateReplacePolicy?: string;
  /** aws-cdk-lib puts `aws:cdk:path` and `aws:asset:*` here. */
  readonly Metadata?: Record<string, unknown>;
}

/** A template as aws-cdk-lib synthesizes it (the parts the driver reads). */
export interface Template {
  readonly Resources?: Record<string, TemplateResource>;
  readonly Parameters?: Record<string, { readonly Type: string; readonly Default?: unknown }>;
  readonly Conditions?: Record<string, unknown>;
  readonly Outputs?: Record<string, { readonly Value: unknown }>;
}

/** A synthesized cloud assembly: its directory, or what has one (`app.synth()`). */
export type AssemblySource = string | { readonly directory: string };

/** A stack of a cloud assembly. */
export interface AssemblyStack {
  readonly stackName: string;
  readonly template: Template;
  /** `undefined` for an environment-agnostic stack. */
  readonly account?: string;
  readonly region?: string;
  /** The directories of its file assets, by S3 object key. */
  readonly assets: AssetDirectories;
}

/** Where the assets of a template are: the assembly directory, and each asset's directory by object key. */
export interface AssetDirectories {
  readonly assemblyDir: string;
  readonly byObjectKey: ReadonlyMap<string, string>;
}

/** The values of CloudFormation's pseudo parameters for one stack. */
export interface PseudoParameters {
  readonly region: string;
  readonly account: string;
  readonly stackName: string;
  /** A stack ARN with a random id, minted once, at creation. */
  readonly stackId: string;
}

/**
 * Finds a stack of an assembly by its stack name or artifact id (stages, nested assemblies, are not
 * looked into), with its template and the `*.assets.json` manifests that map S3 object keys to the
 * staged asset directories.
 */
export function readAssemblyStack(source: AssemblySource, stackName: string): AssemblyStack {
  const dir = path.resolve(typeof source === 'string' ? source : source.directory);
  type Artifact = { type: string; environment?: string; properties?: { templateFile?: string; stackName?: string } };
  const artifacts = (JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as { artifacts?: Record<string, Artifact> }).artifacts ?? {};
  const stacks = Object.entries(artifacts).filter(([, a]) => a.type === 'aws:cloudformation:stack' && a.properties?.templateFile);
  const found = stacks.find(([id, a]) => stackName === id || stackName === a.properties?.stackName);
  if (!found) throw new Error(`Stack ${stackName} is not in the cloud assembly at ${dir} (stacks: ${stacks.map(([id, a]) => a.properties?.stackName ?? id).join(', ') || 'none'})`);
  const [id, artifact] = found;
  const template = JSON.parse(fs.readFileSync(path.join(dir, artifact.properties!.templateFile!), 'utf8')) as Template;
  if (Object.keys(template.Conditions ?? {}).length > 0) throw new Error(`Stack ${stackName}: the local driver does not support template Conditions`);
  const byObjectKey = new Map<string, string>();
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.assets.json'))) {
    type Manifest = { files?: Record<string, { source?: { path?: string }; destinations?: Record<string, { objectKey?: string }> }> };
    for (const asset of Object.values((JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as Manifest).files ?? {})) {
      for (const destination of Object.values(asset.destinations ?? {})) {
        if (asset.source?.path && destination.objectKey) byObjectKey.set(destination.objectKey, path.resolve(dir, asset.source.path));
      }
    }
  }
  const [, account, region] = /^aws:\/\/([^/]+)\/([^/]+)$/.exec(artifact.environment ?? '') ?? [];
  return {
    stackName: artifact.properties?.stackName ?? id,
    template,
    account: account === 'unknown-account' ? undefined : account,
    region: region === 'unknown-region' ? undefined : region,
    assets: { assemblyDir: dir, byObjectKey },
  };
}

/**
 * The directory of a function's code: from its `aws:asset:path` metadata (which aws-cdk-lib writes when
 * the CDK CLI asks for it) or from its `S3Key` through the asset manifests (which `app.synth()` writes).
 */
export function codeDirectory(assets: AssetDirectories, code: unknown, metadata: Readonly<Record<string, unknown>> | undefined): string {
  const metadataPath = metadata?.['aws:asset:path'];
  const objectKey = (code as { S3Key?: unknown } | undefined)?.S3Key;
  const dir = typeof metadataPath === 'string' ? path.resolve(assets.assemblyDir, metadataPath) : typeof objectKey === 'string' ? assets.byObjectKey.get(objectKey) : undefined;
  if (!dir || !fs.statSync(dir, { throwIfNoEntry: false })?.isDirectory()) {
    throw new Error(`The local driver runs code from a local asset directory only, got ${JSON.stringify(code)}`);
  }
  return dir;
}

/** Mints the pseudo parameters of a new stack. */
export function newPseudoParameters(stackName: string, region: string, account: string): PseudoParameters {
  return { region, account, stackName, stackId: `arn:aws:cloudformation:${region}:${account}:stack/${stackName}/${randomUUID()}` };
}

/** What the resolution of a template fragment needs. */
export interface Resolver {
  readonly pseudo: PseudoParameters;
  /** Parameter values by name. */
  readonly parameters: Readonly<Record<string, unknown>>;
  /** `Ref` of a resource; throws when it is not there (yet). */
  ref(logicalId: string): unknown;
  /** `Fn::GetAtt`; throws like CloudFormation when it cannot. */
  getAtt(logicalId: string, attribute: string): unknown;
}

/** Resolves every intrinsic in a template fragment, depth first; an unsupported one is an error that names it. */
export function resolve(value: unknown, r: Resolver): unknown {
  if (Array.isArray(value)) return value.map((v) => resolve(v, r));
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value);
  const [fn, arg] = entries.length === 1 ? entries[0] : [];
  if (fn === 'Ref' || fn?.startsWith('Fn::')) {
    switch (fn) {
      case 'Ref': return ref(String(resolve(arg, r)), r);
      case 'Fn::GetAtt': {
        // The string form `Res.Attr.With.Dots` splits at the first dot: attribute names may contain dots.
        const [id, attribute] = typeof arg === 'string' ? [arg.slice(0, arg.indexOf('.')), arg.slice(arg.indexOf('.') + 1)] : (arg as unknown[]);
        return r.getAtt(String(id), String(resolve(attribute, r)));
      }
      case 'Fn::Join': {
        const [delimiter, list] = arg as [unknown, unknown];
        return (resolve(list, r) as unknown[]).map((item) => scalar(item, fn)).join(String(resolve(delimiter, r)));
      }
      case 'Fn::Sub': {
        const [text, variables] = typeof arg === 'string' ? [arg, {}] : [(arg as unknown[])[0], resolve((arg as unknown[])[1], r)];
        return String(text).replace(/\$\{([^}]*)\}/g, (_match, name: string) => {
          // `${!Literal}` is a literal `${Literal}`.
          if (name.startsWith('!')) return `\${${name.slice(1)}}`;
          const key = name.trim();
          const vars = variables as Record<string, unknown>;
          if (Object.prototype.hasOwnProperty.call(vars, key)) return scalar(vars[key], fn);
          const dot = key.indexOf('.');
          return scalar(dot > 0 && !key.startsWith('AWS::') ? r.getAtt(key.slice(0, dot), key.slice(dot + 1)) : ref(key, r), fn);
        });
      }
      case 'Fn::Select': {
        const [index, list] = arg as [unknown, unknown];
        const items = resolve(list, r) as unknown[];
        const at = Number(resolve(index, r));
        if (!Array.isArray(items) || !Number.isInteger(at) || at < 0 || at >= items.length) {
          throw new Error(`Template error: Fn::Select cannot select index ${String(index)} of ${JSON.stringify(items)}`);
        }
        return items[at];
      }
      case 'Fn::Split': {
        const [delimiter, text] = arg as [unknown, unknown];
        return scalar(resolve(text, r), fn).split(String(resolve(delimiter, r)));
      }
      default: throw new Error(`Template error: the local driver does not support ${fn}`);
    }
  }
  return Object.fromEntries(entries.map(([k, v]) => [k, resolve(v, r)]));
}

function ref(name: string, r: Resolver): unknown {
  const pseudo: Record<string, unknown> = {
    'AWS::Region': r.pseudo.region,
    'AWS::AccountId': r.pseudo.account,
    'AWS::Partition': 'aws',
    'AWS::URLSuffix': 'amazonaws.com',
    'AWS::StackName': r.pseudo.stackName,
    'AWS::StackId': r.pseudo.stackId,
  };
  if (name in pseudo) return pseudo[name];
  if (Object.prototype.hasOwnProperty.call(r.parameters, name)) return r.parameters[name];
  return r.ref(name);
}

function scalar(value: unknown, fn: string): string {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new Error(`Template error: ${fn} expects a string, got ${JSON.stringify(value)}`);
}

/** The names a fragment refers to through `Ref`, `Fn::GetAtt` and `Fn::Sub` (not its own `Fn::Sub` variables, nor `${!escapes}`). */
export function referencedNames(fragment: unknown, into: Set<string> = new Set()): Set<string> {
  if (Array.isArray(fragment)) {
    fragment.forEach((item) => referencedNames(item, into));
  } else if (typeof fragment === 'object' && fragment !== null) {
    const entries = Object.entries(fragment);
    const [key, arg] = entries.length === 1 ? entries[0] : [];
    if (key === 'Ref' && typeof arg === 'string') {
      into.add(arg);
    } else if (key === 'Fn::GetAtt') {
      const name = typeof arg === 'string' ? arg.split('.')[0] : Array.isArray(arg) ? arg[0] : undefined;
      if (typeof name === 'string') into.add(name);
      if (Array.isArray(arg)) referencedNames(arg.slice(1), into);
    } else if (key === 'Fn::Sub') {
      const [text, vars] = typeof arg === 'string' ? [arg, {}] : Array.isArray(arg) ? [arg[0], arg[1] ?? {}] : ['', {}];
      for (const match of String(text).matchAll(/\$\{([^}!][^}]*)\}/g)) {
        const name = match[1].trim().split('.')[0];
        if (!(typeof vars === 'object' && vars !== null && name in vars)) into.add(name);
      }
      referencedNames(vars, into);
    } else {
      entries.forEach(([, item]) => referencedNames(item, into));
    }
  }
  return into;
}

/** The resources `id` waits for: those it references, and its `DependsOn`. */
function dependencies(resources: Readonly<Record<string, TemplateResource>>, id: string): string[] {
  const names = referencedNames(resources[id]?.Properties ?? {});
  [resources[id]?.DependsOn ?? []].flat().forEach((d) => names.add(d));
  return [...names].filter((name) => Object.prototype.hasOwnProperty.call(resources, name));
}

/**
 * What CloudFormation checks before it touches anything: every `Ref`/`Fn::GetAtt`/`Fn::Sub`/`DependsOn`
 * names a resource, a parameter or a pseudo parameter, and the resources form no cycle.
 */
export function validateReferences(template: Template): void {
  const resources = template.Resources ?? {};
  const unresolved = new Set<string>();
  for (const fragment of [...Object.values(resources).map((r) => r.Properties ?? {}), ...Object.values(template.Outputs ?? {})]) {
    for (const name of referencedNames(fragment)) if (!(name in resources) && !(name in (template.Parameters ?? {})) && !name.startsWith('AWS::')) unresolved.add(name);
  }
  Object.values(resources).flatMap((r) => [r.DependsOn ?? []].flat()).forEach((name) => { if (!(name in resources)) unresolved.add(name); });
  if (unresolved.size > 0) {
    throw new Error(`Template format error: Unresolved resource dependencies [${[...unresolved].join(', ')}] in the Resources block of the template`);
  }
  topologicalOrder(resources, Object.keys(resources));
}

/** Orders `ids` so that each comes after what it depends on (dependencies outside `ids` count as there); ties keep template order. */
export function topologicalOrder(resources: Readonly<Record<string, TemplateResource>>, ids: readonly string[]): string[] {
  const wanted = new Set(ids);
  const order: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (id: string, trail: string[]) => {
    if (state.get(id) === 'done') return;
    if (state.get(id) === 'visiting') throw new Error(`Circular dependency between resources: [${trail.slice(trail.indexOf(id)).join(', ')}]`);
    state.set(id, 'visiting');
    dependencies(resources, id).filter((d) => wanted.has(d)).forEach((d) => visit(d, [...trail, id]));
    state.set(id, 'done');
    order.push(id);
  };
  ids.forEach((id) => visit(id, []));
  return order;
}

/** Whether `id` depends, directly or through others, on `target`. */
export function dependsOnTransitively(resources: Readonly<Record<string, TemplateResource>>, id: string, target: string): boolean {
  const seen = new Set<string>();
  const stack = [id];
  while (stack.length > 0) {
    const current = stack.pop()!;
    if (seen.has(current) || !(current in resources)) continue;
    seen.add(current);
    for (const dep of dependencies(resources, current)) {
      if (dep === target) return true;
      stack.push(dep);
    }
  }
  return false;
}

/** `length` random characters of `alphabet`. */
export function randomString(length: number, alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'): string {
  return Array.from({ length }, () => alphabet[randomInt(alphabet.length)]).join('');
}

/** A name as CloudFormation generates one: `<stack>-<logicalId>-<12 random characters>`, the first two cut to fit `maxLength`. */
export function generatedName(stackName: string, logicalId: string, maxLength = 128): string {
  const suffix = `-${randomString(12, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789')}`;
  const room = Math.max(2, maxLength - suffix.length - 1);
  const stackPart = stackName.slice(0, Math.ceil(room / 2));
  return `${stackPart}-${logicalId.slice(0, room - stackPart.length)}${suffix}`;
}
