import { createHash } from 'crypto';
import {
  CertificateSummary,
  CreateCertificateCommand,
  DeleteCertificateCommand,
  GetCertificatesCommand,
  LightsailClient,
  TagResourceCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-lightsail';
import {
  Route53Client,
} from '@aws-sdk/client-route-53';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import {
  accessDenied,
  ARN,
  certificateCreate,
  certificateDelete,
  certificateUpdate,
  connectionReset,
  fakeDeps,
  invalidInput,
  listed,
  LOGICAL_ID,
  NAME,
  NONE,
  notFound,
  OTHER_OWNER,
  OWNER,
  OWNER_TAG,
  operations,
  PHYSICAL_ID,
  record,
  recordAttributes,
  REGION,
  STACK_ID,
  summary,
  T0,
} from './fixtures';
import { IN_USE_BUDGET_MS, IN_USE_POLL_MS, ownerTagValue, RECORDS_BUDGET_MS } from '../../lambda/certificate';
import { onEvent } from '../../lambda/index';
import { OWNER_TAG_KEY } from '../../src/private/contract';

const lightsail = mockClient(LightsailClient);
const route53 = mockClient(Route53Client);

/** What every read of `my-cert` sends. */
const READ = { certificateName: NAME, includeCertificateDetails: true };

/** The attributes of the default certificate read back with the default properties. */
const ATTRIBUTES = {
  ...recordAttributes('example.com', 'www.example.com'),
  CertificateName: NAME,
  CertificateArn: ARN,
  Status: 'PENDING_VALIDATION',
};

beforeEach(() => {
  lightsail.reset();
  route53.reset();
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
  jest.spyOn(console, 'error').mockImplementation(() => undefined);
});

afterEach(() => {
  jest.restoreAllMocks();
});

/**
 * GetCertificates as Lightsail answers around one CreateCertificate: nothing before it, then `after`
 * (each entry once, the last one again), and nothing once a DeleteCertificate has been received.
 */
function aroundCreate(...after: CertificateSummary[]): void {
  let reads = 0;
  lightsail.on(GetCertificatesCommand).callsFake(() => {
    if (lightsail.commandCalls(DeleteCertificateCommand).length > 0 || lightsail.commandCalls(CreateCertificateCommand).length === 0) {
      return NONE;
    }
    return listed(after[Math.min(reads++, after.length - 1)]);
  });
}

describe('Create', () => {
  test('requests the certificate in the wanted region with the user tags and the owner tag, and returns its records, name, ARN and status', async () => {
    const tags = [{ key: 'team', value: 'web' }, { key: 'env', value: 'prod' }, OWNER_TAG];
    lightsail.on(GetCertificatesCommand).resolvesOnce(NONE).resolves(listed(summary({ tags })));
    const deps = fakeDeps();

    const result = await onEvent(certificateCreate({ Region: 'eu-west-2', Tags: { team: 'web', env: 'prod' } }), deps);

    expect(result).toEqual({ PhysicalResourceId: `lightsail-certificate:eu-west-2:${NAME}`, Data: ATTRIBUTES });
    expect(lightsail).toHaveReceivedCommandTimes(CreateCertificateCommand, 1);
    expect(lightsail).toHaveReceivedCommandWith(CreateCertificateCommand, {
      certificateName: NAME,
      domainName: 'example.com',
      subjectAlternativeNames: ['www.example.com'],
      tags: [{ key: 'team', value: 'web' }, { key: 'env', value: 'prod' }, { key: OWNER_TAG_KEY, value: OWNER }],
    });
    expect(lightsail).toHaveReceivedCommandWith(GetCertificatesCommand, READ);
    expect(operations(lightsail)).toEqual(['GetCertificates', 'CreateCertificate', 'GetCertificates']);
    expect(new Set(deps.regions)).toEqual(new Set(['eu-west-2']));
  });

  test('the owner tag is the stack id and the logical id of the resource', async () => {
    expect(OWNER).toBe(`${STACK_ID}/${LOGICAL_ID}`);
    expect(ownerTagValue({ StackId: STACK_ID, LogicalResourceId: LOGICAL_ID })).toBe(OWNER);
  });

  test('an owner tag value too long for a tag becomes a hash of it', async () => {
    const logicalId = `Cert${'X'.repeat(250)}`;
    const hash = `sha256:${createHash('sha256').update(`${STACK_ID}/${logicalId}`).digest('hex')}`;
    lightsail.on(GetCertificatesCommand)
      .resolvesOnce(NONE)
      .resolves(listed(summary({ tags: [{ key: OWNER_TAG_KEY, value: hash }] })));

    await onEvent({ ...certificateCreate(), LogicalResourceId: logicalId }, fakeDeps());

    expect(lightsail).toHaveReceivedCommandWith(CreateCertificateCommand, {
      certificateName: NAME,
      domainName: 'example.com',
      subjectAlternativeNames: ['www.example.com'],
      tags: [{ key: OWNER_TAG_KEY, value: hash }],
    });
    expect(hash.length).toBeLessThanOrEqual(256);
  });

  test.each([[[]], [undefined]])('leaves out alternates when there are none (%p)', async (alternates) => {
    lightsail.on(GetCertificatesCommand).resolvesOnce(NONE).resolves(listed(summary({ alternates: [] })));

    const result = await onEvent(certificateCreate({ SubjectAlternativeNames: alternates }), fakeDeps());

    expect(lightsail.commandCalls(CreateCertificateCommand).map((call) => call.args[0].input)).toEqual([
      { certificateName: NAME, domainName: 'example.com', tags: [OWNER_TAG] },
    ]);
    expect(result.Data).toEqual({ ...recordAttributes('example.com'), CertificateName: NAME, CertificateArn: ARN, Status: 'PENDING_VALIDATION' });
  });

  test('reads again, with growing pauses, until every domain has a complete validation record', async () => {
    const incomplete = record('www.example.com', { resourceRecord: { name: '_x.www.example.com.', type: 'CNAME' } });
    lightsail.on(GetCertificatesCommand)
      .resolvesOnce(NONE) // no certificate of the name yet
      .resolvesOnce(NONE) // requested, not readable yet
      .resolvesOnce(listed(summary({ records: [record('example.com')] })))
      .resolvesOnce(listed(summary({ records: [record('example.com'), incomplete] })))
      .resolves(listed(summary()));
    const deps = fakeDeps();

    const result = await onEvent(certificateCreate(), deps);

    expect(result).toEqual({ PhysicalResourceId: PHYSICAL_ID, Data: ATTRIBUTES });
    expect(lightsail).toHaveReceivedCommandTimes(GetCertificatesCommand, 5);
    expect(deps.sleeps).toEqual([750, 1500, 3000]);
  });

  test('returns the records in the order of the properties, not the order Lightsail lists them in', async () => {
    lightsail.on(GetCertificatesCommand).resolvesOnce(NONE).resolves(listed(summary()));

    const result = await onEvent(certificateCreate({ DomainName: 'www.example.com', SubjectAlternativeNames: ['example.com'] }), fakeDeps());

    expect(result.Data).toEqual({
      'ValidationRecord.0.Name': '_www-example-com.www.example.com.',
      'ValidationRecord.0.Type': 'CNAME',
      'ValidationRecord.0.Value': '_www-example-com.acm-validations.aws.',
      'ValidationRecord.1.Name': '_example-com.example.com.',
      'ValidationRecord.1.Type': 'CNAME',
      'ValidationRecord.1.Value': '_example-com.acm-validations.aws.',
      'CertificateName': NAME,
      'CertificateArn': ARN,
      'Status': 'PENDING_VALIDATION',
    });
  });

  test('gives a shared validation record to every domain that has it', async () => {
    const shared = { name: '_shared.example.com.', type: 'CNAME', value: '_shared.acm-validations.aws.' };
    lightsail.on(GetCertificatesCommand).resolvesOnce(NONE).resolves(listed(summary({
      records: [record('example.com', { resourceRecord: shared }), record('www.example.com', { resourceRecord: shared })],
    })));

    const result = await onEvent(certificateCreate(), fakeDeps());

    expect(result.Data).toMatchObject({
      'ValidationRecord.0.Name': shared.name,
      'ValidationRecord.0.Value': shared.value,
      'ValidationRecord.1.Name': shared.name,
      'ValidationRecord.1.Value': shared.value,
    });
  });

  test.each([
    [['example.com'], 'www.example.com', 'this name'],
    [[], 'example.com, www.example.com', 'these names'],
  ])('when records never come (records for %p only), fails naming the domains without one, after deleting the certificate', async (withRecord, missing, names) => {
    aroundCreate(summary({ records: withRecord.map((d) => record(d)) }));
    const deps = fakeDeps();

    await expect(onEvent(certificateCreate(), deps)).rejects.toThrow(
      `Lightsail gave no validation record for ${missing} of certificate "${NAME}" in ${REGION} within 5 minutes, `
      + `so the certificate cannot be validated; check that Lightsail can certify ${names}`,
    );

    expect(lightsail).toHaveReceivedCommandTimes(DeleteCertificateCommand, 1);
    expect(lightsail).toHaveReceivedCommandWith(DeleteCertificateCommand, { certificateName: NAME });
    // Deleted, and seen gone, before the error is reported.
    expect(operations(lightsail).slice(-2)).toEqual(['DeleteCertificate', 'GetCertificates']);
    expect(deps.sleeps.slice(0, 5)).toEqual([750, 1500, 3000, 6000, 7500]);
    expect(Math.max(...deps.sleeps)).toBe(7500);
    expect(deps.elapsed()).toBeLessThanOrEqual(RECORDS_BUDGET_MS);
    expect(deps.elapsed()).toBeGreaterThan(RECORDS_BUDGET_MS - 10_000);
  });

  test('fails when the requested certificate cannot be read back, and has nothing to delete', async () => {
    lightsail.on(GetCertificatesCommand).resolves(NONE);

    await expect(onEvent(certificateCreate(), fakeDeps())).rejects.toThrow(
      `Certificate "${NAME}" in ${REGION} was requested but could not be read back within 5 minutes`,
    );
    expect(lightsail).toHaveReceivedCommandTimes(CreateCertificateCommand, 1);
    expect(lightsail).not.toHaveReceivedCommand(DeleteCertificateCommand);
  });

  test('fails on a terminal status while waiting for the records, with Lightsail\'s reason, after deleting the certificate', async () => {
    aroundCreate(summary({ records: [] }), summary({ status: 'FAILED', requestFailureReason: 'DOMAIN_NOT_ALLOWED', records: [] }));
    const deps = fakeDeps();

    await expect(onEvent(certificateCreate(), deps)).rejects.toThrow(
      `Certificate "${NAME}" in ${REGION} is FAILED (requestFailureReason: DOMAIN_NOT_ALLOWED); it will not be issued`,
    );
    expect(lightsail).toHaveReceivedCommandWith(DeleteCertificateCommand, { certificateName: NAME });
    expect(operations(lightsail)).toEqual([
      'GetCertificates', 'CreateCertificate', 'GetCertificates', 'GetCertificates',
      'GetCertificates', 'DeleteCertificate', 'GetCertificates',
    ]);
    expect(deps.sleeps).toEqual([750]);
  });

  test('reports the Create\'s own error, and logs, when deleting what it made fails too', async () => {
    aroundCreate(summary({ status: 'FAILED', requestFailureReason: 'OTHER' }));
    lightsail.on(DeleteCertificateCommand).rejects(accessDenied());

    await expect(onEvent(certificateCreate(), fakeDeps())).rejects.toThrow(`Certificate "${NAME}" in ${REGION} is FAILED (requestFailureReason: OTHER)`);
    expect(console.error).toHaveBeenCalledWith(expect.stringContaining(`certificate ${NAME} could not be deleted`));
    expect(console.error).toHaveBeenCalledWith(expect.stringContaining('delete it by hand'));
  });

  test('adopts its own certificate left by an earlier attempt (same domains in any order and case): no CreateCertificate, tags reconciled', async () => {
    lightsail.on(GetCertificatesCommand).resolves(listed(summary({
      domainName: 'WWW.example.com',
      alternates: ['Example.COM'],
      tags: [OWNER_TAG, { key: 'team', value: 'old' }, { key: 'added-by-hand', value: 'keep' }],
    })));
    const deps = fakeDeps();

    const result = await onEvent(certificateCreate({ Tags: { team: 'web' } }), deps);

    expect(result).toEqual({ PhysicalResourceId: PHYSICAL_ID, Data: ATTRIBUTES });
    expect(lightsail).not.toHaveReceivedCommand(CreateCertificateCommand);
    expect(lightsail).not.toHaveReceivedCommand(UntagResourceCommand);
    expect(lightsail).toHaveReceivedCommandWith(TagResourceCommand, { resourceName: NAME, tags: [{ key: 'team', value: 'web' }] });
    expect(operations(lightsail)).toEqual(['GetCertificates', 'GetCertificates', 'TagResource']);
  });

  test('deletes its own certificate in a terminal status, waits until it is gone, and requests it again', async () => {
    lightsail.on(GetCertificatesCommand)
      .resolvesOnce(listed(summary({ status: 'VALIDATION_TIMED_OUT' })))
      .resolvesOnce(NONE)
      .resolves(listed(summary()));
    const deps = fakeDeps();

    const result = await onEvent(certificateCreate(), deps);

    expect(result).toEqual({ PhysicalResourceId: PHYSICAL_ID, Data: ATTRIBUTES });
    expect(operations(lightsail)).toEqual(['GetCertificates', 'DeleteCertificate', 'GetCertificates', 'CreateCertificate', 'GetCertificates']);
    expect(lightsail).toHaveReceivedCommandWith(DeleteCertificateCommand, { certificateName: NAME });
    expect(lightsail).toHaveReceivedCommandWith(CreateCertificateCommand, {
      certificateName: NAME,
      domainName: 'example.com',
      subjectAlternativeNames: ['www.example.com'],
      tags: [OWNER_TAG],
    });
  });

  test.each([
    ['another resource', [{ key: OWNER_TAG_KEY, value: OTHER_OWNER }], `which belongs to ${OTHER_OWNER}`],
    ['nobody (no owner tag)', [{ key: 'team', value: 'web' }], 'which no CloudFormation stack made'],
  ])('refuses a certificate of the name whose owner tag names %s, naming its ARN, its domains and adoptExisting, and writes nothing', async (_, tags, holder) => {
    lightsail.on(GetCertificatesCommand).resolves(listed(summary({ tags })));

    const message = await failureOf(onEvent(certificateCreate(), fakeDeps()));

    expect(message).toContain(`Certificate name "${NAME}" in ${REGION} is already used by certificate ${ARN} for example.com, www.example.com, ${holder}`);
    expect(message).toContain('choose another certificateName');
    expect(message).toContain('set adoptExisting: true to take this certificate over');
    expect(operations(lightsail)).toEqual(['GetCertificates']);
  });

  test('refuses a foreign certificate in a terminal status too, without deleting it', async () => {
    lightsail.on(GetCertificatesCommand).resolves(listed(summary({ status: 'EXPIRED', tags: [] })));

    await expect(onEvent(certificateCreate(), fakeDeps())).rejects.toThrow('which no CloudFormation stack made');
    expect(operations(lightsail)).toEqual(['GetCertificates']);
  });

  test('with AdoptExisting, takes a foreign certificate over, and sets the owner tag only once its records are read', async () => {
    const foreign = [{ key: OWNER_TAG_KEY, value: OTHER_OWNER }, { key: 'team', value: 'web' }];
    lightsail.on(GetCertificatesCommand)
      .resolvesOnce(listed(summary({ tags: foreign, records: [] })))
      .resolvesOnce(listed(summary({ tags: foreign, records: [] })))
      .resolves(listed(summary({ tags: foreign })));

    const result = await onEvent(certificateCreate({ AdoptExisting: 'true', Tags: { team: 'web', env: 'prod' } }), fakeDeps());

    expect(result).toEqual({ PhysicalResourceId: PHYSICAL_ID, Data: ATTRIBUTES });
    expect(lightsail).not.toHaveReceivedCommand(CreateCertificateCommand);
    expect(lightsail).toHaveReceivedCommandWith(TagResourceCommand, {
      resourceName: NAME,
      tags: [{ key: 'env', value: 'prod' }, { key: OWNER_TAG_KEY, value: OWNER }],
    });
    expect(operations(lightsail)).toEqual(['GetCertificates', 'GetCertificates', 'GetCertificates', 'TagResource']);
  });

  test('with AdoptExisting, a certificate without an owner tag is taken over as well', async () => {
    lightsail.on(GetCertificatesCommand).resolves(listed(summary({ tags: [] })));

    await onEvent(certificateCreate({ AdoptExisting: 'true' }), fakeDeps());

    expect(lightsail).toHaveReceivedCommandWith(TagResourceCommand, { resourceName: NAME, tags: [OWNER_TAG] });
  });

  test('with AdoptExisting, a taken-over certificate whose records never come is neither tagged nor deleted', async () => {
    lightsail.on(GetCertificatesCommand).resolves(listed(summary({ tags: [], records: [] })));

    await expect(onEvent(certificateCreate({ AdoptExisting: 'true' }), fakeDeps())).rejects.toThrow('Lightsail gave no validation record');
    expect(lightsail).not.toHaveReceivedCommand(TagResourceCommand);
    expect(lightsail).not.toHaveReceivedCommand(DeleteCertificateCommand);
    expect(lightsail).not.toHaveReceivedCommand(CreateCertificateCommand);
  });

  test.each([
    ['its own', [OWNER_TAG], {}],
    ['a handed-over', [], { AdoptExisting: 'true' }],
  ])('refuses %s certificate of the name for other domains', async (_, tags, props) => {
    lightsail.on(GetCertificatesCommand).resolves(listed(summary({ domainName: 'other.org', alternates: ['api.other.org'], tags })));

    await expect(onEvent(certificateCreate(props), fakeDeps())).rejects.toThrow(
      `Certificate name "${NAME}" in ${REGION} is already used by certificate ${ARN} for other.org, api.other.org; `
      + 'choose another certificateName (wanted: example.com, www.example.com)',
    );
    expect(operations(lightsail)).toEqual(['GetCertificates']);
  });

  test('refuses a holder whose details are missing by what it has', async () => {
    lightsail.on(GetCertificatesCommand).resolves(listed({ certificateName: NAME, domainName: 'other.org' }));

    await expect(onEvent(certificateCreate(), fakeDeps())).rejects.toThrow(
      'is already used by certificate (ARN unknown) for other.org, which no CloudFormation stack made',
    );
  });

  test('carries on with its certificate when CreateCertificate failed after it was applied (the answer was lost)', async () => {
    lightsail.on(GetCertificatesCommand).resolvesOnce(NONE).resolves(listed(summary()));
    // The first attempt is applied but its answer lost; the retry meets the certificate it made.
    lightsail.on(CreateCertificateCommand)
      .rejectsOnce(connectionReset())
      .rejects(invalidInput(`The certificate name ${NAME} is already in use`));
    const deps = fakeDeps();

    const result = await onEvent(certificateCreate(), deps);

    expect(result).toEqual({ PhysicalResourceId: PHYSICAL_ID, Data: ATTRIBUTES });
    expect(lightsail).toHaveReceivedCommandTimes(CreateCertificateCommand, 2);
    expect(lightsail).toHaveReceivedNthCommandWith(2, CreateCertificateCommand, {
      certificateName: NAME,
      domainName: 'example.com',
      subjectAlternativeNames: ['www.example.com'],
      tags: [OWNER_TAG],
    });
    expect(lightsail).not.toHaveReceivedCommand(DeleteCertificateCommand);
    expect(deps.sleeps).toEqual([750]);
  });

  test('after a failed CreateCertificate, reads a few times while the new certificate is not listed yet', async () => {
    lightsail.on(GetCertificatesCommand).resolvesOnce(NONE).resolvesOnce(NONE).resolves(listed(summary()));
    lightsail.on(CreateCertificateCommand).rejects(invalidInput('already in use'));
    const deps = fakeDeps();

    await expect(onEvent(certificateCreate(), deps)).resolves.toEqual({ PhysicalResourceId: PHYSICAL_ID, Data: ATTRIBUTES });
    expect(deps.sleeps).toEqual([750]);
  });

  test('after a failed CreateCertificate with no certificate behind it, fails with the original error', async () => {
    lightsail.on(GetCertificatesCommand).resolves(NONE);
    lightsail.on(CreateCertificateCommand).rejects(invalidInput('The domain name example.invalid is not valid'));
    const deps = fakeDeps();

    await expect(onEvent(certificateCreate(), deps)).rejects.toThrow('The domain name example.invalid is not valid');
    expect(lightsail).toHaveReceivedCommandTimes(CreateCertificateCommand, 1);
    expect(lightsail).toHaveReceivedCommandTimes(GetCertificatesCommand, 4);
    expect(lightsail).not.toHaveReceivedCommand(DeleteCertificateCommand);
    expect(deps.sleeps).toEqual([750, 1500, 3000]);
  });

  test('after a failed CreateCertificate, a certificate of the name that another stack made is refused', async () => {
    lightsail.on(GetCertificatesCommand).resolvesOnce(NONE).resolves(listed(summary({ tags: [{ key: OWNER_TAG_KEY, value: OTHER_OWNER }] })));
    lightsail.on(CreateCertificateCommand).rejects(invalidInput('already in use'));

    await expect(onEvent(certificateCreate(), fakeDeps())).rejects.toThrow(`which belongs to ${OTHER_OWNER}`);
    expect(operations(lightsail)).toEqual(['GetCertificates', 'CreateCertificate', 'GetCertificates']);
  });

  test('treats a list without the name, and NotFoundException, as no certificate', async () => {
    lightsail.on(GetCertificatesCommand)
      .resolvesOnce(listed(summary({ name: 'someone-elses-cert' })))
      .rejectsOnce(notFound())
      .resolves(listed(summary()));

    await onEvent(certificateCreate(), fakeDeps());

    expect(operations(lightsail)).toEqual(['GetCertificates', 'CreateCertificate', 'GetCertificates', 'GetCertificates']);
  });

  test('passes on an error reading the name', async () => {
    lightsail.on(GetCertificatesCommand).rejects(accessDenied('User is not authorized to perform: lightsail:GetCertificates'));

    await expect(onEvent(certificateCreate(), fakeDeps())).rejects.toThrow('not authorized to perform: lightsail:GetCertificates');
    expect(operations(lightsail)).toEqual(['GetCertificates']);
  });
});

describe('Update', () => {
  test('changes tags in place: untags only keys the old properties had, tags the changed and new ones, keeps the owner tag', async () => {
    lightsail.on(GetCertificatesCommand).resolves(listed(summary({
      tags: [OWNER_TAG, { key: 'team', value: 'web' }, { key: 'env', value: 'dev' }, { key: 'gone', value: 'x' }, { key: 'added-by-hand', value: 'keep' }],
    })));

    const result = await onEvent(certificateUpdate(
      { Tags: { team: 'web', env: 'prod', added: 'y' } },
      { Tags: { team: 'web', env: 'dev', gone: 'x' } },
    ), fakeDeps());

    expect(result).toEqual({ PhysicalResourceId: PHYSICAL_ID, Data: ATTRIBUTES });
    expect(lightsail).toHaveReceivedCommandTimes(UntagResourceCommand, 1);
    expect(lightsail).toHaveReceivedCommandWith(UntagResourceCommand, { resourceName: NAME, tagKeys: ['gone'] });
    expect(lightsail).toHaveReceivedCommandTimes(TagResourceCommand, 1);
    expect(lightsail).toHaveReceivedCommandWith(TagResourceCommand, { resourceName: NAME, tags: [{ key: 'env', value: 'prod' }, { key: 'added', value: 'y' }] });
    expect(operations(lightsail)).toEqual(['GetCertificates', 'UntagResource', 'TagResource']);
  });

  test('removing every tag leaves the owner tag', async () => {
    lightsail.on(GetCertificatesCommand).resolves(listed(summary({ tags: [OWNER_TAG, { key: 'team', value: 'web' }] })));

    await onEvent(certificateUpdate({}, { Tags: { team: 'web' } }), fakeDeps());

    expect(lightsail.commandCalls(UntagResourceCommand).map((call) => call.args[0].input)).toEqual([{ resourceName: NAME, tagKeys: ['team'] }]);
    expect(lightsail).not.toHaveReceivedCommand(TagResourceCommand);
  });

  test('calls no tag API when the tags are unchanged', async () => {
    lightsail.on(GetCertificatesCommand).resolves(listed(summary({ tags: [OWNER_TAG, { key: 'team', value: 'web' }] })));

    const result = await onEvent(certificateUpdate({ Tags: { team: 'web' }, AdoptExisting: 'true' }, { Tags: { team: 'web' } }), fakeDeps());

    expect(result).toEqual({ PhysicalResourceId: PHYSICAL_ID, Data: ATTRIBUTES });
    expect(operations(lightsail)).toEqual(['GetCertificates']);
  });

  test.each(['VALIDATION_TIMED_OUT', 'FAILED', 'EXPIRED'])('does not fail on a certificate that is %s: it reports the status', async (status) => {
    lightsail.on(GetCertificatesCommand).resolves(listed(summary({ status })));

    const result = await onEvent(certificateUpdate({ Tags: { team: 'web' } }, {}), fakeDeps());

    expect(result).toEqual({ PhysicalResourceId: PHYSICAL_ID, Data: { ...ATTRIBUTES, Status: status } });
    expect(lightsail).toHaveReceivedCommandWith(TagResourceCommand, { resourceName: NAME, tags: [{ key: 'team', value: 'web' }] });
  });

  test('reports empty records for a certificate that has none any more, instead of failing', async () => {
    lightsail.on(GetCertificatesCommand).resolves(listed(summary({ status: 'FAILED', records: [] })));

    const result = await onEvent(certificateUpdate({ Tags: { team: 'web' } }, {}), fakeDeps());

    expect(result.Data).toEqual({
      'ValidationRecord.0.Name': '',
      'ValidationRecord.0.Type': '',
      'ValidationRecord.0.Value': '',
      'ValidationRecord.1.Name': '',
      'ValidationRecord.1.Type': '',
      'ValidationRecord.1.Value': '',
      'CertificateName': NAME,
      'CertificateArn': ARN,
      'Status': 'FAILED',
    });
  });

  test('treats a new order or case of the same domains as no change, returning the records in the new order', async () => {
    lightsail.on(GetCertificatesCommand).resolves(listed(summary()));

    const result = await onEvent(certificateUpdate({ DomainName: 'WWW.example.com', SubjectAlternativeNames: ['example.com'] }, {}), fakeDeps());

    expect(result).toEqual({
      PhysicalResourceId: PHYSICAL_ID,
      Data: { ...recordAttributes('www.example.com', 'example.com'), CertificateName: NAME, CertificateArn: ARN, Status: 'PENDING_VALIDATION' },
    });
    expect(operations(lightsail)).toEqual(['GetCertificates']);
  });

  test('a new name creates a new certificate and answers its physical id', async () => {
    lightsail.on(GetCertificatesCommand).resolvesOnce(NONE).resolves(listed(summary({ name: 'my-cert-2', alternates: ['www.example.com', 'api.example.com'] })));

    const result = await onEvent(certificateUpdate(
      { CertificateName: 'my-cert-2', SubjectAlternativeNames: ['www.example.com', 'api.example.com'] },
      {},
    ), fakeDeps());

    expect(result).toEqual({
      PhysicalResourceId: `lightsail-certificate:${REGION}:my-cert-2`,
      Data: {
        ...recordAttributes('example.com', 'www.example.com', 'api.example.com'),
        CertificateName: 'my-cert-2',
        CertificateArn: ARN,
        Status: 'PENDING_VALIDATION',
      },
    });
    expect(lightsail).toHaveReceivedCommandWith(GetCertificatesCommand, { certificateName: 'my-cert-2', includeCertificateDetails: true });
    expect(lightsail).toHaveReceivedCommandWith(CreateCertificateCommand, {
      certificateName: 'my-cert-2',
      domainName: 'example.com',
      subjectAlternativeNames: ['www.example.com', 'api.example.com'],
      tags: [OWNER_TAG],
    });
    // The old certificate is CloudFormation's cleanup's to delete, after dependants have moved.
    expect(lightsail).not.toHaveReceivedCommand(DeleteCertificateCommand);
  });

  test('a new region creates a new certificate there, even under the same name', async () => {
    lightsail.on(GetCertificatesCommand).resolvesOnce(NONE).resolves(listed(summary()));
    const deps = fakeDeps();

    const result = await onEvent(certificateUpdate({ Region: 'eu-central-1' }, {}), deps);

    expect(result.PhysicalResourceId).toBe(`lightsail-certificate:eu-central-1:${NAME}`);
    expect(lightsail).toHaveReceivedCommandTimes(CreateCertificateCommand, 1);
    expect(new Set(deps.regions)).toEqual(new Set(['eu-central-1']));
  });

  test('a new name held by another stack\'s certificate is refused', async () => {
    lightsail.on(GetCertificatesCommand).resolves(listed(summary({ name: 'my-cert-2', tags: [] })));

    await expect(onEvent(certificateUpdate({ CertificateName: 'my-cert-2' }, {}), fakeDeps())).rejects.toThrow(
      'Certificate name "my-cert-2" in us-east-1 is already used by certificate',
    );
    expect(operations(lightsail)).toEqual(['GetCertificates']);
  });

  test('refuses a change of domains under the same explicit name before creating anything', async () => {
    lightsail.on(GetCertificatesCommand).resolves(listed(summary()));

    await expect(onEvent(certificateUpdate({ SubjectAlternativeNames: ['www.example.com', 'api.example.com'] }, {}), fakeDeps())).rejects.toThrow(
      `Changing the domains of certificate "${NAME}" needs a new certificate, and certificateName "${NAME}" is set explicitly: change certificateName too`,
    );
    expect(operations(lightsail)).toEqual(['GetCertificates']);
  });

  test('returns in place to the domains the certificate has (the rollback of a refused change of domains)', async () => {
    lightsail.on(GetCertificatesCommand).resolves(listed(summary()));

    const result = await onEvent(certificateUpdate({}, { SubjectAlternativeNames: ['www.example.com', 'api.example.com'] }), fakeDeps());

    expect(result).toEqual({ PhysicalResourceId: PHYSICAL_ID, Data: ATTRIBUTES });
    expect(operations(lightsail)).toEqual(['GetCertificates']);
  });

  test('fails at once, saying so, when the certificate was deleted outside CloudFormation', async () => {
    lightsail.on(GetCertificatesCommand).resolves(NONE);

    await expect(onEvent(certificateUpdate({ Tags: { team: 'web' } }, {}), fakeDeps())).rejects.toThrow(
      `Certificate "${NAME}" in ${REGION} no longer exists: it was deleted outside CloudFormation`,
    );
    expect(operations(lightsail)).toEqual(['GetCertificates']);
  });

  // After an Update to a new name fails, CloudFormation's rollback sends an Update back to the old name
  // with the old physical id. Taking it for a new certificate would delete and re-request the resource's
  // own certificate when that one is in a terminal status, waiting (and failing) while it is in use:
  // UPDATE_ROLLBACK_FAILED.
  test('the rollback Update back to the certificate the resource still has keeps it and reports its status, even expired and in use', async () => {
    lightsail.on(GetCertificatesCommand).resolves(listed(summary({
      status: 'EXPIRED',
      inUseResourceCount: 1,
      issuedAt: new Date(T0 - 400 * 86_400_000),
    })));

    const result = await onEvent(certificateUpdate({}, { CertificateName: 'my-cert-2' }, PHYSICAL_ID), fakeDeps());

    expect(result).toEqual({ PhysicalResourceId: PHYSICAL_ID, Data: { ...ATTRIBUTES, Status: 'EXPIRED' } });
    expect(lightsail).not.toHaveReceivedCommand(DeleteCertificateCommand);
    expect(lightsail).not.toHaveReceivedCommand(CreateCertificateCommand);
  });
});

describe('Delete', () => {
  test('deletes its own certificate and answers only once it is no longer listed', async () => {
    lightsail.on(GetCertificatesCommand)
      .resolvesOnce(listed(summary()))
      .resolvesOnce(listed(summary()))
      .resolves(NONE);
    const deps = fakeDeps();

    const result = await onEvent(certificateDelete(), deps);

    expect(result).toEqual({ PhysicalResourceId: PHYSICAL_ID });
    expect(lightsail).toHaveReceivedCommandWith(GetCertificatesCommand, READ);
    expect(lightsail).toHaveReceivedCommandTimes(DeleteCertificateCommand, 1);
    expect(lightsail).toHaveReceivedCommandWith(DeleteCertificateCommand, { certificateName: NAME });
    expect(operations(lightsail)).toEqual(['GetCertificates', 'DeleteCertificate', 'GetCertificates', 'GetCertificates']);
    expect(deps.sleeps).toEqual([750]);
  });

  test('deletes its own certificate when Lightsail lists it without details', async () => {
    lightsail.on(GetCertificatesCommand).resolvesOnce(listed({ certificateName: NAME, tags: [OWNER_TAG] })).resolves(NONE);

    await onEvent(certificateDelete(), fakeDeps());

    expect(lightsail).toHaveReceivedCommandWith(DeleteCertificateCommand, { certificateName: NAME });
  });

  test('takes the region and name from the physical id it minted, not from the properties', async () => {
    lightsail.on(GetCertificatesCommand).resolvesOnce(listed(summary({ name: 'old-cert' }))).resolves(NONE);
    const deps = fakeDeps();

    await onEvent(certificateDelete({}, 'lightsail-certificate:eu-west-2:old-cert'), deps);

    expect(lightsail).toHaveReceivedCommandWith(GetCertificatesCommand, { certificateName: 'old-cert', includeCertificateDetails: true });
    expect(lightsail).toHaveReceivedCommandWith(DeleteCertificateCommand, { certificateName: 'old-cert' });
    expect(new Set(deps.regions)).toEqual(new Set(['eu-west-2']));
  });

  test.each([
    ['another resource', [{ key: OWNER_TAG_KEY, value: OTHER_OWNER }]],
    ['nobody (no owner tag)', []],
  ])('leaves alone a certificate whose owner tag names %s', async (_, tags) => {
    lightsail.on(GetCertificatesCommand).resolves(listed(summary({ tags })));

    await expect(onEvent(certificateDelete(), fakeDeps())).resolves.toEqual({ PhysicalResourceId: PHYSICAL_ID });
    expect(operations(lightsail)).toEqual(['GetCertificates']);
  });

  test.each([
    ['a made-up id after a cancelled Create', 'CertCertificate4E7ABB08-1B2C3D4E5F6G'],
    ['the request id', 'b6f1e9c8-0000-4000-8000-000000000001'],
  ])('with %s, deletes the certificate named in the properties when it is its own', async (_, physicalId) => {
    lightsail.on(GetCertificatesCommand).resolvesOnce(listed(summary({ name: 'named-cert' }))).resolves(NONE);
    const deps = fakeDeps();

    const result = await onEvent(certificateDelete({ CertificateName: 'named-cert', Region: 'ap-southeast-2' }, physicalId), deps);

    expect(result).toEqual({ PhysicalResourceId: physicalId });
    expect(lightsail).toHaveReceivedCommandWith(GetCertificatesCommand, { certificateName: 'named-cert', includeCertificateDetails: true });
    expect(lightsail).toHaveReceivedCommandWith(DeleteCertificateCommand, { certificateName: 'named-cert' });
    expect(new Set(deps.regions)).toEqual(new Set(['ap-southeast-2']));
  });

  test('with an id it did not mint, leaves a certificate of the name alone when it is not its own', async () => {
    lightsail.on(GetCertificatesCommand).resolves(listed(summary({ tags: [{ key: OWNER_TAG_KEY, value: OTHER_OWNER }] })));

    await onEvent(certificateDelete({}, 'CertCertificate4E7ABB08-1B2C3D4E5F6G'), fakeDeps());

    expect(operations(lightsail)).toEqual(['GetCertificates']);
  });

  test('waits 10 s at a time while inUseResourceCount > 0, then deletes', async () => {
    lightsail.on(GetCertificatesCommand)
      .resolvesOnce(listed(summary({ inUseResourceCount: 1 })))
      .resolvesOnce(listed(summary({ inUseResourceCount: 1 })))
      .resolvesOnce(listed(summary({ inUseResourceCount: 0 })))
      .resolves(NONE);
    const deps = fakeDeps();

    await onEvent(certificateDelete(), deps);

    expect(deps.sleeps).toEqual([IN_USE_POLL_MS, IN_USE_POLL_MS]);
    expect(IN_USE_POLL_MS).toBe(10_000);
    expect(operations(lightsail)).toEqual(['GetCertificates', 'GetCertificates', 'GetCertificates', 'DeleteCertificate', 'GetCertificates']);
  });

  test('waits 10 s at a time while DeleteCertificate answers that the certificate is in use, then deletes', async () => {
    lightsail.on(GetCertificatesCommand).resolvesOnce(listed(summary())).resolvesOnce(listed(summary())).resolves(NONE);
    lightsail.on(DeleteCertificateCommand)
      .rejectsOnce(invalidInput('The certificate is in use by a distribution'))
      .resolves({});
    const deps = fakeDeps();

    await expect(onEvent(certificateDelete(), deps)).resolves.toEqual({ PhysicalResourceId: PHYSICAL_ID });
    expect(lightsail).toHaveReceivedCommandTimes(DeleteCertificateCommand, 2);
    expect(deps.sleeps).toEqual([10_000]);
    expect(operations(lightsail)).toEqual(['GetCertificates', 'DeleteCertificate', 'GetCertificates', 'DeleteCertificate', 'GetCertificates']);
  });

  test('stops waiting when the certificate disappears while in use', async () => {
    lightsail.on(GetCertificatesCommand).resolvesOnce(listed(summary({ inUseResourceCount: 1 }))).resolves(NONE);

    await expect(onEvent(certificateDelete(), fakeDeps())).resolves.toEqual({ PhysicalResourceId: PHYSICAL_ID });
    expect(lightsail).not.toHaveReceivedCommand(DeleteCertificateCommand);
  });

  test('fails after 10 minutes in use, naming the count', async () => {
    lightsail.on(GetCertificatesCommand).resolves(listed(summary({ inUseResourceCount: 2 })));
    const deps = fakeDeps();

    await expect(onEvent(certificateDelete(), deps)).rejects.toThrow(
      `Certificate "${NAME}" is still in use by 2 resource(s) after 10 minutes; detach it from distributions and container services, then delete again`,
    );
    expect(lightsail).not.toHaveReceivedCommand(DeleteCertificateCommand);
    expect(deps.elapsed()).toBe(IN_USE_BUDGET_MS);
    expect(new Set(deps.sleeps)).toEqual(new Set([10_000]));
  });

  test('fails after 10 minutes of in-use answers from DeleteCertificate, naming at least one resource', async () => {
    lightsail.on(GetCertificatesCommand).resolves(listed(summary()));
    lightsail.on(DeleteCertificateCommand).rejects(sdkInUse());
    const deps = fakeDeps();

    await expect(onEvent(certificateDelete(), deps)).rejects.toThrow(`Certificate "${NAME}" is still in use by 1 resource(s) after 10 minutes`);
    expect(deps.elapsed()).toBe(IN_USE_BUDGET_MS);
    expect(lightsail).toHaveReceivedCommandTimes(DeleteCertificateCommand, IN_USE_BUDGET_MS / IN_USE_POLL_MS + 1);
  });

  test('stops waiting for the certificate to be let go when the invocation has no time left', async () => {
    lightsail.on(GetCertificatesCommand).resolves(listed(summary({ inUseResourceCount: 1 })));
    const deps = fakeDeps({ stopBy: T0 + 100_000 });

    await expect(onEvent(certificateDelete(), deps)).rejects.toThrow('is still in use by 1 resource(s)');
    expect(deps.elapsed()).toBeLessThanOrEqual(100_000 - 45_000);
  });

  test('passes on a DeleteCertificate error that is not about being in use', async () => {
    lightsail.on(GetCertificatesCommand).resolves(listed(summary()));
    lightsail.on(DeleteCertificateCommand).rejects(accessDenied());
    const deps = fakeDeps();

    await expect(onEvent(certificateDelete(), deps)).rejects.toThrow('User is not authorized to perform: lightsail:DeleteCertificate');
    expect(deps.sleeps).toEqual([]);
  });

  test.each([
    ['GetCertificates lists nothing', () => lightsail.on(GetCertificatesCommand).resolves(NONE), 0],
    ['GetCertificates answers NotFoundException', () => lightsail.on(GetCertificatesCommand).rejects(notFound()), 0],
    ['DeleteCertificate answers NotFoundException', () => {
      lightsail.on(GetCertificatesCommand).resolvesOnce(listed(summary())).resolves(NONE);
      lightsail.on(DeleteCertificateCommand).rejects(notFound());
    }, 1],
  ])('a certificate that is not found counts as deleted (%s)', async (_, arrange, deletes) => {
    arrange();

    await expect(onEvent(certificateDelete(), fakeDeps())).resolves.toEqual({ PhysicalResourceId: PHYSICAL_ID });
    expect(lightsail).toHaveReceivedCommandTimes(DeleteCertificateCommand, deletes);
  });

  test('fails when a deleted certificate is still listed after 2 minutes', async () => {
    lightsail.on(GetCertificatesCommand).resolves(listed(summary()));
    const deps = fakeDeps();

    await expect(onEvent(certificateDelete(), deps)).rejects.toThrow(`Certificate "${NAME}" was deleted but is still listed after 2 minutes`);
    expect(lightsail).toHaveReceivedCommandTimes(DeleteCertificateCommand, 1);
    expect(deps.elapsed()).toBeLessThanOrEqual(2 * 60_000);
    expect(deps.elapsed()).toBeGreaterThan(2 * 60_000 - 10_000);
  });
});


/** The message of the error `promise` rejects with; fails the test if it resolves. */
async function failureOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected a failure');
}

/** DeleteCertificate's refusal of a certificate that a distribution still uses. */
function sdkInUse(): Error {
  return invalidInput(`Certificate ${NAME} is currently attached to a distribution and cannot be deleted`);
}
