import { request } from 'node:http';
import {
  CreateCertificateCommand,
  DeleteCertificateCommand,
  GetCertificatesCommand,
  InvalidInputException,
  NotFoundException,
  TagResourceCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-lightsail';
import { lightsail, rejectionOf, useEmulator } from './harness';

const handle = useEmulator();

describe('NotFoundException', () => {
  test.each([
    ['DeleteCertificate', () => new DeleteCertificateCommand({ certificateName: 'missing' })],
    ['TagResource', () => new TagResourceCommand({ resourceName: 'missing', tags: [{ key: 'a', value: 'b' }] })],
    ['UntagResource', () => new UntagResourceCommand({ resourceName: 'missing', tagKeys: ['a'] })],
  ])('%s of a certificate that does not exist', async (_op, command) => {
    const error = await rejectionOf(lightsail().send(command() as DeleteCertificateCommand));
    expect(error).toBeInstanceOf(NotFoundException);
    expect(error.message).toContain('DoesNotExist');
    expect(error.$metadata?.httpStatusCode).toBe(400);
  });

  test('a certificate of another region is not found', async () => {
    await lightsail('us-east-1').send(new CreateCertificateCommand({ certificateName: 'east', domainName: 'example.com' }));
    expect(await rejectionOf(lightsail('us-west-2').send(new DeleteCertificateCommand({ certificateName: 'east' })))).toBeInstanceOf(NotFoundException);
  });
});

describe('InvalidInputException for input the model refuses', () => {
  const tooMany = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => `${prefix}${i}.example.com`);
  const create = (input: Record<string, unknown>) => new CreateCertificateCommand({ certificateName: 'c', domainName: 'example.com', ...input });
  test.each([
    ['missing certificateName', create({ certificateName: undefined }), /certificateName is required/],
    ['missing domainName', create({ domainName: undefined }), /domainName is required/],
    ['a wildcard primary', create({ domainName: '*.example.com' }), /wildcard/],
    ['a wildcard alternate', create({ subjectAlternativeNames: ['*.example.com'] }), /wildcard/],
    ['ten alternates', create({ subjectAlternativeNames: tooMany(10, 'alt') }), /at most 9/],
    ['an invalid domain', create({ domainName: 'exa mple.com' }), /not a valid domain/],
    ['51 tags', create({ tags: Array.from({ length: 51 }, (_, i) => ({ key: `k${i}`, value: 'v' })) }), /at most 50/],
    ['an empty tag key', create({ tags: [{ key: '', value: 'v' }] }), /1 to 128/],
    ['a 129-character tag key', create({ tags: [{ key: 'k'.repeat(129), value: 'v' }] }), /1 to 128/],
    ['a 257-character tag value', create({ tags: [{ key: 'k', value: 'v'.repeat(257) }] }), /longer than 256/],
    ['a duplicate tag key', create({ tags: [{ key: 'k', value: '1' }, { key: 'k', value: '2' }] }), /more than once/],
    ['an unknown status', new GetCertificatesCommand({ certificateStatuses: ['BOGUS' as never] }), /unknown status BOGUS/],
    ['a page token not issued', new GetCertificatesCommand({ pageToken: 'garbage' }), /pageToken/],
    ['TagResource without tags', new TagResourceCommand({ resourceName: 'abc' } as never), /tags is required/],
    ['UntagResource without tagKeys', new UntagResourceCommand({ resourceName: 'abc' } as never), /tagKeys is required/],
  ])('%s', async (_title, command, message) => {
    const error = await rejectionOf(lightsail().send(command as CreateCertificateCommand));
    expect(error).toBeInstanceOf(InvalidInputException);
    expect(error.message).toMatch(message);
    expect(error.$metadata?.httpStatusCode).toBe(400);
    expect(handle.emu.certificates()).toEqual([]);
  });

  test('nine alternates plus the primary repeated are accepted', async () => {
    const out = await lightsail().send(create({ subjectAlternativeNames: ['example.com', ...tooMany(9, 'alt')] }));
    expect(out.certificate!.certificateDetail!.subjectAlternativeNames).toHaveLength(10);
  });

  test('a name already taken in the region (unverified error)', async () => {
    const client = lightsail();
    await client.send(create({}));
    const error = await rejectionOf(client.send(create({ domainName: 'other.example.com' })));
    expect(error).toBeInstanceOf(InvalidInputException);
    expect(error.message).toMatch(/already exists/);
    expect(handle.emu.certificates()).toHaveLength(1);
  });

  test('TagResource beyond 50 tags in total, or with the ARN of another certificate', async () => {
    const client = lightsail();
    await client.send(create({ certificateName: 'cert', tags: Array.from({ length: 50 }, (_, i) => ({ key: `k${i}`, value: 'v' })) }));
    await client.send(new CreateCertificateCommand({ certificateName: 'other', domainName: 'other.example.com' }));
    const full = await rejectionOf(client.send(new TagResourceCommand({ resourceName: 'cert', tags: [{ key: 'one-more', value: 'v' }] })));
    expect(full).toBeInstanceOf(InvalidInputException);
    expect(full.message).toMatch(/at most 50/);
    // Overwriting an existing key stays within the limit.
    await client.send(new TagResourceCommand({ resourceName: 'cert', tags: [{ key: 'k0', value: 'w' }] }));
    expect(handle.emu.certificate('us-east-1', 'cert')!.tags).toContainEqual({ key: 'k0', value: 'w' });
    const otherArn = handle.emu.certificate('us-east-1', 'other')!.arn;
    const mismatch = await rejectionOf(client.send(new UntagResourceCommand({ resourceName: 'cert', resourceArn: otherArn, tagKeys: ['k0'] })));
    expect(mismatch).toBeInstanceOf(InvalidInputException);
    expect(mismatch.message).toMatch(/is not the ARN/);
  });
});

describe('what the SDK never sends, answered as AWS JSON services do', () => {
  interface RawAnswer {
    readonly status: number;
    readonly headers: Record<string, unknown>;
    readonly body: Record<string, unknown>;
  }
  function post(headers: Record<string, string>, body: string): Promise<RawAnswer> {
    const url = new URL(handle.emu.endpoint);
    return new Promise((resolve, reject) => {
      const req = request({ host: url.hostname, port: url.port, method: 'POST', path: '/', headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: JSON.parse(Buffer.concat(chunks).toString()) }));
      });
      req.on('error', reject);
      req.end(body);
    });
  }
  const signed = {
    'content-type': 'application/x-amz-json-1.1',
    'authorization': 'AWS4-HMAC-SHA256 Credential=AKID/20261129/us-east-1/lightsail/aws4_request, SignedHeaders=host, Signature=0',
  };

  test('an unknown X-Amz-Target: UnknownOperationException', async () => {
    const res = await post({ ...signed, 'x-amz-target': 'Lightsail_20161128.GetInstances' }, '{}');
    expect(res.status).toBe(400);
    expect(res.headers['x-amzn-errortype']).toBe('UnknownOperationException');
    expect(res.body).toMatchObject({ __type: 'UnknownOperationException', message: expect.stringContaining('GetInstances') });
    expect(handle.emu.calls.list()).toEqual([expect.objectContaining({ operation: 'GetInstances', outcome: 'UnknownOperationException' })]);
  });

  test('an unsigned request: UnauthenticatedException', async () => {
    const res = await post({ 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'Lightsail_20161128.GetCertificates' }, '{}');
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ __type: 'UnauthenticatedException', code: expect.any(String), docs: expect.any(String), tip: expect.any(String) });
  });

  test('a body that is not JSON: SerializationException', async () => {
    const res = await post({ ...signed, 'x-amz-target': 'Lightsail_20161128.GetCertificates' }, '{nope');
    expect(res.body).toMatchObject({ __type: 'SerializationException' });
  });

  test('a member of the wrong type: SerializationException', async () => {
    const res = await post({ ...signed, 'x-amz-target': 'Lightsail_20161128.CreateCertificate' }, JSON.stringify({ certificateName: 1, domainName: 'example.com' }));
    expect(res.body).toMatchObject({ __type: 'SerializationException', message: expect.stringContaining('certificateName') });
  });

  test('the region comes from the credential scope', async () => {
    const res = await post({
      ...signed,
      'authorization': 'AWS4-HMAC-SHA256 Credential=AKID/20261129/ap-northeast-1/lightsail/aws4_request, SignedHeaders=host, Signature=0',
      'x-amz-target': 'Lightsail_20161128.CreateCertificate',
    }, JSON.stringify({ certificateName: 'raw', domainName: 'example.com' }));
    expect(res.status).toBe(200);
    expect(handle.emu.certificates().map((c) => c.region)).toEqual(['ap-northeast-1']);
  });
});
