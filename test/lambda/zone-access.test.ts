/** Tests of `lambda/zone-access.ts`: which zones need another account's role, and the role session's name. */
import { inSession, roleSessionName, zoneAccess } from '../../lambda/zone-access';

const ROLE_ARN = 'arn:aws:iam::210987654321:role/LightsailValidation';

describe('role session name', () => {
  test('names the stack and the logical id', () => {
    expect(roleSessionName({ StackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/Web/0a1b', LogicalResourceId: 'Certificate1A2B' })).toBe('Web@Certificate1A2B');
  });

  test('fits STS\'s 64 characters of [\\w+=,.@-], keeping the logical id whole', () => {
    const name = roleSessionName({ StackId: `arn:aws:cloudformation:us-east-1:123456789012:stack/${'S'.repeat(128)}/0a1b`, LogicalResourceId: `Cert${'x'.repeat(40)}` });
    expect(name).toHaveLength(64);
    expect(name).toMatch(/^[\w+=,.@-]{2,64}$/);
    expect(name.endsWith(`@Cert${'x'.repeat(40)}`)).toBe(true);
  });
});

describe('zone access', () => {
  test('properties without a role are a zone of the stack\'s account', () => {
    expect(zoneAccess(undefined)).toBeUndefined();
    expect(zoneAccess({ RoleArn: ROLE_ARN, ExternalId: '' })).toEqual({ roleArn: ROLE_ARN, externalId: undefined });
  });

  test('inSession names the session of a zone\'s role and leaves the own-account client alone', () => {
    const asked: unknown[] = [];
    const deps = inSession({ route53: (access?: unknown) => { asked.push(access); return 'client'; } }, 'Web@Cert');
    deps.route53();
    deps.route53({ roleArn: ROLE_ARN });
    expect(asked).toEqual([undefined, { roleArn: ROLE_ARN, sessionName: 'Web@Cert' }]);
  });
});
