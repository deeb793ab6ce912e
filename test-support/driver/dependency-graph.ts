import { Template, TemplateResource, dependsOnList } from './template';

/** Thrown for a template CloudFormation would refuse before touching anything. */
export class TemplateValidationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateValidationError';
  }
}

/**
 * The names a template fragment refers to through `Ref`, `Fn::GetAtt` and `Fn::Sub`, including the
 * ones inside both branches of an `Fn::If`: CloudFormation orders by what the template says, not by
 * which branch a condition picks.
 */
export function referencedNames(fragment: unknown, into: Set<string> = new Set()): Set<string> {
  if (Array.isArray(fragment)) {
    fragment.forEach((item) => referencedNames(item, into));
  } else if (typeof fragment === 'object' && fragment !== null) {
    const entries = Object.entries(fragment);
    if (entries.length === 1) {
      const [key, arg] = entries[0];
      if (key === 'Ref' && typeof arg === 'string') {
        into.add(arg);
        return into;
      }
      if (key === 'Fn::GetAtt') {
        const name = typeof arg === 'string' ? arg.split('.')[0] : Array.isArray(arg) ? arg[0] : undefined;
        if (typeof name === 'string') into.add(name);
        if (Array.isArray(arg)) referencedNames(arg.slice(1), into);
        return into;
      }
      if (key === 'Fn::Sub') {
        const [text, vars] = typeof arg === 'string' ? [arg, {}] : Array.isArray(arg) ? [arg[0], arg[1] ?? {}] : ['', {}];
        if (typeof text === 'string') {
          for (const match of text.matchAll(/\$\{([^}!][^}]*)\}/g)) {
            const name = match[1].trim().split('.')[0];
            if (!(typeof vars === 'object' && vars !== null && name in vars)) into.add(name);
          }
        }
        referencedNames(vars, into);
        return into;
      }
    }
    entries.forEach(([, item]) => referencedNames(item, into));
  }
  return into;
}

/**
 * The logical ids of the resources `resource` must wait for: the resources it references plus its
 * `DependsOn`. Parameters and pseudo parameters are not resources and are left out.
 */
export function resourceDependencies(resource: TemplateResource, resources: Readonly<Record<string, TemplateResource>>): string[] {
  const names = referencedNames(resource.Properties ?? {});
  dependsOnList(resource).forEach((d) => names.add(d));
  return [...names].filter((name) => Object.prototype.hasOwnProperty.call(resources, name));
}

/**
 * Checks what CloudFormation checks before it creates a stack: every `Ref`/`Fn::GetAtt`/`Fn::Sub`/
 * `DependsOn` names a resource, a parameter or a pseudo parameter, and resources form no cycle.
 */
export function validateReferences(template: Template): void {
  const resources = template.Resources ?? {};
  const parameters = template.Parameters ?? {};
  const unresolved = new Set<string>();
  const fragments: unknown[] = [...Object.values(resources).map((r) => r.Properties ?? {}), ...Object.values(template.Outputs ?? {})];
  for (const fragment of fragments) {
    for (const name of referencedNames(fragment)) {
      if (!(name in resources) && !(name in parameters) && !name.startsWith('AWS::')) unresolved.add(name);
    }
  }
  for (const resource of Object.values(resources)) {
    for (const name of dependsOnList(resource)) if (!(name in resources)) unresolved.add(name);
  }
  if (unresolved.size > 0) {
    throw new TemplateValidationError(`Template format error: Unresolved resource dependencies [${[...unresolved].join(', ')}] in the Resources block of the template`);
  }
  topologicalOrder(resources, Object.keys(resources));
}

/**
 * Orders `ids` so that every resource comes after the resources it depends on. Ties keep template
 * order, so a deploy is reproducible. Dependencies outside `ids` are treated as already satisfied.
 *
 * @throws TemplateValidationError on a cycle, naming the resources in it
 */
export function topologicalOrder(resources: Readonly<Record<string, TemplateResource>>, ids: readonly string[]): string[] {
  const wanted = new Set(ids);
  const order: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (id: string, trail: string[]) => {
    const s = state.get(id);
    if (s === 'done') return;
    if (s === 'visiting') {
      const cycle = trail.slice(trail.indexOf(id));
      throw new TemplateValidationError(`Circular dependency between resources: [${cycle.join(', ')}]`);
    }
    state.set(id, 'visiting');
    for (const dep of resourceDependencies(resources[id], resources)) {
      if (wanted.has(dep)) visit(dep, [...trail, id]);
    }
    state.set(id, 'done');
    order.push(id);
  };
  for (const id of ids) visit(id, []);
  return order;
}

/** Whether `id` depends, directly or through others, on `target` (within `resources`). */
export function dependsOnTransitively(resources: Readonly<Record<string, TemplateResource>>, id: string, target: string): boolean {
  const seen = new Set<string>();
  const stack = [id];
  while (stack.length > 0) {
    const current = stack.pop()!;
    if (seen.has(current) || !(current in resources)) continue;
    seen.add(current);
    for (const dep of resourceDependencies(resources[current], resources)) {
      if (dep === target) return true;
      stack.push(dep);
    }
  }
  return false;
}
