import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { assumedRoleCredentials, inSession, isZoneAccessRefused, roleSessionName, zoneAccess } from '../../lambda/zone-access';

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

  test('credentials come from AssumeRole with the external id and the session name', async () => {
    const sts = mockClient(STSClient);
    const expiration = new Date('2030-01-01T00:00:00Z');
    sts.on(AssumeRoleCommand).resolves({ Credentials: { AccessKeyId: 'ASIA1', SecretAccessKey: 's', SessionToken: 't', Expiration: expiration } });
    const credentials = await assumedRoleCredentials(new STSClient({}), { roleArn: ROLE_ARN, externalId: 'ext-1', sessionName: 'Web@Cert' })();
    expect(credentials).toEqual({ accessKeyId: 'ASIA1', secretAccessKey: 's', sessionToken: 't', expiration });
    expect(sts.commandCalls(AssumeRoleCommand)[0].args[0].input).toEqual({ RoleArn: ROLE_ARN, RoleSessionName: 'Web@Cert', ExternalId: 'ext-1' });
    sts.restore();
  });

  test('a refusal names the role and both policies, and is told apart from a passing fault', async () => {
    const sts = mockClient(STSClient);
    sts.on(AssumeRoleCommand).rejectsOnce(Object.assign(new Error('User: x is not authorized to perform: sts:AssumeRole'), { name: 'AccessDenied' }))
      .rejectsOnce(Object.assign(new Error('Rate exceeded'), { name: 'Throttling' }));
    const assume = assumedRoleCredentials(new STSClient({}), { roleArn: ROLE_ARN, externalId: 'ext-1' });
    const refused = (await assume().catch((e: unknown) => e)) as Error;
    expect(refused.message).toMatch(/^Could not assume role arn:aws:iam::210987654321:role\/LightsailValidation .*AccessDenied.*trust policy must allow this stack's provider role with the condition sts:ExternalId/);
    expect(refused.name).toBe('AccessDenied');
    expect(isZoneAccessRefused(refused)).toBe(true);
    const throttled = (await assume().catch((e: unknown) => e)) as Error;
    expect(throttled.name).toBe('Throttling');
    expect(isZoneAccessRefused(throttled)).toBe(false);
    sts.restore();
  });
});
