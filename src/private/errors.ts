import { Construct } from 'constructs';

/** Prefixes each problem with the construct's kind and path, so the user knows which construct it is about. */
export function prefixed(scope: Construct, problems: string[], kind = 'LightsailCertificate'): string[] {
  return problems.map((p) => `${kind} ${scope.node.path}: ${p}`);
}

/** Throws one error listing every problem, so a user fixes them all in one go. */
export function throwIfAny(scope: Construct, problems: string[], kind = 'LightsailCertificate'): void {
  if (problems.length === 1) {
    throw new Error(prefixed(scope, problems, kind)[0]);
  }
  if (problems.length > 1) {
    throw new Error(`${kind} ${scope.node.path} has ${problems.length} problems:\n- ${problems.join('\n- ')}`);
  }
}

/** Throws one problem, prefixed like every other synth error of the construct. */
export function fail(scope: Construct, problem: string, kind = 'LightsailCertificate'): never {
  throw new Error(prefixed(scope, [problem], kind)[0]);
}
