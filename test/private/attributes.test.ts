/** Tests of `src/private/attributes.ts`: a custom resource's string attribute. */
import { CfnResource, Token } from 'aws-cdk-lib';
import { attribute } from '../../src/private/attributes';
import { newStack } from '../util';

test('an attribute is a string token that resolves to Fn::GetAtt of the resource', () => {
  const stack = newStack();
  const resource = new CfnResource(stack, 'Cert', { type: 'Custom::LightsailCertificate' });

  const name = attribute(resource, 'CertificateName');

  expect(Token.isUnresolved(name)).toBe(true);
  expect(stack.resolve(name)).toEqual({ 'Fn::GetAtt': [stack.getLogicalId(resource), 'CertificateName'] });
});
