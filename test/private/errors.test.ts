/** Tests of `src/private/errors.ts`. */
import { App } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { prefixed, throwIfAny } from '../../src/private/errors';

describe('synth errors', () => {
  const scope = new Construct(new App(), 'Certificate');

  test('one problem is thrown as one line naming the construct', () => {
    expect(() => throwIfAny(scope, ['region "x" is not a region'])).toThrow(/^LightsailCertificate Certificate: region "x" is not a region$/);
  });

  test('several problems are thrown together, counted and listed', () => {
    expect(() => throwIfAny(scope, ['a', 'b'], 'LightsailDomainRecords')).toThrow('LightsailDomainRecords Certificate has 2 problems:\n- a\n- b');
  });

  test('no problem throws nothing; prefixed names the construct on each problem', () => {
    expect(() => throwIfAny(scope, [])).not.toThrow();
    expect(prefixed(scope, ['a', 'b'])).toEqual(['LightsailCertificate Certificate: a', 'LightsailCertificate Certificate: b']);
  });
});
