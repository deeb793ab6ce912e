/** Tests of `lambda/quota.ts`. */
import { InvalidInputException } from '@aws-sdk/client-lightsail';
import { sdkError } from './fixtures';
import { isQuotaRefusal, quotaError } from '../../lambda/quota';

describe('quota refusals', () => {
  test.each([
    ['InvalidInputException', 'You have reached the maximum number of certificates'],
    ['LimitExceededException', 'Certificate limit exceeded'],
    ['ServiceQuotaExceededException', 'Quota reached'],
  ])('a %s speaking of a limit is a quota refusal, whatever Lightsail names it', (name, message) => {
    expect(isQuotaRefusal(sdkError(name, message))).toBe(true);
  });

  test('an error of another kind, or one that speaks of no limit, is not', () => {
    expect(isQuotaRefusal(new InvalidInputException({ $metadata: {}, message: 'The domain name is invalid' }))).toBe(false);
    expect(isQuotaRefusal(sdkError('AccessDeniedException', 'maximum number of certificates'))).toBe(false);
    expect(isQuotaRefusal(undefined)).toBe(false);
  });

  test('the error names the certificate, the region, both quotas and what Lightsail said', () => {
    const error = quotaError({ CertificateName: 'my-cert', Region: 'eu-west-1' }, sdkError('InvalidInputException', 'too many certificates'));

    expect(error.message).toContain('certificate "my-cert" in eu-west-1 because a quota is reached');
    expect(error.message).toContain('10 certificates per region, and 20 certificate requests per region in any 365 days');
    expect(error.message).toMatch(/Lightsail said: too many certificates$/);
  });
});
