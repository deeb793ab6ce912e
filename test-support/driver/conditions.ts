import { IntrinsicError, ResolverScope, resolveValue } from './intrinsics';

/**
 * Evaluates a template's `Conditions` lazily: a condition is computed the first time something asks
 * for it, so conditions may refer to each other in any order. A cycle is a template error.
 */
export class ConditionEvaluator {
  private readonly values = new Map<string, boolean>();
  private readonly evaluating = new Set<string>();

  /**
   * @param conditions the template's `Conditions` section
   * @param scope resolves the `Ref`s to parameters and pseudo parameters conditions contain
   */
  constructor(
    private readonly conditions: Readonly<Record<string, unknown>>,
    private readonly scope: () => ResolverScope,
  ) {}

  /** Whether condition `name` is true. Throws for an unknown name. */
  isTrue(name: string): boolean {
    const known = this.values.get(name);
    if (known !== undefined) return known;
    if (!Object.prototype.hasOwnProperty.call(this.conditions, name)) {
      throw new IntrinsicError(`Template format error: Unresolved condition dependency ${name}`);
    }
    if (this.evaluating.has(name)) {
      throw new IntrinsicError(`Template format error: Circular dependency between conditions: [${[...this.evaluating].join(', ')}]`);
    }
    this.evaluating.add(name);
    try {
      const value = resolveValue(this.conditions[name], this.scope(), true);
      if (typeof value !== 'boolean') {
        throw new IntrinsicError(`Template format error: condition ${name} does not evaluate to a boolean`);
      }
      this.values.set(name, value);
      return value;
    } finally {
      this.evaluating.delete(name);
    }
  }
}
