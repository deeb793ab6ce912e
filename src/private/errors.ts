import { Construct } from 'constructs';

/** Prefixes each problem with the construct's path, so the user knows which certificate it is about. */
export function prefixed(scope: Construct, problems: string[]): string[] {
  return problems.map((p) => `LightsailCertificate ${scope.node.path}: ${p}`);
}

/** Throws one error listing every problem, so a user fixes them all in one go. */
export function throwIfAny(scope: Construct, problems: string[]): void {
  if (problems.length === 1) {
    throw new Error(prefixed(scope, problems)[0]);
  }
  if (problems.length > 1) {
    throw new Error(`LightsailCertificate ${scope.node.path} has ${problems.length} problems:\n- ${problems.join('\n- ')}`);
  }
}
