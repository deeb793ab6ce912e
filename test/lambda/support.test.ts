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
  certificateCreate,
  certificateDelete,
  connectionReset,
  fakeDeps,
  invalidInput,
  issuedCreate,
  issuedDelete,
  listed,
  NAME,
  NONE,
  notFound,
  OWNER,
  PHYSICAL_ID,
  sdkError,
  serviceFault,
  summary,
  T0,
  throttling,
} from './fixtures';
import { CALL_BUDGET_MS, defaultDeps, hasTimeFor, RESPONSE_BUDGET_MS } from '../../lambda/deps';
import { handler, onEvent } from '../../lambda/index';
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
import { mintPhysicalId, parsePhysicalId } from '../../lambda/physical-id';
import { arnOf, domainsOfCertificate, ownerOf, recordFor, sameDomain, sameDomainSet, tagsOf } from '../../lambda/summary';
import { diffTags, toTagList, toTagMap } from '../../lambda/tags';
import { OWNER_TAG_KEY } from '../../src/private/contract';

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

describe('time budget', () => {
  test('defaultDeps stops new work RESPONSE_BUDGET_MS before the invocation ends', () => {
    jest.spyOn(Date, 'now').mockReturnValue(T0);

    const deps = defaultDeps(900_000);

    expect(deps.stopBy).toBe(T0 + 900_000 - RESPONSE_BUDGET_MS);
    expect(deps.now()).toBe(T0);
  });

  test('hasTimeFor leaves room for one call after the wait', () => {
    const deps = fakeDeps({ stopBy: T0 + 60_000 });

    expect(hasTimeFor(deps, 15_000)).toBe(true);
    expect(hasTimeFor(deps, 15_001)).toBe(false);
  });

  test('the handler entry takes the time left from the Lambda context', async () => {
    lightsail.on(GetCertificatesCommand).resolves(listed(summary()));

    // 60 s left: stopBy is 15 s away, too close for a 10 s pause and one call, so a link that is not
    // the last answers after a single read instead of waiting its 780 s.
    const result = await handler(issuedCreate({ TimeoutSeconds: undefined }), { getRemainingTimeInMillis: () => 60_000 });

    expect(result).toEqual({ PhysicalResourceId: PHYSICAL_ID, Data: { CertificateName: NAME, CertificateArn: ARN, Status: 'PENDING_VALIDATION' } });
    expect(lightsail).toHaveReceivedCommandTimes(GetCertificatesCommand, 1);
  });

  test('the handler entry serves a Delete of a wait link without calling Lightsail', async () => {
    await expect(handler(issuedDelete(), { getRemainingTimeInMillis: () => 900_000 })).resolves.toEqual({ PhysicalResourceId: PHYSICAL_ID });
    expect(lightsail.calls()).toHaveLength(0);
  });

  test('defaultDeps keeps one client per region, with bounded attempts, and sleeps for real', async () => {
    const deps = defaultDeps(900_000);
    const client = deps.lightsail('us-east-1');

    expect(deps.lightsail('us-east-1')).toBe(client);
    expect(defaultDeps(60_000).lightsail('us-east-1')).toBe(client);
    expect(deps.lightsail('eu-west-1')).not.toBe(client);
    expect(await client.config.region()).toBe('us-east-1');
    expect(await deps.lightsail('eu-west-1').config.region()).toBe('eu-west-1');
    expect(await client.config.maxAttempts()).toBe(3);
    expect(deps.random()).toBeGreaterThanOrEqual(0);
    expect(deps.random()).toBeLessThan(1);
    const before = Date.now();
    await deps.sleep(20);
    expect(Date.now() - before).toBeGreaterThanOrEqual(15);
  });
});

describe('dispatch', () => {
  test('refuses a resource type it does not serve, naming it', async () => {
    const event = { ...certificateCreate(), ResourceType: 'Custom::Other' };

    await expect(onEvent(event, fakeDeps())).rejects.toThrow(
      'Unsupported resource type "Custom::Other": this provider serves Custom::LightsailCertificate, Custom::LightsailCertificateIssued, Custom::LightsailDistributionDomain, Custom::LightsailDomainEntries, '
      + 'Custom::LightsailDistributionCertificate and Custom::LightsailContainerServiceCertificate',
    );
    expect(lightsail.calls()).toHaveLength(0);
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

describe('tags', () => {
  test('convert between map and list', () => {
    expect(toTagList({ a: '1', b: '' })).toEqual([{ key: 'a', value: '1' }, { key: 'b', value: '' }]);
    expect(toTagList(undefined)).toEqual([]);
    expect(toTagMap([{ key: 'a', value: '1' }, { key: 'b' }, { value: 'orphan' }])).toEqual({ a: '1', b: '' });
    expect(toTagMap(undefined)).toEqual({});
  });

  test('the diff sets what differs and removes only removable keys the wanted tags lack', () => {
    expect(diffTags({ a: '1', b: '2' }, { a: '1', b: '0', c: '3', d: '4' }, ['c', 'a'])).toEqual({
      set: [{ key: 'b', value: '2' }],
      remove: ['c'],
    });
  });

  test('the diff never removes the owner tag, even when told it may', () => {
    const current = { [OWNER_TAG_KEY]: OWNER, team: 'web' };

    expect(diffTags({}, current, [OWNER_TAG_KEY, 'team'])).toEqual({ set: [], remove: ['team'] });
  });
});

describe('physical id', () => {
  test('carries region and name', () => {
    expect(mintPhysicalId('us-east-1', 'my-cert')).toBe('lightsail-certificate:us-east-1:my-cert');
    expect(parsePhysicalId('lightsail-certificate:ap-southeast-2:my-cert')).toEqual({ region: 'ap-southeast-2', certificateName: 'my-cert' });
  });

  test.each([
    undefined,
    '',
    'my-cert',
    'lightsail-certificate:us-east-1',
    'other:us-east-1:my-cert',
    'AWSCDK::CustomResourceProviderFramework::CREATE_FAILED',
    'CertCertificate4E7ABB08-1B2C3D4E5F6G',
  ])('is not read from %p', (id) => {
    expect(parsePhysicalId(id)).toBeUndefined();
  });
});

describe('certificate summaries', () => {
  test('domains compare as case-insensitive sets', () => {
    expect(sameDomainSet(['a.com', 'b.a.com'], ['B.A.com', 'a.com'])).toBe(true);
    expect(sameDomainSet(['a.com', 'a.com'], ['a.com'])).toBe(true);
    expect(sameDomainSet(['a.com'], ['a.com', 'b.a.com'])).toBe(false);
    expect(sameDomainSet(['a.com', 'c.a.com'], ['a.com', 'b.a.com'])).toBe(false);
    expect(sameDomain('A.com', 'a.COM')).toBe(true);
    expect(sameDomain(undefined, 'a.com')).toBe(false);
  });

  test('the domains of a certificate are its primary and alternates, each once', () => {
    expect(domainsOfCertificate(summary({ alternates: ['www.example.com', 'EXAMPLE.com'] }))).toEqual(['example.com', 'www.example.com']);
    expect(domainsOfCertificate({ domainName: 'a.com' })).toEqual(['a.com']);
    expect(domainsOfCertificate({})).toEqual([]);
  });

  test('ARN, tags and owner come from the summary or, failing that, its details', () => {
    const tags = [{ key: OWNER_TAG_KEY, value: OWNER }];
    expect(arnOf({ certificateDetail: { arn: 'arn:detail' } })).toBe('arn:detail');
    expect(arnOf({})).toBe('');
    expect(tagsOf({ certificateDetail: { tags } })).toEqual({ [OWNER_TAG_KEY]: OWNER });
    expect(ownerOf({ certificateDetail: { tags } })).toBe(OWNER);
    expect(ownerOf({})).toBeUndefined();
  });

  test('a record counts only when it has name, type and value', () => {
    const certificate = summary({
      records: [
        { domainName: 'example.com', resourceRecord: { name: '_a.example.com.', type: 'CNAME' } },
        { domainName: 'EXAMPLE.com', resourceRecord: { name: '_b.example.com.', type: 'CNAME', value: '_b.acm-validations.aws.' } },
      ],
    });

    expect(recordFor(certificate, 'example.com')).toEqual({ name: '_b.example.com.', type: 'CNAME', value: '_b.acm-validations.aws.' });
    expect(recordFor(certificate, 'www.example.com')).toBeUndefined();
    expect(recordFor({}, 'example.com')).toBeUndefined();
  });
});
