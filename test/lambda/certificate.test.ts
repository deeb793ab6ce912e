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
  ARN,
  certificate,
  certificateProps,
  createEvent,
  deleteEvent,
  fakeDeps,
  isCompleteEvent,
  NAME,
  PHYSICAL_ID,
  record,
  REGION,
  serviceError,
  T0,
  updateEvent,
} from './fixtures';
import { IN_USE_BUDGET_MS, RECORD_READS, RECORDS_BUDGET_MS } from '../../lambda/certificate';
import { isComplete } from '../../lambda/is-complete';
import { onEvent } from '../../lambda/on-event';
import { DEADLINE_KEY } from '../../src/private/contract';

const lightsail = mockClient(LightsailClient);
const detailed = { certificateName: NAME, includeCertificateDetails: true };

beforeEach(() => {
  lightsail.reset();
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
});

afterEach(() => {
  jest.restoreAllMocks();
});

describe('Create', () => {
  test('creates the certificate with its alternates and tags in the wanted region', async () => {
    lightsail.on(GetCertificatesCommand).resolves({ certificates: [] });
    lightsail.on(CreateCertificateCommand).resolves({});
    const deps = fakeDeps();

    const result = await onEvent(createEvent(certificateProps({ Region: 'eu-west-2', Tags: { team: 'web', env: 'prod' } })), deps);

    expect(result).toEqual({
      PhysicalResourceId: `lightsail-certificate:eu-west-2:${NAME}`,
      Data: { [DEADLINE_KEY]: T0 + RECORDS_BUDGET_MS },
    });
    expect(deps.regions).toEqual(['eu-west-2']);
    expect(lightsail).toHaveReceivedCommandWith(GetCertificatesCommand, detailed);
    expect(lightsail).toHaveReceivedCommandTimes(CreateCertificateCommand, 1);
    expect(lightsail).toHaveReceivedCommandWith(CreateCertificateCommand, {
      certificateName: NAME,
      domainName: 'example.com',
      subjectAlternativeNames: ['www.example.com'],
      tags: [{ key: 'team', value: 'web' }, { key: 'env', value: 'prod' }],
    });
  });

  test('leaves out empty alternates and tags', async () => {
    lightsail.on(GetCertificatesCommand).resolves({ certificates: [] });
    lightsail.on(CreateCertificateCommand).resolves({});

    await onEvent(createEvent(certificateProps({ SubjectAlternativeNames: [], Tags: {} })), fakeDeps());

    const input = lightsail.commandCalls(CreateCertificateCommand)[0].args[0].input;
    expect(input).toEqual({ certificateName: NAME, domainName: 'example.com' });
  });

  test.each([
    ['NotFoundException', serviceError('NotFoundException', 'The certificate does not exist')],
    ['a DoesNotExist message', serviceError('InvalidInputException', 'Certificate DoesNotExist: my-cert')],
  ])('treats %s as not found', async (_, error) => {
    lightsail.on(GetCertificatesCommand).rejects(error);
    lightsail.on(CreateCertificateCommand).resolves({});

    await onEvent(createEvent(certificateProps()), fakeDeps());

    expect(lightsail).toHaveReceivedCommandTimes(CreateCertificateCommand, 1);
  });

  test('treats a list without the name as not found', async () => {
    lightsail.on(GetCertificatesCommand).resolves({ certificates: [certificate({ name: 'someone-else' })] });
    lightsail.on(CreateCertificateCommand).resolves({});

    await onEvent(createEvent(certificateProps()), fakeDeps());

    expect(lightsail).toHaveReceivedCommandTimes(CreateCertificateCommand, 1);
  });

  test('adopts a certificate of the same name with the same domains (any case, any order) and reconciles its tags', async () => {
    lightsail.on(GetCertificatesCommand).resolves({
      certificates: [certificate({
        domainName: 'WWW.example.com',
        alternates: ['Example.com'],
        tags: [{ key: 'team', value: 'old' }, { key: 'stray', value: 'x' }, { key: 'env', value: 'prod' }],
      })],
    });
    lightsail.on(UntagResourceCommand).resolves({});
    lightsail.on(TagResourceCommand).resolves({});

    const result = await onEvent(createEvent(certificateProps({ Tags: { team: 'web', env: 'prod' } })), fakeDeps());

    expect(result.PhysicalResourceId).toBe(PHYSICAL_ID);
    expect(lightsail).toHaveReceivedCommandTimes(CreateCertificateCommand, 0);
    expect(lightsail).toHaveReceivedCommandWith(UntagResourceCommand, { resourceName: NAME, tagKeys: ['stray'] });
    expect(lightsail).toHaveReceivedCommandWith(TagResourceCommand, { resourceName: NAME, tags: [{ key: 'team', value: 'web' }] });
  });

  test('adopts without tag calls when the tags already match', async () => {
    lightsail.on(GetCertificatesCommand).resolves({ certificates: [certificate({ tags: [{ key: 'team', value: 'web' }] })] });

    await onEvent(createEvent(certificateProps({ Tags: { team: 'web' } })), fakeDeps());

    expect(lightsail.calls()).toHaveLength(1);
  });

  test('refuses a name held by a certificate for other domains, naming the holder and its domains', async () => {
    lightsail.on(GetCertificatesCommand).resolves({ certificates: [certificate({ domainName: 'other.org', alternates: ['api.other.org'] })] });

    await expect(onEvent(createEvent(certificateProps()), fakeDeps())).rejects.toThrow(
      `Certificate name "${NAME}" in ${REGION} is already used by certificate ${ARN} for other.org, api.other.org; choose another certificateName`,
    );
    expect(lightsail).toHaveReceivedCommandTimes(CreateCertificateCommand, 0);
  });

  test('names a holder without details by what it has', async () => {
    lightsail.on(GetCertificatesCommand).resolves({ certificates: [{ certificateName: NAME, domainName: 'other.org' }] });

    await expect(onEvent(createEvent(certificateProps()), fakeDeps())).rejects.toThrow(/used by certificate of unknown ARN for other\.org;/);
  });

  test('a CreateCertificate that failed after it was applied (answer lost, retry refused) adopts the certificate it made', async () => {
    lightsail.on(GetCertificatesCommand)
      .resolvesOnce({ certificates: [] })
      .resolves({ certificates: [certificate({ tags: [{ key: 'team', value: 'web' }] })] });
    lightsail.on(CreateCertificateCommand).rejects(serviceError('InvalidInputException', `The certificate name "${NAME}" is already in use`));

    const result = await onEvent(createEvent(certificateProps({ Tags: { team: 'web' } })), fakeDeps());

    expect(result).toEqual({ PhysicalResourceId: PHYSICAL_ID, Data: { [DEADLINE_KEY]: T0 + RECORDS_BUDGET_MS } });
    expect(lightsail).toHaveReceivedCommandTimes(CreateCertificateCommand, 1);
    expect(lightsail).toHaveReceivedCommandTimes(GetCertificatesCommand, 2);
    expect(lightsail).toHaveReceivedCommandTimes(TagResourceCommand, 0);
    expect(lightsail).toHaveReceivedCommandTimes(UntagResourceCommand, 0);
  });

  test('after a failed CreateCertificate, reads again while the new certificate is not listed yet, then adopts it', async () => {
    lightsail.on(GetCertificatesCommand)
      .resolvesOnce({ certificates: [] })
      .resolvesOnce({ certificates: [] })
      .resolves({ certificates: [certificate()] });
    lightsail.on(CreateCertificateCommand).rejects(serviceError('InvalidInputException', 'already in use'));
    const deps = fakeDeps();

    const result = await onEvent(createEvent(certificateProps()), deps);

    expect(result.PhysicalResourceId).toBe(PHYSICAL_ID);
    expect(lightsail).toHaveReceivedCommandTimes(GetCertificatesCommand, 3);
    expect(deps.sleeps).toEqual([750]);
  });

  test('a failed CreateCertificate with no certificate behind it fails with the service\'s error after a few reads', async () => {
    lightsail.on(GetCertificatesCommand).resolves({ certificates: [] });
    lightsail.on(CreateCertificateCommand).rejects(serviceError('InvalidInputException', 'The domain name is not valid'));
    const deps = fakeDeps();

    await expect(onEvent(createEvent(certificateProps()), deps)).rejects.toThrow('The domain name is not valid');
    expect(lightsail).toHaveReceivedCommandTimes(GetCertificatesCommand, 1 + RECORD_READS);
    expect(deps.sleeps).toEqual([750, 1500]);
  });

  test('a failed CreateCertificate behind which another certificate took the name is refused naming that one', async () => {
    lightsail.on(GetCertificatesCommand)
      .resolvesOnce({ certificates: [] })
      .resolves({ certificates: [certificate({ domainName: 'other.org', alternates: [] })] });
    lightsail.on(CreateCertificateCommand).rejects(serviceError('InvalidInputException', 'already in use'));

    await expect(onEvent(createEvent(certificateProps()), fakeDeps())).rejects.toThrow(
      `Certificate name "${NAME}" in ${REGION} is already used by certificate ${ARN} for other.org; choose another certificateName`,
    );
    expect(lightsail).toHaveReceivedCommandTimes(TagResourceCommand, 0);
  });

  test('passes other errors through', async () => {
    lightsail.on(GetCertificatesCommand).rejects(serviceError('AccessDeniedException'));

    await expect(onEvent(createEvent(certificateProps()), fakeDeps())).rejects.toThrow('AccessDeniedException');
    expect(lightsail).toHaveReceivedCommandTimes(GetCertificatesCommand, 1);
  });
});

describe('isComplete after Create: validation records', () => {
  const props = certificateProps();
  const created = { PhysicalResourceId: PHYSICAL_ID, Data: { [DEADLINE_KEY]: T0 + RECORDS_BUDGET_MS } };

  test('returns name, ARN, status and one record per domain in property order', async () => {
    lightsail.on(GetCertificatesCommand).resolves({ certificates: [certificate({ domainName: 'example.com', alternates: ['www.example.com'] })] });
    // Alternates first in the properties: the records follow the properties, not Lightsail.
    const event = createEvent(certificateProps({ DomainName: 'www.example.com', SubjectAlternativeNames: ['EXAMPLE.com'] }));

    const result = await isComplete(isCompleteEvent(event, created), fakeDeps());

    expect(result).toEqual({
      IsComplete: true,
      Data: {
        'CertificateName': NAME,
        'CertificateArn': ARN,
        'Status': 'PENDING_VALIDATION',
        'ValidationRecord.0.Name': '_www-example-com.www.example.com.',
        'ValidationRecord.0.Type': 'CNAME',
        'ValidationRecord.0.Value': '_www-example-com.acm-validations.aws.',
        'ValidationRecord.1.Name': '_example-com.example.com.',
        'ValidationRecord.1.Type': 'CNAME',
        'ValidationRecord.1.Value': '_example-com.acm-validations.aws.',
      },
    });
    expect(lightsail).toHaveReceivedCommandTimes(GetCertificatesCommand, 1);
    expect(lightsail).toHaveReceivedCommandWith(GetCertificatesCommand, detailed);
  });

  test('returns a shared record for each domain that has it', async () => {
    const shared = { name: '_x.example.com.', type: 'CNAME', value: '_x.acm-validations.aws.' };
    lightsail.on(GetCertificatesCommand).resolves({
      certificates: [certificate({ records: [record('example.com', { resourceRecord: shared }), record('www.example.com', { resourceRecord: shared })] })],
    });

    const result = await isComplete(isCompleteEvent(createEvent(props), created), fakeDeps());

    expect(result).toMatchObject({
      Data: { 'ValidationRecord.0.Name': shared.name, 'ValidationRecord.1.Name': shared.name, 'ValidationRecord.1.Value': shared.value },
    });
  });

  test('keeps the response small', async () => {
    const alternates = Array.from({ length: 9 }, (_, i) => `a-rather-long-subdomain-name-${i}.with-a-long-registered-domain.example.com`);
    const domainName = 'with-a-long-registered-domain.example.com';
    lightsail.on(GetCertificatesCommand).resolves({ certificates: [certificate({ domainName, alternates })] });
    const event = createEvent(certificateProps({ DomainName: domainName, SubjectAlternativeNames: alternates }));

    const result = await isComplete(isCompleteEvent(event, created), fakeDeps());

    expect(result.IsComplete).toBe(true);
    const data = { ...created.Data, ...(result as { Data: object }).Data };
    // CloudFormation refuses responses over 4096 bytes; leave room for status, ids and reason.
    expect(JSON.stringify(data).length).toBeLessThan(3_600);
  });

  test('reads again with backoff while records are late, then succeeds', async () => {
    const partial = certificate({ records: [record('example.com'), record('www.example.com', { resourceRecord: undefined })] });
    lightsail.on(GetCertificatesCommand)
      .resolvesOnce({ certificates: [] })
      .resolvesOnce({ certificates: [partial] })
      .resolves({ certificates: [certificate()] });
    const deps = fakeDeps();

    const result = await isComplete(isCompleteEvent(createEvent(props), created), deps);

    expect(result.IsComplete).toBe(true);
    expect(deps.sleeps).toEqual([750, 1500]);
    expect(lightsail).toHaveReceivedCommandTimes(GetCertificatesCommand, 3);
  });

  test('ignores records with a missing field', async () => {
    lightsail.on(GetCertificatesCommand).resolves({
      certificates: [certificate({ records: [record('example.com'), record('www.example.com', { resourceRecord: { name: '_a.www.example.com.', type: 'CNAME' } })] })],
    });

    const result = await isComplete(isCompleteEvent(createEvent(props), created), fakeDeps());

    expect(result).toEqual({ IsComplete: false });
  });

  test('gives the Provider back control after three reads', async () => {
    lightsail.on(GetCertificatesCommand).resolves({ certificates: [certificate({ records: [] })] });
    const deps = fakeDeps();

    const result = await isComplete(isCompleteEvent(createEvent(props), created), deps);

    expect(result).toEqual({ IsComplete: false });
    expect(lightsail).toHaveReceivedCommandTimes(GetCertificatesCommand, 3);
    expect(deps.sleeps).toHaveLength(2);
  });

  test('fails at the deadline naming the domains still missing', async () => {
    lightsail.on(GetCertificatesCommand).resolves({ certificates: [certificate({ records: [record('example.com')] })] });
    const deps = fakeDeps(T0 + RECORDS_BUDGET_MS);

    await expect(isComplete(isCompleteEvent(createEvent(props), created), deps)).rejects.toThrow(
      `Validation records for ${NAME} did not appear within 5 minutes (missing: www.example.com)`,
    );
  });

  test('fails at the deadline when the certificate never became readable', async () => {
    lightsail.on(GetCertificatesCommand).resolves({ certificates: [] });
    const deps = fakeDeps(T0 + RECORDS_BUDGET_MS + 1);

    await expect(isComplete(isCompleteEvent(createEvent(props), created), deps)).rejects.toThrow('(missing: example.com, www.example.com)');
  });

  test('reads a deadline that travelled as a string, and waits without one', async () => {
    lightsail.on(GetCertificatesCommand).resolves({ certificates: [certificate({ records: [] })] });

    await expect(isComplete(isCompleteEvent(createEvent(props), { ...created, Data: { [DEADLINE_KEY]: String(T0) } }), fakeDeps()))
      .rejects.toThrow('did not appear');
    await expect(isComplete(isCompleteEvent(createEvent(props), { PhysicalResourceId: PHYSICAL_ID }), fakeDeps(T0 + 10 * RECORDS_BUDGET_MS)))
      .resolves.toEqual({ IsComplete: false });
  });

  test('fails at once on a terminal status with the reason and the name', async () => {
    lightsail.on(GetCertificatesCommand).resolves({
      certificates: [certificate({ status: 'FAILED', requestFailureReason: 'DOMAIN_NOT_ALLOWED', records: [] })],
    });

    await expect(isComplete(isCompleteEvent(createEvent(props), created), fakeDeps())).rejects.toThrow(
      `Certificate "${NAME}" in ${REGION} is FAILED (requestFailureReason: DOMAIN_NOT_ALLOWED)`,
    );
    expect(lightsail).toHaveReceivedCommandTimes(GetCertificatesCommand, 1);
  });
});

describe('Update', () => {
  const old = certificateProps({ Tags: { team: 'web', env: 'dev', gone: 'x' } });

  test('updates tags in place with exact Tag and Untag inputs', async () => {
    lightsail.on(GetCertificatesCommand).resolves({
      certificates: [certificate({ tags: [{ key: 'team', value: 'web' }, { key: 'env', value: 'dev' }, { key: 'gone', value: 'x' }, { key: 'manual', value: 'keep' }] })],
    });
    lightsail.on(UntagResourceCommand).resolves({});
    lightsail.on(TagResourceCommand).resolves({});
    const props = certificateProps({ Tags: { team: 'web', env: 'prod', added: 'y' } });

    const result = await onEvent(updateEvent(props, old), fakeDeps());

    expect(result).toEqual({ PhysicalResourceId: PHYSICAL_ID, Data: { [DEADLINE_KEY]: T0 + RECORDS_BUDGET_MS } });
    expect(lightsail).toHaveReceivedCommandTimes(UntagResourceCommand, 1);
    expect(lightsail).toHaveReceivedCommandWith(UntagResourceCommand, { resourceName: NAME, tagKeys: ['gone'] });
    expect(lightsail).toHaveReceivedCommandTimes(TagResourceCommand, 1);
    expect(lightsail).toHaveReceivedCommandWith(TagResourceCommand, {
      resourceName: NAME,
      tags: [{ key: 'env', value: 'prod' }, { key: 'added', value: 'y' }],
    });
    expect(lightsail).toHaveReceivedCommandTimes(CreateCertificateCommand, 0);
  });

  test('removes every tag when the new properties have none', async () => {
    lightsail.on(GetCertificatesCommand).resolves({ certificates: [certificate({ tags: [{ key: 'team', value: 'web' }] })] });
    lightsail.on(UntagResourceCommand).resolves({});

    await onEvent(updateEvent(certificateProps(), certificateProps({ Tags: { team: 'web' } })), fakeDeps());

    expect(lightsail).toHaveReceivedCommandWith(UntagResourceCommand, { resourceName: NAME, tagKeys: ['team'] });
    expect(lightsail).toHaveReceivedCommandTimes(TagResourceCommand, 0);
  });

  test('fails clearly when the certificate is gone during a tag update', async () => {
    lightsail.on(GetCertificatesCommand).resolves({ certificates: [] });

    await expect(onEvent(updateEvent(certificateProps({ Tags: { a: 'b' } }), certificateProps()), fakeDeps()))
      .rejects.toThrow(`Certificate "${NAME}" in ${REGION} no longer exists`);
  });

  test('calls nothing when only the order or case of the domains changed', async () => {
    const props = certificateProps({ DomainName: 'WWW.example.com', SubjectAlternativeNames: ['example.com'], Tags: { a: 'b' } });

    const result = await onEvent(updateEvent(props, certificateProps({ Tags: { a: 'b' } })), fakeDeps());

    expect(result.PhysicalResourceId).toBe(PHYSICAL_ID);
    expect(lightsail.calls()).toHaveLength(0);
  });

  test('replaces with a new name: creates the new certificate and answers a new physical id', async () => {
    lightsail.on(GetCertificatesCommand).resolves({ certificates: [] });
    lightsail.on(CreateCertificateCommand).resolves({});
    const props = certificateProps({ CertificateName: 'my-cert-2', SubjectAlternativeNames: ['www.example.com', 'api.example.com'] });

    const result = await onEvent(updateEvent(props, certificateProps()), fakeDeps());

    expect(result.PhysicalResourceId).toBe(`lightsail-certificate:${REGION}:my-cert-2`);
    expect(lightsail).toHaveReceivedCommandWith(GetCertificatesCommand, { certificateName: 'my-cert-2', includeCertificateDetails: true });
    expect(lightsail).toHaveReceivedCommandWith(CreateCertificateCommand, {
      certificateName: 'my-cert-2',
      domainName: 'example.com',
      subjectAlternativeNames: ['www.example.com', 'api.example.com'],
    });
    expect(lightsail).toHaveReceivedCommandTimes(DeleteCertificateCommand, 0);
  });

  test('replaces when the region changes, even with the same name', async () => {
    lightsail.on(GetCertificatesCommand).resolves({ certificates: [] });
    lightsail.on(CreateCertificateCommand).resolves({});
    const deps = fakeDeps();

    const result = await onEvent(updateEvent(certificateProps({ Region: 'eu-central-1' }), certificateProps()), deps);

    expect(result.PhysicalResourceId).toBe(`lightsail-certificate:eu-central-1:${NAME}`);
    expect(deps.regions).toEqual(['eu-central-1']);
    expect(lightsail).toHaveReceivedCommandTimes(CreateCertificateCommand, 1);
  });

  test('refuses new domains under an unchanged name after one read, before creating or changing anything', async () => {
    lightsail.on(GetCertificatesCommand).resolves({ certificates: [certificate()] });
    const props = certificateProps({ SubjectAlternativeNames: ['www.example.com', 'api.example.com'], Tags: { a: 'b' } });

    await expect(onEvent(updateEvent(props, certificateProps()), fakeDeps())).rejects.toThrow(
      `Changing the domains of certificate "${NAME}" needs a new certificate, and certificateName "${NAME}" is set explicitly: change certificateName too`,
    );
    expect(lightsail.calls()).toHaveLength(1);
    expect(lightsail).toHaveReceivedCommandWith(GetCertificatesCommand, detailed);
  });

  test('refuses new domains under an unchanged name when the certificate is gone', async () => {
    lightsail.on(GetCertificatesCommand).resolves({ certificates: [] });
    const props = certificateProps({ SubjectAlternativeNames: ['www.example.com', 'api.example.com'] });

    await expect(onEvent(updateEvent(props, certificateProps()), fakeDeps())).rejects.toThrow('change certificateName too');
    expect(lightsail).toHaveReceivedCommandTimes(CreateCertificateCommand, 0);
  });

  test('the rollback of a refused domain change (back to the domains the certificate has) is done in place', async () => {
    // CloudFormation rolls the refused Update back with another Update: the original properties as the
    // new ones, the refused ones as the old ones. The certificate still has the original domains.
    lightsail.on(GetCertificatesCommand).resolves({ certificates: [certificate({ tags: [{ key: 'team', value: 'web' }] })] });
    lightsail.on(UntagResourceCommand).resolves({});
    lightsail.on(TagResourceCommand).resolves({});
    const original = certificateProps({ Tags: { team: 'web' } });
    const refused = certificateProps({ SubjectAlternativeNames: ['www.example.com', 'api.example.com'], Tags: { team: 'platform', extra: 'x' } });

    const result = await onEvent(updateEvent(original, refused), fakeDeps());

    expect(result).toEqual({ PhysicalResourceId: PHYSICAL_ID, Data: { [DEADLINE_KEY]: T0 + RECORDS_BUDGET_MS } });
    expect(lightsail).toHaveReceivedCommandTimes(CreateCertificateCommand, 0);
    expect(lightsail).toHaveReceivedCommandTimes(DeleteCertificateCommand, 0);
    // The refused tags were never applied; only what the certificate lacks is changed.
    expect(lightsail).toHaveReceivedCommandWith(UntagResourceCommand, { resourceName: NAME, tagKeys: ['extra'] });
    expect(lightsail).toHaveReceivedCommandTimes(TagResourceCommand, 0);
    expect(lightsail).toHaveReceivedCommandTimes(GetCertificatesCommand, 1);
  });

  test('isComplete returns every attribute again after an in-place update', async () => {
    lightsail.on(GetCertificatesCommand).resolves({ certificates: [certificate({ status: 'ISSUED' })] });
    const event = updateEvent(certificateProps({ Tags: { a: 'b' } }), certificateProps());

    const result = await isComplete(isCompleteEvent(event, { PhysicalResourceId: PHYSICAL_ID, Data: { [DEADLINE_KEY]: T0 + 1 } }), fakeDeps());

    expect(result).toMatchObject({ IsComplete: true, Data: { CertificateName: NAME, CertificateArn: ARN, Status: 'ISSUED' } });
    expect(Object.keys((result as { Data: object }).Data)).toHaveLength(9);
  });
});

describe('Delete', () => {
  test.each([
    'b6f1e9c8-0000-4000-8000-000000000001',
    '2025/01/01/[$LATEST]0123456789abcdef',
    'AWSCDK::CustomResourceProviderFramework::CREATE_FAILED',
    'lightsail-certificate:us-east-1:',
  ])('calls nothing for a physical id we did not mint: %s', async (physicalId) => {
    const deps = fakeDeps();

    const result = await onEvent(deleteEvent(certificateProps(), physicalId), deps);
    const done = await isComplete(isCompleteEvent(deleteEvent(certificateProps(), physicalId), result), deps);

    expect(result).toEqual({ PhysicalResourceId: physicalId });
    expect(done).toEqual({ IsComplete: true });
    expect(lightsail.calls()).toHaveLength(0);
  });

  /** A Delete as the Provider plays it: onEvent, then the isComplete call it always makes at once. */
  async function deleteThroughProvider(event: ReturnType<typeof deleteEvent>, deps = fakeDeps()) {
    const started = await onEvent(event, deps);
    expect(lightsail.calls()).toHaveLength(0);
    return isComplete(isCompleteEvent(event, started), deps);
  }

  test('deletes by the physical id, not by the properties', async () => {
    lightsail.on(GetCertificatesCommand).resolves({ certificates: [certificate({ name: 'old-cert' })] });
    lightsail.on(DeleteCertificateCommand).resolves({});
    const deps = fakeDeps();

    await expect(deleteThroughProvider(deleteEvent(certificateProps(), 'lightsail-certificate:ap-south-1:old-cert'), deps)).resolves.toEqual({ IsComplete: true });

    expect(deps.regions).toEqual(['ap-south-1']);
    expect(lightsail).toHaveReceivedCommandTimes(GetCertificatesCommand, 1);
    expect(lightsail).toHaveReceivedCommandWith(GetCertificatesCommand, { certificateName: 'old-cert', includeCertificateDetails: true });
    expect(lightsail).toHaveReceivedCommandWith(DeleteCertificateCommand, { certificateName: 'old-cert' });
  });

  test('succeeds without deleting when the certificate is not found', async () => {
    lightsail.on(GetCertificatesCommand).rejects(serviceError('NotFoundException'));

    await expect(deleteThroughProvider(deleteEvent(certificateProps()))).resolves.toEqual({ IsComplete: true });
    expect(lightsail).toHaveReceivedCommandTimes(DeleteCertificateCommand, 0);
  });

  test('treats NotFoundException from DeleteCertificate as success', async () => {
    lightsail.on(GetCertificatesCommand).resolves({ certificates: [certificate()] });
    lightsail.on(DeleteCertificateCommand).rejects(serviceError('NotFoundException'));

    await expect(deleteThroughProvider(deleteEvent(certificateProps()))).resolves.toEqual({ IsComplete: true });
    expect(lightsail).toHaveReceivedCommandTimes(DeleteCertificateCommand, 1);
  });

  test('passes other DeleteCertificate errors through', async () => {
    lightsail.on(GetCertificatesCommand).resolves({ certificates: [certificate()] });
    lightsail.on(DeleteCertificateCommand).rejects(serviceError('InvalidInputException', 'Certificate is attached'));

    await expect(deleteThroughProvider(deleteEvent(certificateProps()))).rejects.toThrow('Certificate is attached');
  });

  test('waits while the certificate is in use, then deletes it', async () => {
    lightsail.on(GetCertificatesCommand)
      .resolvesOnce({ certificates: [certificate({ inUseResourceCount: 1 })] })
      .resolvesOnce({ certificates: [certificate({ inUseResourceCount: 1 })] })
      .resolves({ certificates: [certificate({ inUseResourceCount: 0 })] });
    lightsail.on(DeleteCertificateCommand).resolves({});
    const deps = fakeDeps();
    const event = deleteEvent(certificateProps());

    const started = await onEvent(event, deps);
    expect(started).toEqual({ PhysicalResourceId: PHYSICAL_ID, Data: { [DEADLINE_KEY]: T0 + IN_USE_BUDGET_MS } });
    expect(lightsail.calls()).toHaveLength(0);

    await expect(isComplete(isCompleteEvent(event, started), deps)).resolves.toEqual({ IsComplete: false });
    deps.advance(10_000);
    await expect(isComplete(isCompleteEvent(event, started), deps)).resolves.toEqual({ IsComplete: false });
    expect(lightsail).toHaveReceivedCommandTimes(DeleteCertificateCommand, 0);

    deps.advance(10_000);
    await expect(isComplete(isCompleteEvent(event, started), deps)).resolves.toEqual({ IsComplete: true });
    expect(lightsail).toHaveReceivedCommandTimes(GetCertificatesCommand, 3);
    expect(lightsail).toHaveReceivedCommandTimes(DeleteCertificateCommand, 1);
    expect(lightsail).toHaveReceivedCommandWith(DeleteCertificateCommand, { certificateName: NAME });
  });

  test('fails when the certificate is still in use at the deadline', async () => {
    lightsail.on(GetCertificatesCommand).resolves({ certificates: [certificate({ inUseResourceCount: 2 })] });
    const event = deleteEvent(certificateProps());
    const started = { PhysicalResourceId: PHYSICAL_ID, Data: { [DEADLINE_KEY]: T0 + IN_USE_BUDGET_MS } };

    await expect(isComplete(isCompleteEvent(event, started), fakeDeps(T0 + IN_USE_BUDGET_MS))).rejects.toThrow(
      `Certificate ${NAME} is still in use by 2 resource(s) after 10 minutes; detach it from distributions and container services, then delete again`,
    );
    expect(lightsail).toHaveReceivedCommandTimes(DeleteCertificateCommand, 0);
  });

  test('isComplete is done when the certificate is gone, and deletes again when it is still there', async () => {
    const event = deleteEvent(certificateProps());
    lightsail.on(GetCertificatesCommand).resolvesOnce({ certificates: [] }).resolves({ certificates: [certificate()] });
    lightsail.on(DeleteCertificateCommand).rejects(serviceError('NotFoundException'));

    await expect(isComplete(isCompleteEvent(event, { PhysicalResourceId: PHYSICAL_ID }), fakeDeps())).resolves.toEqual({ IsComplete: true });
    expect(lightsail).toHaveReceivedCommandTimes(DeleteCertificateCommand, 0);
    await expect(isComplete(isCompleteEvent(event, { PhysicalResourceId: PHYSICAL_ID }), fakeDeps())).resolves.toEqual({ IsComplete: true });
    expect(lightsail).toHaveReceivedCommandTimes(DeleteCertificateCommand, 1);
  });
});
