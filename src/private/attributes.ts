import { CfnResource, ResolutionTypeHint, Token } from 'aws-cdk-lib';

/** A string attribute of a custom resource. */
export function attribute(resource: CfnResource, name: string): string {
  return Token.asString(resource.getAtt(name, ResolutionTypeHint.STRING));
}
