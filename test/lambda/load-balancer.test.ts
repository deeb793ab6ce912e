import {
  AttachLoadBalancerTlsCertificateCommand,
  CreateLoadBalancerTlsCertificateCommand,
  DeleteLoadBalancerTlsCertificateCommand,
  GetLoadBalancerTlsCertificatesCommand,
  LightsailClient,
  LoadBalancerTlsCertificate,
} from '@aws-sdk/client-lightsail';
import type { CdkCustomResourceEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { fakeDeps, notFound, RESPONSE_URL, STACK_ID } from './fixtures';
import { onEvent } from '../../lambda/index';
import { asCertificateSummary, LoadBalancerFull, loadBalancerStore, parseLoadBalancerPhysicalId } from '../../lambda/load-balancer-store';
import { recordFor, statusOf } from '../../lambda/summary';
import { LOAD_BALANCER_ATTACHMENT_RESOURCE_TYPE, LoadBalancerAttachmentProperties } from '../../src/private/contract';

const lightsail = mockClient(LightsailClient);
const REGION = 'eu-west-1';

beforeEach(() => {
  lightsail.reset();
});

const cert = (name: string, more: Partial<LoadBalancerTlsCertificate> = {}): LoadBalancerTlsCertificate =>
  ({ name, arn: `arn:aws:lightsail:${REGION}:123456789012:LoadBalancerTlsCertificate/${name}`, status: 'ISSUED', isAttached: false, ...more });

describe('a load balancer\'s certificates as a certificate store', () => {
  test('reads them in the certificate shape: flat records become resource records, status and failure reason carried over', async () => {
    const summary = asCertificateSummary(cert('site', {
      domainName: 'example.com',
      status: 'FAILED',
      failureReason: 'OTHER',
      domainValidationRecords: [{ domainName: 'example.com', name: '_a.example.com.', type: 'CNAME', value: '_b.acm-validations.aws.' }, { domainName: 'www.example.com' }],
    }));
    expect(statusOf(summary)).toBe('FAILED');
    expect(summary.certificateDetail?.requestFailureReason).toBe('OTHER');
    expect(recordFor(summary, 'example.com')).toEqual({ name: '_a.example.com.', type: 'CNAME', value: '_b.acm-validations.aws.' });
    expect(recordFor(summary, 'www.example.com')).toBeUndefined();
  });

  test('a load balancer that does not exist has no certificates', async () => {
    lightsail.on(GetLoadBalancerTlsCertificatesCommand).rejects(notFound());
    await expect(loadBalancerStore(fakeDeps(), REGION, 'web').find('site')).resolves.toBeUndefined();
  });

  test('creating a third certificate is refused before CreateLoadBalancerTlsCertificate, naming both held', async () => {
    lightsail.on(GetLoadBalancerTlsCertificatesCommand).resolves({ tlsCertificates: [cert('old'), cert('site-1', { isAttached: true })] });
    const creating = loadBalancerStore(fakeDeps(), REGION, 'web').create({ certificateName: 'site-2', domainName: 'example.com', subjectAlternativeNames: [], tags: [] });
    await expect(creating).rejects.toThrow(LoadBalancerFull);
    await expect(creating).rejects.toThrow(/"web" in eu-west-1 already has 2 certificates \("old", "site-1" attached\)/);
    expect(lightsail).not.toHaveReceivedCommand(CreateLoadBalancerTlsCertificateCommand);
  });

  test('creates with the domains and tags on the load balancer', async () => {
    lightsail.on(GetLoadBalancerTlsCertificatesCommand).resolves({ tlsCertificates: [] });
    lightsail.on(CreateLoadBalancerTlsCertificateCommand).resolves({});
    await loadBalancerStore(fakeDeps(), REGION, 'web').create({
      certificateName: 'site', domainName: 'example.com', subjectAlternativeNames: ['www.example.com'], tags: [{ key: 'k', value: 'v' }],
    });
    expect(lightsail).toHaveReceivedCommandWith(CreateLoadBalancerTlsCertificateCommand, {
      loadBalancerName: 'web', certificateName: 'site', certificateDomainName: 'example.com', certificateAlternativeNames: ['www.example.com'], tags: [{ key: 'k', value: 'v' }],
    });
  });

  test.each([true, false])('deletes with force exactly when the certificate is attached (%s); gone is deleted', async (isAttached) => {
    lightsail.on(GetLoadBalancerTlsCertificatesCommand).resolves({ tlsCertificates: [cert('site', { isAttached })] });
    lightsail.on(DeleteLoadBalancerTlsCertificateCommand).resolves({});
    const store = loadBalancerStore(fakeDeps(), REGION, 'web');
    await store.delete('site');
    expect(lightsail).toHaveReceivedCommandWith(DeleteLoadBalancerTlsCertificateCommand, { loadBalancerName: 'web', certificateName: 'site', force: isAttached });
    await store.delete('other');
    expect(lightsail).toHaveReceivedCommandTimes(DeleteLoadBalancerTlsCertificateCommand, 1);
  });

  test('tags can\'t change after creation; no change calls nothing', async () => {
    const store = loadBalancerStore(fakeDeps(), REGION, 'web');
    await expect(store.applyTags('site', { set: [], remove: [] })).resolves.toBeUndefined();
    await expect(store.applyTags('site', { set: [{ key: 'k', value: 'v' }], remove: [] })).rejects.toThrow(/set when it is created/);
  });

  test('physical ids name region, load balancer and certificate, and nothing else parses', () => {
    const id = loadBalancerStore(fakeDeps(), REGION, 'web').physicalId('site');
    expect(id).toBe('lightsail-load-balancer-certificate:eu-west-1:web:site');
    expect(parseLoadBalancerPhysicalId(id)).toEqual({ region: REGION, loadBalancerName: 'web', certificateName: 'site' });
    expect(parseLoadBalancerPhysicalId('lightsail-certificate:eu-west-1:site')).toBeUndefined();
    expect(parseLoadBalancerPhysicalId(undefined)).toBeUndefined();
  });
});

function attachment(requestType: 'Create' | 'Update' | 'Delete', certificateName: string, physicalId = ''): CdkCustomResourceEvent<LoadBalancerAttachmentProperties & { ServiceToken: string }> {
  const props = { ServiceToken: 'arn:aws:lambda:eu-west-1:123456789012:function:provider', LoadBalancerName: 'web', Region: REGION, CertificateName: certificateName };
  const common = {
    ServiceToken: props.ServiceToken,
    ResponseURL: RESPONSE_URL,
    StackId: STACK_ID,
    RequestId: 'b6f1e9c8-0000-4000-8000-000000000010',
    LogicalResourceId: 'LbCertAttachment1A2B3C4D',
    ResourceType: LOAD_BALANCER_ATTACHMENT_RESOURCE_TYPE,
    ResourceProperties: props,
  };
  if (requestType === 'Create') return { ...common, RequestType: 'Create' };
  if (requestType === 'Update') return { ...common, RequestType: 'Update', PhysicalResourceId: physicalId, OldResourceProperties: props };
  return { ...common, RequestType: 'Delete', PhysicalResourceId: physicalId };
}

describe('the attachment', () => {
  test('attaches once, remembers the certificate attached before, and answers the name', async () => {
    lightsail.on(GetLoadBalancerTlsCertificatesCommand)
      .resolvesOnce({ tlsCertificates: [cert('console', { isAttached: true }), cert('site')] })
      .resolves({ tlsCertificates: [cert('console'), cert('site', { isAttached: true })] });
    lightsail.on(AttachLoadBalancerTlsCertificateCommand).resolves({});
    const answer = await onEvent(attachment('Create', 'site'), fakeDeps());
    expect(answer).toEqual({
      PhysicalResourceId: 'lightsail-load-balancer-certificate-attachment:eu-west-1:web:site:console',
      Data: { CertificateName: 'site', PreviousCertificateName: 'console' },
    });
    expect(lightsail).toHaveReceivedCommandTimes(AttachLoadBalancerTlsCertificateCommand, 1);
  });

  test('an Update on the same load balancer keeps the first "before"', async () => {
    lightsail.on(GetLoadBalancerTlsCertificatesCommand).resolves({ tlsCertificates: [cert('site-1'), cert('site-2', { isAttached: true })] });
    const answer = await onEvent(attachment('Update', 'site-2', 'lightsail-load-balancer-certificate-attachment:eu-west-1:web:site-1:console'), fakeDeps());
    expect(answer.PhysicalResourceId).toBe('lightsail-load-balancer-certificate-attachment:eu-west-1:web:site-2:console');
    expect(lightsail).not.toHaveReceivedCommand(AttachLoadBalancerTlsCertificateCommand);
  });

  test('a certificate the load balancer does not have fails, naming both', async () => {
    lightsail.on(GetLoadBalancerTlsCertificatesCommand).resolves({ tlsCertificates: [] });
    await expect(onEvent(attachment('Create', 'site'), fakeDeps())).rejects.toThrow('Load balancer "web" in eu-west-1 has no certificate "site" to attach');
  });

  test.each([
    ['ours attached, the one before ISSUED: re-attached', [cert('console'), cert('site', { isAttached: true })], 1],
    ['another attached since: nothing undone', [cert('console'), cert('site'), cert('newer', { isAttached: true })], 0],
    ['the one before expired: not re-attached', [cert('console', { status: 'EXPIRED' }), cert('site', { isAttached: true })], 0],
    ['the one before gone: not re-attached', [cert('site', { isAttached: true })], 0],
  ] as const)('Delete, %s', async (_, held, attaches) => {
    lightsail.on(GetLoadBalancerTlsCertificatesCommand).resolves({ tlsCertificates: [...held] });
    lightsail.on(AttachLoadBalancerTlsCertificateCommand).resolves({});
    await onEvent(attachment('Delete', 'site', 'lightsail-load-balancer-certificate-attachment:eu-west-1:web:site:console'), fakeDeps());
    expect(lightsail).toHaveReceivedCommandTimes(AttachLoadBalancerTlsCertificateCommand, attaches);
    if (attaches) expect(lightsail).toHaveReceivedCommandWith(AttachLoadBalancerTlsCertificateCommand, { loadBalancerName: 'web', certificateName: 'console' });
  });

  test('Delete with nothing before, or an id it did not mint, calls nothing', async () => {
    await onEvent(attachment('Delete', 'site', 'lightsail-load-balancer-certificate-attachment:eu-west-1:web:site:'), fakeDeps());
    await onEvent(attachment('Delete', 'site', 'AWSCDK::CustomResourceProviderFramework::CREATE_FAILED'), fakeDeps());
    expect(lightsail.calls()).toHaveLength(0);
  });

  test('the one before deleted between the read and the attach: left as it is', async () => {
    lightsail.on(GetLoadBalancerTlsCertificatesCommand).resolves({ tlsCertificates: [cert('console'), cert('site', { isAttached: true })] });
    lightsail.on(AttachLoadBalancerTlsCertificateCommand).rejects(notFound());
    await expect(onEvent(attachment('Delete', 'site', 'lightsail-load-balancer-certificate-attachment:eu-west-1:web:site:console'), fakeDeps())).resolves.toBeDefined();
  });
});
