import {
  CreateCertificateCommand,
  DeleteCertificateCommand,
  GetCertificatesCommand,
  GetCertificatesCommandOutput,
  LightsailClient,
  TagResourceCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-lightsail';
import { lightsail, useEmulator } from './harness';
import { validationRecordFor } from '../../test-support/emulator';

const handle = useEmulator();

describe('the SDK reaches the emulator', () => {
  test('through AWS_ENDPOINT_URL_LIGHTSAIL alone (no endpoint in the client config)', async () => {
    const client = new LightsailClient({});
    await client.send(new GetCertificatesCommand({}));
    expect(handle.emu.calls.list()).toEqual([expect.objectContaining({ operation: 'GetCertificates', region: 'us-east-1', outcome: 'ok' })]);
  });

  test('through an explicit endpoint as well', async () => {
    const client = new LightsailClient({ region: 'eu-west-1', endpoint: handle.emu.endpoint });
    await client.send(new GetCertificatesCommand({}));
    expect(handle.emu.calls.list()).toEqual([expect.objectContaining({ region: 'eu-west-1' })]);
  });
});

describe('CreateCertificate', () => {
  test('returns the summary, the full detail and one operation', async () => {
    const out = await lightsail().send(new CreateCertificateCommand({
      certificateName: 'site',
      domainName: 'example.com',
      subjectAlternativeNames: ['www.example.com', 'EXAMPLE.com'],
      tags: [{ key: 'team', value: 'web' }, { key: 'flag' }],
    }));
    const cert = out.certificate!;
    expect(cert.certificateName).toBe('site');
    expect(cert.certificateArn).toMatch(/^arn:aws:lightsail:us-east-1:123456789012:Certificate\/[0-9a-f-]{36}$/);
    expect(cert.tags).toEqual([{ key: 'team', value: 'web' }, { key: 'flag' }]);
    const detail = cert.certificateDetail!;
    expect(detail).toMatchObject({
      arn: cert.certificateArn,
      name: 'site',
      domainName: 'example.com',
      status: 'PENDING_VALIDATION',
      // The primary is added by the service itself; the repeated primary (other case) is dropped.
      subjectAlternativeNames: ['example.com', 'www.example.com'],
      inUseResourceCount: 0,
      keyAlgorithm: 'RSA-2048',
      issuerCA: 'Amazon',
    });
    expect(detail.createdAt).toBeInstanceOf(Date);
    expect(Math.abs(detail.createdAt!.getTime() - Date.now())).toBeLessThan(5000);
    expect(detail.domainValidationRecords).toEqual([
      { domainName: 'example.com', resourceRecord: validationRecordFor('example.com', '123456789012'), validationStatus: 'PENDING_VALIDATION' },
      { domainName: 'www.example.com', resourceRecord: validationRecordFor('www.example.com', '123456789012'), validationStatus: 'PENDING_VALIDATION' },
    ]);
    expect(out.operations).toEqual([expect.objectContaining({
      resourceName: 'site',
      resourceType: 'Certificate',
      operationType: 'CreateCertificate',
      status: 'Succeeded',
      isTerminal: true,
      location: { availabilityZone: 'all', regionName: 'us-east-1' },
    })]);
  });

  test('validation records: one CNAME per domain, distinct per domain, deterministic', async () => {
    const a = validationRecordFor('a.example.com', '123456789012');
    const b = validationRecordFor('b.example.com', '123456789012');
    expect(a.type).toBe('CNAME');
    expect(a.name).toMatch(/^_[0-9a-f]{32}\.a\.example\.com\.$/);
    expect(a.value).toMatch(/^_[0-9a-f]{32}\.[a-p]{10}\.acm-validations\.aws\.$/);
    expect(b.name).not.toBe(a.name);
    expect(b.value).not.toBe(a.value);
    expect(validationRecordFor('A.Example.COM', '123456789012')).toEqual(a);
    expect(validationRecordFor('a.example.com', '210987654321').value).not.toBe(a.value);
  });
});

describe('GetCertificates', () => {
  beforeEach(async () => {
    const client = lightsail();
    for (const name of ['c1', 'c2', 'c3', 'c4', 'c5']) {
      await client.send(new CreateCertificateCommand({ certificateName: name, domainName: `${name}.example.com`, tags: [{ key: 'n', value: name }] }));
    }
  });

  test('without includeCertificateDetails: only ARN, name, domain and tags', async () => {
    const out = await lightsail().send(new GetCertificatesCommand({ certificateName: 'c2' }));
    expect(out.certificates).toEqual([{
      certificateArn: expect.stringContaining(':Certificate/'),
      certificateName: 'c2',
      domainName: 'c2.example.com',
      tags: [{ key: 'n', value: 'c2' }],
    }]);
  });

  test('with includeCertificateDetails: the detail too', async () => {
    const out = await lightsail().send(new GetCertificatesCommand({ certificateName: 'c2', includeCertificateDetails: true }));
    expect(out.certificates![0].certificateDetail).toMatchObject({ name: 'c2', status: 'PENDING_VALIDATION' });
  });

  test('a name that does not exist gives an empty list (default)', async () => {
    const out = await lightsail().send(new GetCertificatesCommand({ certificateName: 'nope' }));
    expect(out.certificates).toEqual([]);
    expect(out.nextPageToken).toBeUndefined();
  });

  test('pages of 10 with nextPageToken / pageToken', async () => {
    const client = lightsail();
    for (let i = 6; i <= 12; i++) await client.send(new CreateCertificateCommand({ certificateName: `c${i}`, domainName: `c${i}.example.com` }));
    const names: string[][] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const out: GetCertificatesCommandOutput = await client.send(new GetCertificatesCommand({ pageToken: token }));
      names.push(out.certificates!.map((c) => c.certificateName!));
      token = out.nextPageToken;
      pages += 1;
    } while (token && pages < 10);
    expect(names).toEqual([['c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7', 'c8', 'c9', 'c10'], ['c11', 'c12']]);
    expect(handle.emu.calls.count({ operation: 'GetCertificates' })).toBe(2);
  });

  test('a certificate deleted between pages skips nothing else', async () => {
    const client = lightsail();
    for (let i = 6; i <= 12; i++) await client.send(new CreateCertificateCommand({ certificateName: `c${i}`, domainName: `c${i}.example.com` }));
    const first = await client.send(new GetCertificatesCommand({}));
    await client.send(new DeleteCertificateCommand({ certificateName: 'c11' }));
    const second = await client.send(new GetCertificatesCommand({ pageToken: first.nextPageToken }));
    expect(second.certificates!.map((c) => c.certificateName)).toEqual(['c12']);
  });

  test('filters by status', async () => {
    handle.emu.dns.upsert(validationRecordFor('c3.example.com', '123456789012'));
    handle.emu.setStatus('us-east-1', 'c5', 'REVOKED');
    const client = lightsail();
    const issued = await client.send(new GetCertificatesCommand({ certificateStatuses: ['ISSUED'], includeCertificateDetails: true }));
    expect(issued.certificates!.map((c) => [c.certificateName, c.certificateDetail?.status])).toEqual([['c3', 'ISSUED']]);
    const several = await client.send(new GetCertificatesCommand({ certificateStatuses: ['ISSUED', 'REVOKED'] }));
    expect(several.certificates!.map((c) => c.certificateName)).toEqual(['c3', 'c5']);
    const pendingByName = await client.send(new GetCertificatesCommand({ certificateName: 'c3', certificateStatuses: ['PENDING_VALIDATION'] }));
    expect(pendingByName.certificates).toEqual([]);
  });
});

describe('DeleteCertificate', () => {
  test('deletes, and the certificate is gone', async () => {
    const client = lightsail();
    await client.send(new CreateCertificateCommand({ certificateName: 'gone', domainName: 'example.com' }));
    const out = await client.send(new DeleteCertificateCommand({ certificateName: 'gone' }));
    expect(out.operations).toEqual([expect.objectContaining({ operationType: 'DeleteCertificate', resourceName: 'gone' })]);
    expect((await client.send(new GetCertificatesCommand({ certificateName: 'gone' }))).certificates).toEqual([]);
    expect(handle.emu.certificates()).toEqual([]);
  });
});

describe('TagResource and UntagResource', () => {
  test('add, overwrite and remove tags in place', async () => {
    const client = lightsail();
    const created = await client.send(new CreateCertificateCommand({ certificateName: 'tagged', domainName: 'example.com', tags: [{ key: 'a', value: '1' }] }));
    const tagged = await client.send(new TagResourceCommand({
      resourceName: 'tagged',
      resourceArn: created.certificate!.certificateArn,
      tags: [{ key: 'a', value: '2' }, { key: 'b', value: 'x y+z=.:/@_-' }],
    }));
    expect(tagged.operations).toEqual([expect.objectContaining({ operationType: 'TagResource' })]);
    await client.send(new UntagResourceCommand({ resourceName: 'tagged', tagKeys: ['a', 'not-there'] }));
    expect(handle.emu.certificate('us-east-1', 'tagged')!.tags).toEqual([{ key: 'b', value: 'x y+z=.:/@_-' }]);
    expect(handle.emu.certificate('us-east-1', 'tagged')!.arn).toBe(created.certificate!.certificateArn);
  });
});

describe('regions', () => {
  test('the same name lives separately in two regions, each with its own ARN', async () => {
    const east = lightsail('us-east-1');
    const west = lightsail('eu-west-1');
    await east.send(new CreateCertificateCommand({ certificateName: 'shared', domainName: 'east.example.com' }));
    await west.send(new CreateCertificateCommand({ certificateName: 'shared', domainName: 'west.example.com' }));
    const e = await east.send(new GetCertificatesCommand({ certificateName: 'shared' }));
    const w = await west.send(new GetCertificatesCommand({ certificateName: 'shared' }));
    expect(e.certificates![0]).toMatchObject({ domainName: 'east.example.com', certificateArn: expect.stringContaining(':us-east-1:') });
    expect(w.certificates![0]).toMatchObject({ domainName: 'west.example.com', certificateArn: expect.stringContaining(':eu-west-1:') });
    await west.send(new DeleteCertificateCommand({ certificateName: 'shared' }));
    expect(handle.emu.certificates().map((c) => [c.region, c.name])).toEqual([['us-east-1', 'shared']]);
    expect(handle.emu.calls.count({ region: 'eu-west-1' })).toBe(3);
  });
});
