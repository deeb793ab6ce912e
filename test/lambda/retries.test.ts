/** Tests of `lambda/retries.ts`: which errors are tried again, how long between attempts, and when to stop. */
import { GetCertificatesCommand, LightsailClient } from '@aws-sdk/client-lightsail';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import {
  accessDenied,
  ARN,
  certificateDelete,
  connectionReset,
  FAR_FUTURE,
  fakeDeps,
  invalidInput,
  issuedCreate,
  listed,
  NAME,
  notFound,
  sdkError,
  serviceFault,
  summary,
  T0,
  throttling,
} from './fixtures';
import { CALL_BUDGET_MS } from '../../lambda/deps';
import { onEvent } from '../../lambda/index';
import { findCertificate } from '../../lambda/lightsail';
import { backoff, withRetries } from '../../lambda/retries';

const lightsail = mockClient(LightsailClient);

beforeEach(() => {
  lightsail.reset();
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

  test('retries Route 53\'s PriorRequestNotComplete (a change to a zone whose previous change is still applied)', async () => {
    const busy = sdkError('PriorRequestNotComplete', 'The request was rejected because Route 53 was still processing a prior request');
    const call = jest.fn().mockRejectedValueOnce(busy).mockResolvedValue('done');
    const deps = fakeDeps();

    await expect(withRetries(deps, call)).resolves.toBe('done');
    expect(call).toHaveBeenCalledTimes(2);
    expect(deps.sleeps).toEqual([750]);
  });

  test('needs nothing of the handler but the clock, sleeping, jitter and the time to stop by', async () => {
    const sleeps: number[] = [];
    const options = { now: () => T0, sleep: async (ms: number) => { sleeps.push(ms); }, random: () => 0, stopBy: FAR_FUTURE };
    const call = jest.fn().mockRejectedValueOnce(throttling()).mockResolvedValue(42);

    await expect(withRetries(options, call)).resolves.toBe(42);
    expect(sleeps).toEqual([500]);
  });
});
