import { GetCertificatesCommand, LightsailClient } from '@aws-sdk/client-lightsail';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import {
  ARN,
  certificate,
  createEvent,
  deleteEvent,
  fakeDeps,
  isCompleteEvent,
  issuedProps,
  NAME,
  PHYSICAL_ID,
  record,
  REGION,
  serviceError,
  T0,
  updateEvent,
} from './fixtures';
import { isComplete } from '../../lambda/is-complete';
import { onEvent } from '../../lambda/on-event';
import { DEADLINE_KEY } from '../../src/private/contract';

const lightsail = mockClient(LightsailClient);
const started = { PhysicalResourceId: PHYSICAL_ID, Data: { [DEADLINE_KEY]: T0 + 1_800_000 } };

beforeEach(() => {
  lightsail.reset();
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
});

afterEach(() => {
  jest.restoreAllMocks();
});

describe('onEvent', () => {
  test('Create mints the certificate physical id and sets the deadline from TimeoutSeconds, calling nothing', async () => {
    const result = await onEvent(createEvent(issuedProps({ Region: 'eu-west-1', TimeoutSeconds: '600' })), fakeDeps());

    expect(result).toEqual({ PhysicalResourceId: `lightsail-certificate:eu-west-1:${NAME}`, Data: { [DEADLINE_KEY]: T0 + 600_000 } });
    expect(lightsail.calls()).toHaveLength(0);
  });

  test('Update to a new name answers the new id', async () => {
    const result = await onEvent(updateEvent(issuedProps({ CertificateName: 'next' }), issuedProps()), fakeDeps());

    expect(result.PhysicalResourceId).toBe(`lightsail-certificate:${REGION}:next`);
  });

  test('Delete does nothing: the certificate belongs to the certificate resource', async () => {
    const deps = fakeDeps();
    const event = deleteEvent(issuedProps());

    const result = await onEvent(event, deps);

    expect(result).toEqual({ PhysicalResourceId: PHYSICAL_ID });
    await expect(isComplete(isCompleteEvent(event, result), deps)).resolves.toEqual({ IsComplete: true });
    expect(lightsail.calls()).toHaveLength(0);
  });

  test.each(['', 'soon', '0', '-5'])('refuses TimeoutSeconds %p', async (timeout) => {
    await expect(onEvent(createEvent(issuedProps({ TimeoutSeconds: timeout })), fakeDeps()))
      .rejects.toThrow(`TimeoutSeconds must be a positive number of seconds, got "${timeout}"`);
  });
});

describe('isComplete', () => {
  const event = createEvent(issuedProps());

  test('is done when ISSUED, with name, ARN and status', async () => {
    lightsail.on(GetCertificatesCommand).resolves({ certificates: [certificate({ status: 'ISSUED' })] });

    const result = await isComplete(isCompleteEvent(event, started), fakeDeps());

    expect(result).toEqual({ IsComplete: true, Data: { CertificateName: NAME, CertificateArn: ARN, Status: 'ISSUED' } });
    expect(lightsail).toHaveReceivedCommandTimes(GetCertificatesCommand, 1);
    expect(lightsail).toHaveReceivedCommandWith(GetCertificatesCommand, { certificateName: NAME, includeCertificateDetails: true });
  });

  test('keeps waiting while pending, with exactly one call per poll', async () => {
    lightsail.on(GetCertificatesCommand).resolves({ certificates: [certificate()] });
    const deps = fakeDeps();

    await expect(isComplete(isCompleteEvent(event, started), deps)).resolves.toEqual({ IsComplete: false });

    expect(lightsail).toHaveReceivedCommandTimes(GetCertificatesCommand, 1);
    expect(deps.sleeps).toEqual([]);
  });

  test.each([
    ['FAILED', 'DOMAIN_NOT_ALLOWED'],
    ['VALIDATION_TIMED_OUT', 'OTHER'],
    ['REVOKED', 'ADDITIONAL_VERIFICATION_REQUIRED'],
    ['EXPIRED', 'NO_AVAILABLE_CONTACTS'],
    ['INACTIVE', 'INVALID_PUBLIC_DOMAIN'],
  ])('fails at once on %s with the reason %s and the name', async (status, reason) => {
    lightsail.on(GetCertificatesCommand).resolves({ certificates: [certificate({ status, requestFailureReason: reason })] });

    await expect(isComplete(isCompleteEvent(event, started), fakeDeps())).rejects.toThrow(
      `Certificate "${NAME}" in ${REGION} is ${status} (requestFailureReason: ${reason}); it will not be issued`,
    );
  });

  test('says when Lightsail gives no reason', async () => {
    lightsail.on(GetCertificatesCommand).resolves({ certificates: [certificate({ status: 'REVOKED' })] });

    await expect(isComplete(isCompleteEvent(event, started), fakeDeps())).rejects.toThrow('(requestFailureReason: none given)');
  });

  test('with LIGHTSAIL_DOMAIN, fails when Lightsail could not create a record, naming the domain and its message', async () => {
    lightsail.on(GetCertificatesCommand).resolves({
      certificates: [certificate({
        records: [
          record('example.com', { dnsRecordCreationState: { code: 'SUCCEEDED' } }),
          record('www.example.com', { dnsRecordCreationState: { code: 'FAILED', message: 'The domain zone is not in Lightsail' } }),
        ],
      })],
    });

    await expect(isComplete(isCompleteEvent(createEvent(issuedProps({ ValidationMethod: 'LIGHTSAIL_DOMAIN' })), started), fakeDeps())).rejects.toThrow(
      `Lightsail could not create the validation record of www.example.com for certificate "${NAME}" in ${REGION}: The domain zone is not in Lightsail`,
    );
  });

  test('with LIGHTSAIL_DOMAIN, a failure without a message still fails', async () => {
    lightsail.on(GetCertificatesCommand).resolves({
      certificates: [certificate({ records: [record('example.com', { dnsRecordCreationState: { code: 'FAILED' } })] })],
    });

    await expect(isComplete(isCompleteEvent(createEvent(issuedProps({ ValidationMethod: 'LIGHTSAIL_DOMAIN' })), started), fakeDeps()))
      .rejects.toThrow('example.com for certificate "my-cert" in us-east-1: no message given');
  });

  test('with LIGHTSAIL_DOMAIN, records still being created keep it waiting', async () => {
    lightsail.on(GetCertificatesCommand).resolves({
      certificates: [certificate({ records: [record('example.com', { dnsRecordCreationState: { code: 'STARTED' } })] })],
    });

    await expect(isComplete(isCompleteEvent(createEvent(issuedProps({ ValidationMethod: 'LIGHTSAIL_DOMAIN' })), started), fakeDeps()))
      .resolves.toEqual({ IsComplete: false });
  });

  test('ignores dnsRecordCreationState for other validation methods', async () => {
    lightsail.on(GetCertificatesCommand).resolves({
      certificates: [certificate({ records: [record('example.com', { dnsRecordCreationState: { code: 'FAILED' } })] })],
    });

    await expect(isComplete(isCompleteEvent(createEvent(issuedProps({ ValidationMethod: 'MANUAL' })), started), fakeDeps()))
      .resolves.toEqual({ IsComplete: false });
  });

  test('at the deadline, fails naming each pending domain with the CNAME it needs, and the timeout', async () => {
    lightsail.on(GetCertificatesCommand).resolves({
      certificates: [certificate({
        alternates: ['www.example.com', 'api.example.com', 'new.example.com'],
        records: [
          record('example.com', { validationStatus: 'SUCCESS' }),
          record('www.example.com'),
          record('api.example.com', { validationStatus: 'FAILED' }),
        ],
      })],
    });

    await expect(isComplete(isCompleteEvent(event, started), fakeDeps(T0 + 1_800_000))).rejects.toThrow(
      `Certificate "${NAME}" in ${REGION} was not ISSUED within 30 minutes (status PENDING_VALIDATION). Still pending: `
      + 'www.example.com needs _www-example-com.www.example.com. CNAME _www-example-com.acm-validations.aws.; '
      + 'api.example.com needs _api-example-com.api.example.com. CNAME _api-example-com.acm-validations.aws.; '
      + 'new.example.com (no validation record yet)',
    );
  });

  test.each([
    ['60', '1 minute'],
    ['90', '90 seconds'],
    ['1', '1 second'],
  ])('describes a timeout of %s seconds as %s', async (seconds, text) => {
    lightsail.on(GetCertificatesCommand).resolves({ certificates: [{ certificateName: NAME, certificateArn: ARN, domainName: 'example.com' }] });

    await expect(isComplete(isCompleteEvent(createEvent(issuedProps({ TimeoutSeconds: seconds })), started), fakeDeps(T0 + 3_600_000)))
      .rejects.toThrow(`was not ISSUED within ${text} (status unknown). Still pending: example.com (no validation record yet)`);
  });

  test('ISSUED wins over the deadline', async () => {
    lightsail.on(GetCertificatesCommand).resolves({ certificates: [certificate({ status: 'ISSUED' })] });

    await expect(isComplete(isCompleteEvent(event, started), fakeDeps(T0 + 3_600_000))).resolves.toMatchObject({ IsComplete: true });
  });

  test.each([
    ['an empty list', () => lightsail.on(GetCertificatesCommand).resolves({ certificates: [] })],
    ['NotFoundException', () => lightsail.on(GetCertificatesCommand).rejects(serviceError('NotFoundException'))],
  ])('fails when the certificate vanished (%s)', async (_, arrange) => {
    arrange();

    await expect(isComplete(isCompleteEvent(event, started), fakeDeps())).rejects.toThrow(
      `Certificate "${NAME}" in ${REGION} no longer exists while waiting for it to be ISSUED`,
    );
  });
});
