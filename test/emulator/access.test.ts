import {
  AccessDeniedException,
  CreateCertificateCommand,
  DeleteCertificateCommand,
  GetCertificatesCommand,
  TagResourceCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-lightsail';
import { ChangeResourceRecordSetsCommand, GetChangeCommand, ListResourceRecordSetsCommand, Route53Client } from '@aws-sdk/client-route-53';
import { lightsail, rejectionOf, useEmulator } from './harness';
import { AccessRequest } from '../../test-support/emulator';

/** What the emulator asked; the key `LIMITED` may read and create certificates, change record sets and read changes. */
const asked: AccessRequest[] = [];
const ALLOWED = ['lightsail:GetCertificates', 'lightsail:CreateCertificate', 'route53:ChangeResourceRecordSets', 'route53:GetChange'];
const handle = useEmulator({
  accessCheck: (request) => {
    asked.push(request);
    if (request.accessKeyId !== 'LIMITED' || ALLOWED.includes(request.action)) return undefined;
    return `User: limited is not authorized to perform: ${request.action} on resource: ${request.resource}`;
  },
});
beforeEach(() => {
  asked.length = 0;
});

const credentials = { accessKeyId: 'LIMITED', secretAccessKey: 'secret' };
const limited = (region = 'us-east-1') => lightsail(region, { maxAttempts: 1, credentials });

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
    expect(handle.emu.calls.list({ operation: 'DeleteCertificate' })).toEqual([expect.objectContaining({ outcome: 'AccessDeniedException', httpStatus: 400, accessKeyId: 'LIMITED' })]);
    // Another key may.
    await lightsail().send(new DeleteCertificateCommand({ certificateName: 'c1' }));
    expect(handle.emu.certificate('us-east-1', 'c1')).toBeUndefined();
  });

  test('Route 53: asked with the zone or change ARN and, for a change batch, the condition keys Route 53 sets; a refusal is AccessDenied (403)', async () => {
    handle.emu.route53.addZone('/hostedzone/Z0EXAMPLE', 'example.com');
    const route53 = new Route53Client({ region: 'us-east-1', maxAttempts: 1, credentials });
    const { ChangeInfo } = await route53.send(new ChangeResourceRecordSetsCommand({
      HostedZoneId: 'Z0EXAMPLE',
      ChangeBatch: {
        Changes: [
          { Action: 'UPSERT', ResourceRecordSet: { Name: '_Abc.Example.com.', Type: 'CNAME', TTL: 60, ResourceRecords: [{ Value: '_v.acm-validations.aws.' }] } },
          { Action: 'CREATE', ResourceRecordSet: { Name: 'www.example.com', Type: 'TXT', TTL: 60, ResourceRecords: [{ Value: '"t"' }] } },
        ],
      },
    }));
    await route53.send(new GetChangeCommand({ Id: ChangeInfo!.Id }));
    const error = await rejectionOf(route53.send(new ListResourceRecordSetsCommand({ HostedZoneId: 'Z0EXAMPLE' })));

    const change = ChangeInfo!.Id!.replace('/change/', '');
    expect(asked).toEqual([
      {
        accessKeyId: 'LIMITED',
        action: 'route53:ChangeResourceRecordSets',
        resource: 'arn:aws:route53:::hostedzone/Z0EXAMPLE',
        // The zone's owner, so that IAM can refuse a principal of another account.
        resourceAccount: handle.emu.accountId,
        context: {
          'route53:ChangeResourceRecordSetsActions': ['UPSERT', 'CREATE'],
          'route53:ChangeResourceRecordSetsRecordTypes': ['CNAME', 'TXT'],
          'route53:ChangeResourceRecordSetsNormalizedRecordNames': ['_abc.example.com', 'www.example.com'],
        },
      },
      { accessKeyId: 'LIMITED', action: 'route53:GetChange', resource: `arn:aws:route53:::change/${change}` },
      { accessKeyId: 'LIMITED', action: 'route53:ListResourceRecordSets', resource: 'arn:aws:route53:::hostedzone/Z0EXAMPLE', resourceAccount: handle.emu.accountId },
    ]);
    expect(error.name).toBe('AccessDenied');
    expect(error.$metadata?.httpStatusCode).toBe(403);
    expect(error.message).toBe('User: limited is not authorized to perform: route53:ListResourceRecordSets on resource: arn:aws:route53:::hostedzone/Z0EXAMPLE');
    expect(handle.emu.calls.list({ service: 'route53' }).map((c) => c.outcome)).toEqual(['ok', 'ok', 'AccessDenied']);
    route53.destroy();
  });
});
