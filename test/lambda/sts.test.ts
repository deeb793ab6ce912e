/** Tests of `lambda/sts.ts`: credentials of the role of a hosted zone in another account. */
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { assumedRoleCredentials, isZoneAccessRefused } from '../../lambda/sts';

const ROLE_ARN = 'arn:aws:iam::210987654321:role/LightsailValidation';

describe('the role of a zone in another account', () => {
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

  test('without a session name, the session is named after the library', async () => {
    const sts = mockClient(STSClient);
    sts.on(AssumeRoleCommand).resolves({ Credentials: { AccessKeyId: 'ASIA1', SecretAccessKey: 's', SessionToken: 't', Expiration: new Date(0) } });
    await assumedRoleCredentials(new STSClient({}), { roleArn: ROLE_ARN })();
    expect(sts.commandCalls(AssumeRoleCommand)[0].args[0].input).toEqual({ RoleArn: ROLE_ARN, RoleSessionName: 'cdk-lightsail-certificate', ExternalId: undefined });
    sts.restore();
  });

  test('an answer without credentials is an error naming the role', async () => {
    const sts = mockClient(STSClient);
    sts.on(AssumeRoleCommand).resolves({});
    await expect(assumedRoleCredentials(new STSClient({}), { roleArn: ROLE_ARN })()).rejects.toThrow(`STS AssumeRole of ${ROLE_ARN} returned no credentials`);
    sts.restore();
  });
});
