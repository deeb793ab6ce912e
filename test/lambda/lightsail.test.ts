/** Tests of `lambda/lightsail.ts`: the retry policy and the certificate calls. */
import {
  CreateCertificateCommand,
  DeleteCertificateCommand,
  GetCertificatesCommand,
  LightsailClient,
  TagResourceCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-lightsail';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import {
  accessDenied,
  ARN,
  certificateDelete,
  connectionReset,
  fakeDeps,
  invalidInput,
  issuedCreate,
  listed,
  NAME,
  NONE,
  notFound,
  sdkError,
  serviceFault,
  summary,
  T0,
  throttling,
} from './fixtures';
import { CALL_BUDGET_MS } from '../../lambda/deps';
import { onEvent } from '../../lambda/index';
import {
  applyTagChanges,
  backoff,
  createCertificate,
  deleteCertificate,
  findCertificate,
  isInUse,
  isNotFound,
  withRetries,
} from '../../lambda/lightsail';

const lightsail = mockClient(LightsailClient);

beforeEach(() => {
  lightsail.reset();
});

afterEach(() => {
  jest.restoreAllMocks();
});

describe('retries', () => {
  test.each([
    ['ThrottlingException', throttling()],
    ['TooManyRequestsException', sdkError('TooManyRequestsException', 'Too many requests')],
    ['RegionSetupInProgressException', sdkError('RegionSetupInProgressException', 'The region is being set up')],
    ['ServiceException (the fault the Lightsail model declares)', serviceFault()],
    ['any other server fault', sdkError('InternalError', 'We encountered an internal error', { $fault: 'server' })],
    ['an HTTP 503', sdkError('Unknown', 'Service Unavailable', { $metadata: { httpStatusCode: 503 } })],
    ['an error the SDK marks retryable', sdkError('SomethingNew', 'try again', { $retryable: { throttling: true } })],
    ['a dropped connection', connectionReset()],
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })],
    ['a timeout', sdkError('TimeoutError', 'Connection timed out after 3000 ms')],
  ])('retries %s with backoff, then succeeds', async (_, error) => {
    lightsail.on(GetCertificatesCommand).rejectsOnce(error).rejectsOnce(error).resolves(listed(summary()));
    const deps = fakeDeps();

    const found = await findCertificate(deps, deps.lightsail('us-east-1'), NAME);

    expect(found?.certificateArn).toBe(ARN);
    expect(lightsail).toHaveReceivedCommandTimes(GetCertificatesCommand, 3);
    expect(deps.sleeps).toEqual([750, 1500]);
  });

  test('gives up after 4 attempts with the last error', async () => {
    lightsail.on(GetCertificatesCommand).rejects(throttling());
    const deps = fakeDeps();

    await expect(findCertificate(deps, deps.lightsail('us-east-1'), NAME)).rejects.toThrow('Rate exceeded');
    expect(lightsail).toHaveReceivedCommandTimes(GetCertificatesCommand, 4);
    expect(deps.sleeps).toEqual([750, 1500, 3000]);
  });

  test('a throttled handler fails with the throttling error, not a timeout', async () => {
    lightsail.on(GetCertificatesCommand).rejects(throttling());
    const deps = fakeDeps();

    await expect(onEvent(certificateDelete(), deps)).rejects.toThrow('Rate exceeded');
    expect(lightsail).toHaveReceivedCommandTimes(GetCertificatesCommand, 4);
  });

  test.each([
    ['InvalidInputException', invalidInput('The domain name is not valid')],
    ['AccessDeniedException', accessDenied()],
    ['NotFoundException', notFound()],
    ['a plain error', new Error('boom')],
  ])('throws %s at once', async (_, error) => {
    const deps = fakeDeps();
    const call = jest.fn().mockRejectedValue(error);

    await expect(withRetries(deps, call)).rejects.toBe(error);
    expect(call).toHaveBeenCalledTimes(1);
    expect(deps.sleeps).toEqual([]);
  });

  test.each([undefined, null])('throws a rejection with %p at once', async (reason) => {
    const call = jest.fn().mockRejectedValue(reason);

    await expect(withRetries(fakeDeps(), call)).rejects.toBe(reason);
    expect(call).toHaveBeenCalledTimes(1);
  });

  test('does not attempt a retry that would not fit before stopBy less one call, and reports the error it has', async () => {
    lightsail.on(GetCertificatesCommand).rejects(throttling());
    // Room for the first pause (750 ms) and one call, not for the second (1500 ms).
    const deps = fakeDeps({ stopBy: T0 + CALL_BUDGET_MS + 1_000 });

    await expect(onEvent(certificateDelete(), deps)).rejects.toThrow('Rate exceeded');
    expect(lightsail).toHaveReceivedCommandTimes(GetCertificatesCommand, 2);
    expect(deps.sleeps).toEqual([750]);
    expect(deps.now() + CALL_BUDGET_MS).toBeLessThanOrEqual(deps.stopBy);
  });

  test('does not retry at all when even the first pause would not fit', async () => {
    lightsail.on(GetCertificatesCommand).rejects(serviceFault());
    const deps = fakeDeps({ stopBy: T0 + CALL_BUDGET_MS });

    await expect(onEvent(issuedCreate(), deps)).rejects.toThrow('An internal error occurred');
    expect(lightsail).toHaveReceivedCommandTimes(GetCertificatesCommand, 1);
    expect(deps.sleeps).toEqual([]);
  });

  test('backoff doubles from 1 s, with the upper half of each wait random, and can be capped', () => {
    const low = { ...fakeDeps(), random: () => 0 };
    const high = { ...fakeDeps(), random: () => 0.999999 };

    expect([1, 2, 3, 4].map((attempt) => backoff(low, attempt))).toEqual([500, 1000, 2000, 4000]);
    expect([1, 2, 3, 4].map((attempt) => backoff(high, attempt))).toEqual([1000, 2000, 4000, 8000]);
    expect(backoff(high, 10, 1_000, 10_000)).toBe(10_000);
    expect(backoff(low, 10, 1_000, 10_000)).toBe(5_000);
  });
});

describe('Lightsail calls', () => {
  test('CreateCertificate leaves out empty alternates and tags', async () => {
    const deps = fakeDeps();

    await createCertificate(deps, deps.lightsail('us-east-1'), { certificateName: NAME, domainName: 'example.com', subjectAlternativeNames: [], tags: [] });

    expect(lightsail.commandCalls(CreateCertificateCommand).map((call) => call.args[0].input)).toEqual([{ certificateName: NAME, domainName: 'example.com' }]);
  });

  test('DeleteCertificate counts a certificate already gone as deleted, and throws other errors', async () => {
    const deps = fakeDeps();
    lightsail.on(DeleteCertificateCommand).rejectsOnce(notFound()).rejects(invalidInput('The certificate is in use'));

    await expect(deleteCertificate(deps, deps.lightsail('us-east-1'), NAME)).resolves.toBeUndefined();
    await expect(deleteCertificate(deps, deps.lightsail('us-east-1'), NAME)).rejects.toThrow('The certificate is in use');
  });

  test('tag changes call only what has something to do', async () => {
    const deps = fakeDeps();
    const client = deps.lightsail('us-east-1');

    await applyTagChanges(deps, client, NAME, { set: [], remove: [] });
    expect(lightsail.calls()).toHaveLength(0);

    await applyTagChanges(deps, client, NAME, { set: [{ key: 'a', value: '1' }], remove: ['b'] });
    expect(lightsail).toHaveReceivedCommandWith(UntagResourceCommand, { resourceName: NAME, tagKeys: ['b'] });
    expect(lightsail).toHaveReceivedCommandWith(TagResourceCommand, { resourceName: NAME, tags: [{ key: 'a', value: '1' }] });
  });

  test('findCertificate picks the certificate with the exact name from the list', async () => {
    const deps = fakeDeps();
    lightsail.on(GetCertificatesCommand).resolves(listed(
      summary({ name: 'my-cert-old', arn: 'arn:old' }),
      { certificateDetail: { name: NAME, arn: 'arn:detail-only' } },
    ));

    const found = await findCertificate(deps, deps.lightsail('us-east-1'), NAME);

    expect(found?.certificateDetail?.arn).toBe('arn:detail-only');
    lightsail.on(GetCertificatesCommand).resolves({});
    await expect(findCertificate(deps, deps.lightsail('us-east-1'), NAME)).resolves.toBeUndefined();
    lightsail.on(GetCertificatesCommand).resolves(NONE);
    await expect(findCertificate(deps, deps.lightsail('us-east-1'), NAME)).resolves.toBeUndefined();
  });

  test.each([
    [notFound(), true],
    [invalidInput('Certificate DoesNotExist: my-cert'), true],
    [invalidInput('The certificate name is not valid'), false],
    [undefined, false],
  ])('isNotFound(%p) is %p', (error, expected) => {
    expect(isNotFound(error)).toBe(expected);
  });

  test.each([
    [invalidInput('The certificate is in use'), true],
    [invalidInput('Certificate my-cert is currently attached to a distribution'), true],
    [sdkError('OperationFailureException', 'The certificate is being used by a container service'), true],
    [sdkError('ResourceInUseException', 'Resource in-use'), true],
    [invalidInput('The certificate name is not valid'), false],
    [accessDenied('Access denied: certificate in use'), false],
    [undefined, false],
  ])('isInUse(%p) is %p', (error, expected) => {
    expect(isInUse(error)).toBe(expected);
  });
});
