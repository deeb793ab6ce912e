import { ConditionEvaluator } from './conditions';
import { IntrinsicError, NO_VALUE, ResolverScope, resolveValue } from './intrinsics';
import { ResourceRegistry } from './resource-types/registry';
import { StackState } from './stack-state';
import { Template, TemplateResource } from './template';

/**
 * One template resolved against one stack: its parameters and conditions, and `Ref`/`Fn::GetAtt` read
 * from the stack's resources as they are at the moment of resolution (so, during an update, resources
 * already updated answer their new values and the others their old ones, as in CloudFormation).
 */
export class TemplateScope {
  /** The template's conditions. */
  readonly conditions: ConditionEvaluator;
  private readonly scope: ResolverScope;

  /**
   * @param state the stack
   * @param template the template
   * @param parameters the parameter values
   * @param registry finds attributes native handlers compute on demand
   * @param importValue resolves `Fn::ImportValue`
   */
  constructor(
    state: StackState,
    readonly template: Template,
    parameters: Record<string, unknown>,
    registry: ResourceRegistry,
    importValue: (name: string) => unknown,
  ) {
    const resources = template.Resources ?? {};
    const base = {
      pseudo: state.pseudo,
      parameters,
      mappings: template.Mappings ?? {},
      isConditionTrue: (name: string) => this.conditions.isTrue(name),
      importValue,
    };
    // Conditions may only use parameters, pseudo parameters, mappings and other conditions.
    const conditionScope: ResolverScope = {
      ...base,
      refResource: (id) => { throw new IntrinsicError(`Template format error: Conditions can only be based on parameters (Ref ${id})`); },
      getAtt: (id) => { throw new IntrinsicError(`Template format error: Conditions can only be based on parameters (Fn::GetAtt ${id})`); },
    };
    this.conditions = new ConditionEvaluator(template.Conditions ?? {}, () => conditionScope);
    this.scope = {
      ...base,
      refResource: (id) => {
        const r = state.resources.get(id);
        if (!r || !(id in resources)) throw new IntrinsicError(`Template error: resource ${id} is not available to Ref (Unresolved resource dependency)`);
        return r.ref ?? r.physicalId;
      },
      getAtt: (id, attribute) => {
        const r = state.resources.get(id);
        if (!r || !(id in resources)) throw new IntrinsicError(`Template error: resource ${id} is not available to Fn::GetAtt (Unresolved resource dependency)`);
        if (Object.prototype.hasOwnProperty.call(r.attributes, attribute)) return r.attributes[attribute];
        if (r.custom) {
          throw new IntrinsicError(`CustomResource attribute error: Vendor response doesn't contain ${attribute} key in object ${state.pseudo.stackId}|${id}|${r.physicalId}`);
        }
        const handler = registry.handlerFor(r.type);
        if (!handler.getAtt) throw new IntrinsicError(`Template error: resource ${id} does not support attribute type ${attribute} in Fn::GetAtt`);
        return handler.getAtt({ ...r, stack: state.pseudo }, attribute);
      },
    };
  }

  /** Resolves a template fragment. */
  resolve(value: unknown): unknown {
    return resolveValue(value, this.scope);
  }

  /** Resolves a resource's properties. */
  properties(definition: TemplateResource): Record<string, unknown> {
    const resolved = this.resolve(definition.Properties ?? {});
    return resolved === NO_VALUE ? {} : resolved as Record<string, unknown>;
  }

  /** The logical ids of the resources whose condition holds, in template order. */
  activeResourceIds(): string[] {
    return Object.entries(this.template.Resources ?? {})
      .filter(([, r]) => r.Condition === undefined || this.conditions.isTrue(r.Condition))
      .map(([id]) => id);
  }

  /** The outputs whose condition holds, resolved, and the exports among them. */
  outputs(): { readonly outputs: Record<string, string>; readonly exports: Record<string, string> } {
    const outputs: Record<string, string> = {};
    const exports: Record<string, string> = {};
    for (const [name, output] of Object.entries(this.template.Outputs ?? {})) {
      if (output.Condition !== undefined && !this.conditions.isTrue(output.Condition)) continue;
      const value = this.resolve(output.Value);
      outputs[name] = Array.isArray(value) ? value.join(',') : String(value);
      if (output.Export) exports[String(this.resolve(output.Export.Name))] = outputs[name];
    }
    return { outputs, exports };
  }
}
