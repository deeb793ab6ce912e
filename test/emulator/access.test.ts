import {
  AccessDeniedException,
  CreateCertificateCommand,
  DeleteCertificateCommand,
  GetCertificatesCommand,
  TagResourceCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-lightsail';
import { lightsail, rejectionOf, useEmulator } from './harness';
import { AccessRequest } from '../../test-support/emulator';

/** What the emulator asked; the key `LIMITED` may only read and create. */
const asked: AccessRequest[] = [];
const handle = useEmulator({
  accessCheck: (request) => {
    asked.push(request);
    if (request.accessKeyId !== 'LIMITED' || ['lightsail:GetCertificates', 'lightsail:CreateCertificate'].includes(request.action)) return undefined;
    return `User: limited is not authorized to perform: ${request.action} on resource: ${request.resource}`;
  },
});
beforeEach(() => {
  asked.length = 0;
});

const limited = (region = 'us-east-1') => lightsail(region, { maxAttempts: 1, credentials: { accessKeyId: 'LIMITED', secretAccessKey: 'secret' } });

describe('accessCheck: IAM on every call', () => {
  test('each call is asked about with its signing key, its action and the resource: the named certificate, else any in the region, else "*"', async () => {
    const created = await limited('eu-central-1').send(new CreateCertificateCommand({ certificateName: 'c1', domainName: 'example.com' }));
    await limited('eu-central-1').send(new GetCertificatesCommand({ certificateName: 'c1' }));
    await rejectionOf(limited('eu-central-1').send(new TagResourceCommand({ resourceName: 'c1', tags: [{ key: 'a', value: 'b' }] })));
    await rejectionOf(limited('eu-central-1').send(new UntagResourceCommand({ resourceName: 'missing', tagKeys: ['a'] })));
    await rejectionOf(limited('eu-central-1').send(new DeleteCertificateCommand({ certificateName: 'c1' })));

    const arn = created.certificate!.certificateArn!;
    expect(arn).toMatch(/^arn:aws:lightsail:eu-central-1:123456789012:Certificate\//);
    expect(asked).toEqual([
      { accessKeyId: 'LIMITED', action: 'lightsail:CreateCertificate', resource: '*' },
      { accessKeyId: 'LIMITED', action: 'lightsail:GetCertificates', resource: '*' },
      { accessKeyId: 'LIMITED', action: 'lightsail:TagResource', resource: arn },
      { accessKeyId: 'LIMITED', action: 'lightsail:UntagResource', resource: 'arn:aws:lightsail:eu-central-1:123456789012:Certificate/*' },
      { accessKeyId: 'LIMITED', action: 'lightsail:DeleteCertificate', resource: arn },
    ]);
  });

  test('a refused call is AccessDeniedException (HTTP 400) with the message, logged, and changes nothing', async () => {
    await limited().send(new CreateCertificateCommand({ certificateName: 'c1', domainName: 'example.com' }));

    const error = await rejectionOf(limited().send(new DeleteCertificateCommand({ certificateName: 'c1' })));

    expect(error).toBeInstanceOf(AccessDeniedException);
    expect(error.$metadata?.httpStatusCode).toBe(400);
    expect(error.message).toMatch(/^User: limited is not authorized to perform: lightsail:DeleteCertificate on resource: arn:aws:lightsail:us-east-1:/);
    expect(error).toMatchObject({ code: 'AccessDenied' });
    expect(handle.emu.certificate('us-east-1', 'c1')).toBeDefined();
    expect(handle.emu.calls.list({ operation: 'DeleteCertificate' })).toEqual([expect.objectContaining({ outcome: 'AccessDeniedException', httpStatus: 400 })]);
    // Another key may.
    await lightsail().send(new DeleteCertificateCommand({ certificateName: 'c1' }));
    expect(handle.emu.certificate('us-east-1', 'c1')).toBeUndefined();
  });
});
