/**
 * CloudFormation's resource types per region: a template with a type the stack's region does not have
 * is refused before anything is created, as CloudFormation does. The table (`resource-types-by-region.json`) is
 * copied from cfn-lint's per-region schemas; `npm run facts` holds the copy to them. A type it does not
 * list is accepted (the facts check makes sure every type of the project's templates is listed).
 */
import TABLE from './resource-types-by-region.json';

const REGIONS: Readonly<Record<string, readonly string[] | undefined>> = TABLE.types;

/** Throws CloudFormation's error for the first resource whose type the region does not have. */
export function validateResourceTypes(template: { readonly Resources?: Record<string, { readonly Type: string }> }, region: string): void {
  for (const { Type: type } of Object.values(template.Resources ?? {})) {
    const regions = REGIONS[type];
    if (regions !== undefined && !regions.includes(region)) {
      throw new Error(`Resource type '${type}' does not exist in '${region}'`);
    }
  }
}
