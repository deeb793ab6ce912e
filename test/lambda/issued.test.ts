import { GetCertificatesCommand, LightsailClient } from '@aws-sdk/client-lightsail';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import {
  ARN,
  fakeDeps,
  issuedCreate,
  issuedDelete,
  issuedUpdate,
  listed,
  NAME,
  NONE,
  notFound,
  PHYSICAL_ID,
  record,
  REGION,
  summary,
  T0,
} from './fixtures';
import { onEvent } from '../../lambda/index';
import { ISSUED_POLL_MS } from '../../lambda/issued';

const lightsail = mockClient(LightsailClient);

const ISSUED_AT = new Date(T0 - 86_400_000);

beforeEach(() => {
  lightsail.reset();
});

describe('a link of the wait for ISSUED', () => {
  test('answers at once with name, ARN and status when the certificate is ISSUED', async () => {
    lightsail.on(GetCertificatesCommand).resolves(listed(summary({ status: 'ISSUED', issuedAt: ISSUED_AT })));
    const deps = fakeDeps();

    const result = await onEvent(issuedCreate({ Region: 'eu-west-3' }), deps);

    expect(result).toEqual({
      PhysicalResourceId: `lightsail-certificate:eu-west-3:${NAME}`,
      Data: { CertificateName: NAME, CertificateArn: ARN, Status: 'ISSUED' },
    });
    expect(lightsail).toHaveReceivedCommandTimes(GetCertificatesCommand, 1);
    expect(lightsail).toHaveReceivedCommandWith(GetCertificatesCommand, { certificateName: NAME, includeCertificateDetails: true });
    expect(deps.regions).toEqual(['eu-west-3']);
    expect(deps.sleeps).toEqual([]);
  });

  test('reads once every 10 seconds until the certificate is ISSUED', async () => {
    lightsail.on(GetCertificatesCommand)
      .resolvesOnce(listed(summary()))
      .resolvesOnce(listed(summary()))
      .resolves(listed(summary({ status: 'ISSUED', issuedAt: ISSUED_AT })));
    const deps = fakeDeps();

    const result = await onEvent(issuedCreate(), deps);

    expect(result).toEqual({ PhysicalResourceId: PHYSICAL_ID, Data: { CertificateName: NAME, CertificateArn: ARN, Status: 'ISSUED' } });
    expect(ISSUED_POLL_MS).toBe(10_000);
    expect(deps.sleeps).toEqual([10_000, 10_000]);
    expect(lightsail).toHaveReceivedCommandTimes(GetCertificatesCommand, 3);
  });

  test('a link that is not the last (no TimeoutSeconds) answers with the pending status when its WaitSeconds run out', async () => {
    lightsail.on(GetCertificatesCommand).resolves(listed(summary()));
    const deps = fakeDeps();

    const result = await onEvent(issuedCreate({ WaitSeconds: '60', TimeoutSeconds: undefined }), deps);

    expect(result).toEqual({ PhysicalResourceId: PHYSICAL_ID, Data: { CertificateName: NAME, CertificateArn: ARN, Status: 'PENDING_VALIDATION' } });
    expect(deps.elapsed()).toBe(60_000);
    expect(deps.sleeps).toEqual(Array(6).fill(10_000));
    expect(lightsail).toHaveReceivedCommandTimes(GetCertificatesCommand, 7);
  });

  test('does not wait past its WaitSeconds when they are not a multiple of the poll interval', async () => {
    lightsail.on(GetCertificatesCommand).resolves(listed(summary()));
    const deps = fakeDeps();

    await onEvent(issuedCreate({ WaitSeconds: '25', TimeoutSeconds: undefined }), deps);

    expect(deps.elapsed()).toBeGreaterThan(20_000);
    expect(deps.elapsed()).toBeLessThanOrEqual(25_000);
  });

  test('the last link fails when its wait runs out, naming each pending domain with the CNAME it needs, and the timeout in minutes', async () => {
    lightsail.on(GetCertificatesCommand).resolves(listed(summary({
      alternates: ['www.example.com', 'api.example.com', 'new.example.com'],
      records: [
        record('example.com', { validationStatus: 'SUCCESS' }),
        record('www.example.com'),
        record('api.example.com', { validationStatus: 'FAILED' }),
      ],
    })));
    const deps = fakeDeps();

    await expect(onEvent(issuedCreate({ WaitSeconds: '300', TimeoutSeconds: '1800' }), deps)).rejects.toThrow(
      `Certificate "${NAME}" in ${REGION} was not ISSUED within 30 minutes (status PENDING_VALIDATION). Still pending: `
      + 'www.example.com needs _www-example-com.www.example.com. CNAME _www-example-com.acm-validations.aws.; '
      + 'api.example.com needs _api-example-com.api.example.com. CNAME _api-example-com.acm-validations.aws.; '
      + 'new.example.com (no validation record yet)',
    );
    expect(deps.elapsed()).toBe(300_000);
  });

  test.each([
    ['60', '1 minute'],
    ['3600', '60 minutes'],
    ['90', '90 seconds'],
    ['1', '1 second'],
  ])('describes a TimeoutSeconds of %s as %s', async (timeout, text) => {
    lightsail.on(GetCertificatesCommand).resolves(listed({ certificateName: NAME, certificateArn: ARN, domainName: 'example.com' }));

    await expect(onEvent(issuedCreate({ WaitSeconds: '1', TimeoutSeconds: timeout }), fakeDeps()))
      .rejects.toThrow(`was not ISSUED within ${text} (status unknown). Still pending: example.com (no validation record yet)`);
  });

  test.each([
    ['FAILED', 'DOMAIN_NOT_ALLOWED'],
    ['VALIDATION_TIMED_OUT', 'OTHER'],
    ['REVOKED', 'ADDITIONAL_VERIFICATION_REQUIRED'],
    ['EXPIRED', 'NO_AVAILABLE_CONTACTS'],
    ['INACTIVE', 'INVALID_PUBLIC_DOMAIN'],
  ])('on Create, fails at once on %s, with the requestFailureReason %s and the name', async (status, reason) => {
    lightsail.on(GetCertificatesCommand).resolves(listed(summary({ status, requestFailureReason: reason })));
    const deps = fakeDeps();

    await expect(onEvent(issuedCreate(), deps)).rejects.toThrow(
      `Certificate "${NAME}" in ${REGION} is ${status} (requestFailureReason: ${reason}); it will not be issued`,
    );
    expect(deps.sleeps).toEqual([]);
  });

  test('on Create, a certificate that was issued once but has expired fails too', async () => {
    lightsail.on(GetCertificatesCommand).resolves(listed(summary({ status: 'EXPIRED', issuedAt: ISSUED_AT })));

    await expect(onEvent(issuedCreate(), fakeDeps())).rejects.toThrow('is EXPIRED (requestFailureReason: none given)');
  });

  test.each(['EXPIRED', 'REVOKED'])('on Update, a certificate that was issued once but is now %s answers with its status instead of failing', async (status) => {
    lightsail.on(GetCertificatesCommand).resolves(listed(summary({ status, issuedAt: ISSUED_AT })));
    const deps = fakeDeps();

    const result = await onEvent(issuedUpdate({ TimeoutSeconds: '3600' }, {}), deps);

    expect(result).toEqual({ PhysicalResourceId: PHYSICAL_ID, Data: { CertificateName: NAME, CertificateArn: ARN, Status: status } });
    expect(deps.sleeps).toEqual([]);
  });

  test('on Update, a certificate that was never issued still fails on a terminal status', async () => {
    lightsail.on(GetCertificatesCommand).resolves(listed(summary({ status: 'VALIDATION_TIMED_OUT' })));

    await expect(onEvent(issuedUpdate({ CertificateName: NAME }, { CertificateName: 'my-old-cert' }), fakeDeps()))
      .rejects.toThrow(`Certificate "${NAME}" in ${REGION} is VALIDATION_TIMED_OUT (requestFailureReason: none given)`);
  });

  test('on Update, a certificate that was never issued still waits, and the last link still fails at its end', async () => {
    lightsail.on(GetCertificatesCommand).resolves(listed(summary()));
    const deps = fakeDeps();

    await expect(onEvent(issuedUpdate({ WaitSeconds: '30' }, {}), deps)).rejects.toThrow('was not ISSUED within 30 minutes');
    expect(deps.elapsed()).toBe(30_000);
  });

  test('with LIGHTSAIL_DOMAIN, fails when Lightsail could not create a record, with Lightsail\'s message', async () => {
    lightsail.on(GetCertificatesCommand).resolves(listed(summary({
      records: [
        record('example.com', { dnsRecordCreationState: { code: 'SUCCEEDED' } }),
        record('www.example.com', { dnsRecordCreationState: { code: 'FAILED', message: 'The domain www.example.com is not managed by Lightsail DNS' } }),
      ],
    })));
    const deps = fakeDeps();

    await expect(onEvent(issuedCreate({ ValidationMethod: 'LIGHTSAIL_DOMAIN' }), deps)).rejects.toThrow(
      `Lightsail could not create the validation record of www.example.com for certificate "${NAME}" in ${REGION}: `
      + 'The domain www.example.com is not managed by Lightsail DNS',
    );
    expect(deps.sleeps).toEqual([]);
  });

  test('with LIGHTSAIL_DOMAIN, a failure without a message still fails', async () => {
    lightsail.on(GetCertificatesCommand).resolves(listed(summary({ records: [record('example.com', { dnsRecordCreationState: { code: 'FAILED' } })] })));

    await expect(onEvent(issuedCreate({ ValidationMethod: 'LIGHTSAIL_DOMAIN' }), fakeDeps()))
      .rejects.toThrow(`of example.com for certificate "${NAME}" in ${REGION}: no message given`);
  });

  test('with LIGHTSAIL_DOMAIN, records still being created keep it waiting', async () => {
    lightsail.on(GetCertificatesCommand)
      .resolvesOnce(listed(summary({ records: [record('example.com', { dnsRecordCreationState: { code: 'STARTED' } })] })))
      .resolves(listed(summary({ status: 'ISSUED', issuedAt: ISSUED_AT })));
    const deps = fakeDeps();

    await expect(onEvent(issuedCreate({ ValidationMethod: 'LIGHTSAIL_DOMAIN' }), deps)).resolves.toMatchObject({ Data: { Status: 'ISSUED' } });
    expect(deps.sleeps).toEqual([10_000]);
  });

  test('with LIGHTSAIL_DOMAIN, a certificate listed without details is not a failure', async () => {
    lightsail.on(GetCertificatesCommand).resolves(listed({ certificateName: NAME, certificateArn: ARN }));

    const result = await onEvent(issuedCreate({ ValidationMethod: 'LIGHTSAIL_DOMAIN', WaitSeconds: '10', TimeoutSeconds: undefined }), fakeDeps());

    expect(result).toEqual({ PhysicalResourceId: PHYSICAL_ID, Data: { CertificateName: NAME, CertificateArn: ARN, Status: '' } });
  });

  test.each(['ROUTE53', 'MANUAL'] as const)('with %s, a failed automatic record creation is not a failure', async (method) => {
    lightsail.on(GetCertificatesCommand)
      .resolvesOnce(listed(summary({ records: [record('example.com', { dnsRecordCreationState: { code: 'FAILED' } })] })))
      .resolves(listed(summary({ status: 'ISSUED', issuedAt: ISSUED_AT })));

    await expect(onEvent(issuedCreate({ ValidationMethod: method }), fakeDeps())).resolves.toMatchObject({ Data: { Status: 'ISSUED' } });
  });

  test.each([
    ['an empty list', () => lightsail.on(GetCertificatesCommand).resolves(NONE)],
    ['NotFoundException', () => lightsail.on(GetCertificatesCommand).rejects(notFound())],
  ])('fails when the certificate no longer exists (%s)', async (_, arrange) => {
    arrange();

    await expect(onEvent(issuedCreate(), fakeDeps())).rejects.toThrow(
      `Certificate "${NAME}" in ${REGION} no longer exists while waiting for it to be ISSUED`,
    );
  });

  test('a Delete does nothing', async () => {
    const result = await onEvent(issuedDelete(), fakeDeps());

    expect(result).toEqual({ PhysicalResourceId: PHYSICAL_ID });
    expect(lightsail.calls()).toHaveLength(0);
  });

  test.each(['abc', '0', '-5', ''])('refuses a WaitSeconds of %p', async (wait) => {
    await expect(onEvent(issuedCreate({ WaitSeconds: wait }), fakeDeps())).rejects.toThrow(`WaitSeconds must be a positive number of seconds, got "${wait}"`);
    expect(lightsail.calls()).toHaveLength(0);
  });

  test('a link that is not the last hands over early, with the pending status, when the invocation has no time for another poll', async () => {
    lightsail.on(GetCertificatesCommand).resolves(listed(summary()));
    const deps = fakeDeps({ stopBy: T0 + 100_000 });

    const result = await onEvent(issuedCreate({ WaitSeconds: '780', TimeoutSeconds: undefined }), deps);

    expect(result).toMatchObject({ Data: { Status: 'PENDING_VALIDATION' } });
    // The last poll still leaves one call's worth of time before stopBy.
    expect(deps.elapsed()).toBe(50_000);
    expect(lightsail).toHaveReceivedCommandTimes(GetCertificatesCommand, 6);
  });

  test('the last link fails with its own message when the invocation has no time for another poll', async () => {
    lightsail.on(GetCertificatesCommand).resolves(listed(summary()));
    const deps = fakeDeps({ stopBy: T0 + 100_000 });

    await expect(onEvent(issuedCreate({ WaitSeconds: '780' }), deps)).rejects.toThrow('was not ISSUED within 30 minutes');
    expect(deps.elapsed()).toBe(50_000);
  });
});
