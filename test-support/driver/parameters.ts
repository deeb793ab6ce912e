import { TemplateParameter } from './template';

/**
 * What an SSM-typed parameter resolves to when the deploy does not name a value. aws-cdk-lib's
 * `BootstrapVersion` parameter reads `/cdk-bootstrap/<qualifier>/version`; a recent bootstrap version
 * satisfies the template's `CheckBootstrapVersion` rule (which the driver does not evaluate anyway).
 */
const DEFAULT_BOOTSTRAP_VERSION = '30';

/** Thrown when a parameter has no value or a value it does not allow. */
export class ParameterError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ParameterError';
  }
}

/**
 * Computes the value of every template parameter, as CloudFormation does at deploy time.
 *
 * @param declared the template's `Parameters`
 * @param given values passed to the deploy (all strings, as on the CLI)
 * @param ssm values of SSM parameters by path, for `AWS::SSM::Parameter::Value<...>` parameters
 * @returns values by name; list types become string arrays
 */
export function parameterValues(
  declared: Readonly<Record<string, TemplateParameter>>,
  given: Readonly<Record<string, string>>,
  ssm: Readonly<Record<string, string>>,
): Record<string, unknown> {
  for (const name of Object.keys(given)) {
    if (!(name in declared)) throw new ParameterError(`Parameters: [${name}] do not exist in the template`);
  }
  const values: Record<string, unknown> = {};
  for (const [name, decl] of Object.entries(declared)) {
    let raw: string | undefined = given[name] ?? (decl.Default === undefined ? undefined : String(decl.Default));
    if (raw === undefined) throw new ParameterError(`Parameters: [${name}] must have values`);
    if (decl.Type.startsWith('AWS::SSM::Parameter::Value<')) {
      // The parameter's value is the SSM path; CloudFormation substitutes what is stored under it.
      raw = ssm[raw] ?? (raw.startsWith('/cdk-bootstrap/') ? DEFAULT_BOOTSTRAP_VERSION : undefined);
      if (raw === undefined) throw new ParameterError(`Parameter ${name}: SSM parameter ${given[name] ?? decl.Default} is not known to the local driver (pass it in ssmParameters)`);
    }
    if (decl.AllowedValues && !decl.AllowedValues.map(String).includes(raw)) {
      throw new ParameterError(`Parameter '${name}' must be one of AllowedValues`);
    }
    values[name] = isListType(decl.Type) ? raw.split(',') : raw;
  }
  return values;
}

function isListType(type: string): boolean {
  return type === 'CommaDelimitedList' || type.startsWith('List<')
    || type.startsWith('AWS::SSM::Parameter::Value<List<') || type === 'AWS::SSM::Parameter::Value<CommaDelimitedList>';
}
