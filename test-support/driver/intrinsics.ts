import { PseudoParameters, pseudoParameterValue } from './pseudo-parameters';

/**
 * What `Ref: AWS::NoValue` resolves to. Objects and arrays drop members that resolve to it, as
 * CloudFormation removes the property.
 */
export const NO_VALUE: unique symbol = Symbol('AWS::NoValue');

/** Everything the resolver needs to know about the stack it resolves for. */
export interface ResolverScope {
  /** The stack's pseudo parameters. */
  readonly pseudo: PseudoParameters;
  /** Parameter values by name (already defaulted and converted by type). */
  readonly parameters: Readonly<Record<string, unknown>>;
  /** The template's `Mappings`. */
  readonly mappings: Readonly<Record<string, Record<string, Record<string, unknown>>>>;
  /** Whether the named condition is true. Throws for an unknown condition. */
  isConditionTrue(name: string): boolean;
  /** The `Ref` value of a resource. Throws when the resource is unknown or not there yet. */
  refResource(logicalId: string): unknown;
  /** An attribute of a resource. Throws like CloudFormation when it cannot. */
  getAtt(logicalId: string, attribute: string): unknown;
  /** The value another stack exported under `name`. Throws when nothing exports it. */
  importValue(name: string): unknown;
}

/** Thrown when an intrinsic cannot be resolved; the message reads like CloudFormation's. */
export class IntrinsicError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IntrinsicError';
  }
}

/** Whether a value is an intrinsic function call: a one-key object whose key is `Ref` or `Fn::*` (or `Condition` in conditions). */
export function intrinsicName(value: unknown, inCondition = false): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const keys = Object.keys(value);
  if (keys.length !== 1) return undefined;
  const key = keys[0];
  if (key === 'Ref' || key.startsWith('Fn::')) return key;
  if (inCondition && key === 'Condition') return key;
  return undefined;
}

/**
 * Resolves every intrinsic in `value`, depth first.
 *
 * @param value a template fragment
 * @param scope the stack the fragment belongs to
 * @param inCondition true while evaluating the `Conditions` section, where `{ Condition: name }` is a
 *   reference to another condition rather than a property called `Condition`
 * @returns the resolved value; `NO_VALUE` when the whole fragment is `Ref: AWS::NoValue`
 */
export function resolveValue(value: unknown, scope: ResolverScope, inCondition = false): unknown {
  const fn = intrinsicName(value, inCondition);
  if (fn !== undefined) {
    return resolveIntrinsic(fn, (value as Record<string, unknown>)[fn], scope, inCondition);
  }
  if (Array.isArray(value)) {
    return value.map((item) => resolveValue(item, scope, inCondition)).filter((item) => item !== NO_VALUE);
  }
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      const resolved = resolveValue(item, scope, inCondition);
      if (resolved !== NO_VALUE) out[key] = resolved;
    }
    return out;
  }
  return value;
}

function resolveIntrinsic(fn: string, arg: unknown, scope: ResolverScope, inCondition: boolean): unknown {
  const resolve = (v: unknown) => resolveValue(v, scope, inCondition);
  switch (fn) {
    case 'Ref': return ref(expectString(resolve(arg), fn), scope);
    case 'Condition': return scope.isConditionTrue(expectString(arg, fn));
    case 'Fn::GetAtt': return getAtt(arg, scope, resolve);
    case 'Fn::Join': {
      const [delimiter, list] = expectArgs(arg, fn, 2);
      return expectArray(resolve(list), fn).map((item) => scalarToString(item, fn)).join(expectString(resolve(delimiter), fn));
    }
    case 'Fn::Sub': return sub(arg, scope, resolve);
    case 'Fn::Select': {
      const [index, list] = expectArgs(arg, fn, 2);
      const items = expectArray(resolve(list), fn);
      const i = Number(resolve(index));
      if (!Number.isInteger(i) || i < 0 || i >= items.length) {
        throw new IntrinsicError(`Template error: Fn::Select cannot select nonexistent value at index ${i}`);
      }
      return items[i];
    }
    case 'Fn::Split': {
      const [delimiter, source] = expectArgs(arg, fn, 2);
      return expectString(resolve(source), fn).split(expectString(resolve(delimiter), fn));
    }
    case 'Fn::If': {
      const [condition, whenTrue, whenFalse] = expectArgs(arg, fn, 3);
      return resolve(scope.isConditionTrue(expectString(condition, fn)) ? whenTrue : whenFalse);
    }
    case 'Fn::Equals': {
      const [a, b] = expectArgs(arg, fn, 2);
      return JSON.stringify(resolve(a)) === JSON.stringify(resolve(b)) || String(resolve(a)) === String(resolve(b));
    }
    case 'Fn::Not': return !expectBoolean(resolve(expectArgs(arg, fn, 1)[0]), fn);
    case 'Fn::And': return expectArray(arg, fn).every((c) => expectBoolean(resolve(c), fn));
    case 'Fn::Or': return expectArray(arg, fn).some((c) => expectBoolean(resolve(c), fn));
    case 'Fn::FindInMap': return findInMap(arg, scope, resolve);
    case 'Fn::GetAZs': {
      const region = resolve(arg);
      const r = typeof region === 'string' && region !== '' ? region : scope.pseudo.region;
      return ['a', 'b', 'c'].map((zone) => `${r}${zone}`);
    }
    case 'Fn::Base64': return Buffer.from(expectString(resolve(arg), fn), 'utf8').toString('base64');
    case 'Fn::ImportValue': return scope.importValue(expectString(resolve(arg), fn));
    // Language-extension functions: cheap to support and aws-cdk-lib can emit them.
    case 'Fn::ToJsonString': return JSON.stringify(resolve(arg));
    case 'Fn::Length': return expectArray(resolve(arg), fn).length;
    default: throw new IntrinsicError(`Template error: the local driver does not support ${fn}`);
  }
}

function ref(name: string, scope: ResolverScope): unknown {
  if (name === 'AWS::NoValue') return NO_VALUE;
  const pseudo = pseudoParameterValue(name, scope.pseudo);
  if (pseudo !== undefined) return pseudo;
  if (Object.prototype.hasOwnProperty.call(scope.parameters, name)) return scope.parameters[name];
  return scope.refResource(name);
}

function getAtt(arg: unknown, scope: ResolverScope, resolve: (v: unknown) => unknown): unknown {
  // The string form `Res.Attr.With.Dots` splits at the first dot only: attribute names may contain dots.
  if (typeof arg === 'string') {
    const dot = arg.indexOf('.');
    if (dot < 0) throw new IntrinsicError(`Template error: invalid Fn::GetAtt ${arg}`);
    return scope.getAtt(arg.slice(0, dot), arg.slice(dot + 1));
  }
  const [logicalId, attribute] = expectArgs(arg, 'Fn::GetAtt', 2);
  return scope.getAtt(expectString(logicalId, 'Fn::GetAtt'), expectString(resolve(attribute), 'Fn::GetAtt'));
}

function sub(arg: unknown, scope: ResolverScope, resolve: (v: unknown) => unknown): string {
  let text: string;
  let variables: Record<string, unknown> = {};
  if (typeof arg === 'string') {
    text = arg;
  } else {
    const [t, vars] = expectArgs(arg, 'Fn::Sub', 2);
    text = expectString(t, 'Fn::Sub');
    variables = resolve(vars) as Record<string, unknown>;
  }
  return text.replace(/\$\{([^}]*)\}/g, (_match, name: string) => {
    // `${!Literal}` is an escape for a literal `${Literal}`.
    if (name.startsWith('!')) return `\${${name.slice(1)}}`;
    const key = name.trim();
    if (Object.prototype.hasOwnProperty.call(variables, key)) return scalarToString(variables[key], 'Fn::Sub');
    const dot = key.indexOf('.');
    if (dot > 0 && !key.startsWith('AWS::')) return scalarToString(scope.getAtt(key.slice(0, dot), key.slice(dot + 1)), 'Fn::Sub');
    return scalarToString(ref(key, scope), 'Fn::Sub');
  });
}

function findInMap(arg: unknown, scope: ResolverScope, resolve: (v: unknown) => unknown): unknown {
  const args = expectArray(arg, 'Fn::FindInMap');
  const [map, top, second] = args.slice(0, 3).map((a) => expectString(resolve(a), 'Fn::FindInMap'));
  const value = scope.mappings[map]?.[top]?.[second];
  if (value !== undefined) return value;
  // The language extensions allow a `{ DefaultValue }` fourth argument.
  const fallback = args[3] as { DefaultValue?: unknown } | undefined;
  if (fallback && 'DefaultValue' in fallback) return resolve(fallback.DefaultValue);
  throw new IntrinsicError(`Template error: Unable to get mapping for ${map}::${top}::${second}`);
}

function expectArgs(arg: unknown, fn: string, count: number): unknown[] {
  if (!Array.isArray(arg) || arg.length < count) {
    throw new IntrinsicError(`Template error: ${fn} needs ${count} arguments, got ${JSON.stringify(arg)}`);
  }
  return arg;
}

function expectArray(value: unknown, fn: string): unknown[] {
  if (!Array.isArray(value)) throw new IntrinsicError(`Template error: ${fn} expects a list, got ${JSON.stringify(value)}`);
  return value;
}

function expectString(value: unknown, fn: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new IntrinsicError(`Template error: ${fn} expects a string, got ${JSON.stringify(value)}`);
}

function expectBoolean(value: unknown, fn: string): boolean {
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') return value === 'true';
  throw new IntrinsicError(`Template error: ${fn} expects a condition, got ${JSON.stringify(value)}`);
}

function scalarToString(value: unknown, fn: string): string {
  if (value === NO_VALUE) return '';
  return expectString(value, fn);
}
