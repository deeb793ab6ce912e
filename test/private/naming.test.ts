/** Tests of `src/private/naming.ts`. */
import { Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { generateName } from '../../src/private/naming';

describe('generated certificate names', () => {
  const scope = new Construct(new Stack(), 'Certificate');

  test('keep the name when the alternates are reordered or change case, and change it with the domains or the region', () => {
    const name = generateName(scope, 'us-east-1', ['example.com', 'www.example.com']);

    expect(generateName(scope, 'us-east-1', ['WWW.example.com', 'example.com'])).toBe(name);
    expect(generateName(scope, 'us-east-1', ['example.com', 'api.example.com'])).not.toBe(name);
    expect(generateName(scope, 'eu-west-1', ['example.com', 'www.example.com'])).not.toBe(name);
    expect(name).toMatch(/^[\w-]+-[0-9a-f]{8}$/);
  });
});
