import { GetCertificatesCommand, LightsailClient } from '@aws-sdk/client-lightsail';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { certificate, certificateProps, createEvent, fakeDeps, isCompleteEvent, issuedProps, NAME, RESPONSE_URL, serviceError, updateEvent } from './fixtures';
import { defaultDeps } from '../../lambda/deps';
import { domainsOfCertificate, sameDomainSet } from '../../lambda/domains';
import { isComplete } from '../../lambda/is-complete';
import { backoff, findCertificate, withRetries } from '../../lambda/lightsail';
import { onEvent } from '../../lambda/on-event';
import { mintPhysicalId, parsePhysicalId } from '../../lambda/physical-id';
import { diffTags, toTagList, toTagMap } from '../../lambda/tags';

const lightsail = mockClient(LightsailClient);

beforeEach(() => {
  lightsail.reset();
});

afterEach(() => {
  jest.restoreAllMocks();
});

describe('physical id', () => {
  test('round-trips region and name', () => {
    expect(mintPhysicalId('us-east-1', 'my-cert')).toBe('lightsail-certificate:us-east-1:my-cert');
    expect(parsePhysicalId('lightsail-certificate:us-east-1:my-cert')).toEqual({ region: 'us-east-1', certificateName: 'my-cert' });
    expect(parsePhysicalId('lightsail-certificate:eu-west-1:a:b')).toEqual({ region: 'eu-west-1', certificateName: 'a:b' });
  });

  test.each([undefined, '', 'my-cert', 'lightsail-certificate:us-east-1', 'other:us-east-1:my-cert', 'lightsail-certificate:US_EAST:x'])(
    'does not parse %p', (id) => {
      expect(parsePhysicalId(id)).toBeUndefined();
    },
  );
});

describe('domains', () => {
  test('compare as case-insensitive sets', () => {
    expect(sameDomainSet(['a.com', 'b.a.com'], ['B.A.com', 'a.com'])).toBe(true);
    expect(sameDomainSet(['a.com', 'a.com'], ['a.com'])).toBe(true);
    expect(sameDomainSet(['a.com'], ['a.com', 'b.a.com'])).toBe(false);
    expect(sameDomainSet(['a.com', 'c.a.com'], ['a.com', 'b.a.com'])).toBe(false);
  });

  test('of a certificate without details is its primary', () => {
    expect(domainsOfCertificate({ domainName: 'a.com' })).toEqual(['a.com']);
    expect(domainsOfCertificate({})).toEqual([]);
  });
});

describe('tags', () => {
  test('convert between map and list', () => {
    expect(toTagList({ a: '1', b: '' })).toEqual([{ key: 'a', value: '1' }, { key: 'b', value: '' }]);
    expect(toTagList(undefined)).toEqual([]);
    expect(toTagMap([{ key: 'a', value: '1' }, { key: 'b' }, { value: 'orphan' }])).toEqual({ a: '1', b: '' });
    expect(toTagMap(undefined)).toEqual({});
  });

  test('diff sets what differs and removes only removable keys the wanted set lacks', () => {
    expect(diffTags({ a: '1', b: '2' }, { a: '1', b: '0', c: '3', d: '4' }, ['c', 'a'])).toEqual({
      set: [{ key: 'b', value: '2' }],
      remove: ['c'],
    });
  });
});

describe('retries', () => {
  test.each([
    serviceError('ThrottlingException', 'Rate exceeded'),
    serviceError('RegionSetupInProgressException'),
    Object.assign(serviceError('SomethingNew'), { $retryable: { throttling: true } }),
  ])('retries %p with backoff, then succeeds', async (error) => {
    lightsail.on(GetCertificatesCommand).rejectsOnce(error).rejectsOnce(error).resolves({ certificates: [certificate()] });
    const deps = fakeDeps();

    const found = await findCertificate(deps, deps.lightsail('us-east-1'), NAME);

    expect(found?.certificateName).toBe(NAME);
    expect(lightsail).toHaveReceivedCommandTimes(GetCertificatesCommand, 3);
    expect(deps.sleeps).toEqual([750, 1500]);
  });

  test('gives up after four attempts', async () => {
    lightsail.on(GetCertificatesCommand).rejects(serviceError('ThrottlingException', 'Rate exceeded'));
    const deps = fakeDeps();

    await expect(findCertificate(deps, deps.lightsail('us-east-1'), NAME)).rejects.toThrow('Rate exceeded');
    expect(lightsail).toHaveReceivedCommandTimes(GetCertificatesCommand, 4);
  });

  test.each([
    ['ServiceException (the model\'s fault)', serviceError('ServiceException')],
    ['any server fault', Object.assign(serviceError('SomethingBroke'), { $fault: 'server' })],
    ['HTTP 503', Object.assign(serviceError('Unknown'), { $metadata: { httpStatusCode: 503 } })],
    ['a dropped connection', Object.assign(serviceError('Error', 'socket hang up'), { code: 'ECONNRESET' })],
    ['a timeout', serviceError('TimeoutError')],
  ])('retries %s the SDK gave up on', async (_, error) => {
    const deps = fakeDeps();
    const call = jest.fn().mockRejectedValueOnce(error).mockResolvedValue('done');

    await expect(withRetries(deps, call)).resolves.toBe('done');
    expect(call).toHaveBeenCalledTimes(2);
    expect(deps.sleeps).toEqual([750]);
  });

  test('does not retry other errors', async () => {
    const deps = fakeDeps();
    for (const error of [
      serviceError('InvalidInputException'),
      serviceError('AccessDeniedException'),
      Object.assign(serviceError('NotFoundException'), { $fault: 'client', $metadata: { httpStatusCode: 400 } }),
    ]) {
      const call = jest.fn().mockRejectedValue(error);
      await expect(withRetries(deps, call)).rejects.toBe(error);
      expect(call).toHaveBeenCalledTimes(1);
    }
    await expect(withRetries(deps, jest.fn().mockRejectedValue(undefined))).rejects.toBeUndefined();
    await expect(withRetries(deps, jest.fn().mockRejectedValue(null))).rejects.toBeNull();
    expect(deps.sleeps).toEqual([]);
  });

  test('backoff doubles and jitters within the upper half', () => {
    const deps = { ...fakeDeps(), random: () => 0 };
    expect([1, 2, 3].map((attempt) => backoff(deps, attempt))).toEqual([500, 1000, 2000]);
    expect(backoff({ ...deps, random: () => 0.999999 }, 3)).toBe(4000);
  });
});

describe('logging', () => {
  test('logs one line per event without the ResponseURL', async () => {
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    const event = updateEvent(issuedProps(), issuedProps({ CertificateName: 'before' }));

    await onEvent(event, fakeDeps());

    expect(log).toHaveBeenCalledTimes(1);
    const line = String(log.mock.calls[0][0]);
    expect(line).not.toContain(RESPONSE_URL);
    expect(line).not.toContain('X-Amz-Signature');
    expect(line).not.toContain('ResponseURL');
    expect(JSON.parse(line)).toEqual({
      handler: 'onEvent',
      RequestType: 'Update',
      ResourceType: 'Custom::LightsailCertificateIssued',
      LogicalResourceId: 'CertResource',
      PhysicalResourceId: 'lightsail-certificate:us-east-1:my-cert',
      ResourceProperties: { CertificateName: NAME, Region: 'us-east-1', TimeoutSeconds: '1800', ValidationMethod: 'ROUTE53' },
      OldResourceProperties: { CertificateName: 'before', Region: 'us-east-1', TimeoutSeconds: '1800', ValidationMethod: 'ROUTE53' },
    });
  });

  test('logs isComplete requests the same way', async () => {
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    lightsail.on(GetCertificatesCommand).resolves({ certificates: [certificate({ status: 'ISSUED' })] });
    const event = createEvent(certificateProps({ Tags: { team: 'web' } }));

    await isComplete(isCompleteEvent(event, { PhysicalResourceId: 'lightsail-certificate:us-east-1:my-cert' }), fakeDeps());

    expect(log).toHaveBeenCalledTimes(1);
    const line = String(log.mock.calls[0][0]);
    expect(line).not.toContain(RESPONSE_URL);
    expect(JSON.parse(line)).toMatchObject({
      handler: 'isComplete',
      RequestType: 'Create',
      PhysicalResourceId: 'lightsail-certificate:us-east-1:my-cert',
      ResourceProperties: { CertificateName: NAME, DomainName: 'example.com', Tags: { team: 'web' } },
    });
    expect(JSON.parse(line)).not.toHaveProperty('ResourceProperties.ServiceToken');
  });
});

describe('dispatch', () => {
  test('refuses resource types it does not serve', async () => {
    jest.spyOn(console, 'log').mockImplementation(() => undefined);
    const event = { ...createEvent(issuedProps()), ResourceType: 'Custom::Other' };

    await expect(onEvent(event, fakeDeps())).rejects.toThrow('Unsupported resource type "Custom::Other"');
    await expect(isComplete(isCompleteEvent(event, {}), fakeDeps())).rejects.toThrow('Unsupported resource type "Custom::Other"');
  });
});

describe('default dependencies', () => {
  test('reuse one client per region and sleep for real', async () => {
    const deps = defaultDeps();
    const client = deps.lightsail('us-east-1');

    expect(deps.lightsail('us-east-1')).toBe(client);
    expect(deps.lightsail('eu-west-1')).not.toBe(client);
    expect(await client.config.region()).toBe('us-east-1');
    expect(Math.abs(deps.now() - Date.now())).toBeLessThan(1_000);
    expect(deps.random()).toBeGreaterThanOrEqual(0);
    const before = Date.now();
    await deps.sleep(5);
    expect(Date.now() - before).toBeGreaterThanOrEqual(4);
  });
});
