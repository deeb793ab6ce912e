/**
 * The parts of a CloudFormation template the driver reads.
 *
 * Typed loosely on purpose: a template is JSON written by aws-cdk-lib, and the driver checks what it
 * relies on where it relies on it rather than trusting a schema.
 */

/** One entry of a template's `Resources` section. */
export interface TemplateResource {
  /** The resource type, e.g. `AWS::Route53::RecordSet` or `Custom::LightsailCertificate`. */
  readonly Type: string;
  /** The resource's properties, intrinsics unresolved. */
  readonly Properties?: Record<string, unknown>;
  /** Logical ids this resource waits for besides the ones it references. */
  readonly DependsOn?: string | string[];
  /** The name of a condition in `Conditions`; the resource exists only when it is true. */
  readonly Condition?: string;
  /** `Delete` (default), `Retain`, `RetainExceptOnCreate` or `Snapshot`. */
  readonly DeletionPolicy?: string;
  /** What happens to the old physical resource when an update replaces it. */
  readonly UpdateReplacePolicy?: string;
  /** Resource metadata; aws-cdk-lib puts `aws:cdk:path` and `aws:asset:*` here. */
  readonly Metadata?: Record<string, unknown>;
}

/** One entry of a template's `Parameters` section. */
export interface TemplateParameter {
  /** `String`, `Number`, `CommaDelimitedList`, `AWS::SSM::Parameter::Value<String>`, ... */
  readonly Type: string;
  /** The value used when the deploy passes none. */
  readonly Default?: unknown;
  /** Values the parameter may take. */
  readonly AllowedValues?: unknown[];
}

/** One entry of a template's `Outputs` section. */
export interface TemplateOutput {
  /** The output's value, intrinsics unresolved. */
  readonly Value: unknown;
  /** The output exists only when this condition is true. */
  readonly Condition?: string;
  /** `{ Name }`: makes the value importable with `Fn::ImportValue`. */
  readonly Export?: { readonly Name: unknown };
  /** Free text. */
  readonly Description?: string;
}

/** A CloudFormation template as aws-cdk-lib synthesizes it. */
export interface Template {
  /** The resources, by logical id. */
  readonly Resources?: Record<string, TemplateResource>;
  /** Deploy-time inputs, by name. */
  readonly Parameters?: Record<string, TemplateParameter>;
  /** Named boolean expressions, by name. */
  readonly Conditions?: Record<string, unknown>;
  /** Lookup tables for `Fn::FindInMap`. */
  readonly Mappings?: Record<string, Record<string, Record<string, unknown>>>;
  /** The stack's outputs, by name. */
  readonly Outputs?: Record<string, TemplateOutput>;
  /** Assertions on parameters (aws-cdk-lib's bootstrap version check); the driver does not evaluate them. */
  readonly Rules?: Record<string, unknown>;
}

/** A resource type is a custom resource when CloudFormation hands it to a `ServiceToken`. */
export function isCustomResourceType(type: string): boolean {
  return type.startsWith('Custom::') || type === 'AWS::CloudFormation::CustomResource';
}

/** The `DependsOn` of a resource as a list, whichever form the template used. */
export function dependsOnList(resource: TemplateResource): string[] {
  const value = resource.DependsOn;
  if (value === undefined) return [];
  return Array.isArray(value) ? [...value] : [value];
}

/** The construct path aws-cdk-lib recorded for a resource, if any (used to print events like `cdk deploy`). */
export function constructPath(resource: TemplateResource): string | undefined {
  const path = resource.Metadata?.['aws:cdk:path'];
  return typeof path === 'string' ? path : undefined;
}
