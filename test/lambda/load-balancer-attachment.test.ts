/** Tests of `lambda/load-balancer-attachment.ts`: attaching the certificate, and giving the load balancer back the one before. */
import { AttachLoadBalancerTlsCertificateCommand, GetLoadBalancerTlsCertificatesCommand, LightsailClient } from '@aws-sdk/client-lightsail';
import type { CdkCustomResourceEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { fakeDeps, LB_REGION as REGION, lbCertificate, notFound, RESPONSE_URL, STACK_ID } from './fixtures';
import { onEvent } from '../../lambda/index';
import { LOAD_BALANCER_ATTACHMENT_RESOURCE_TYPE, LoadBalancerAttachmentProperties } from '../../src/private/contract';

const lightsail = mockClient(LightsailClient);

beforeEach(() => {
  lightsail.reset();
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
      .resolvesOnce({ tlsCertificates: [lbCertificate('console', { isAttached: true }), lbCertificate('site')] })
      .resolves({ tlsCertificates: [lbCertificate('console'), lbCertificate('site', { isAttached: true })] });
    lightsail.on(AttachLoadBalancerTlsCertificateCommand).resolves({});
    const answer = await onEvent(attachment('Create', 'site'), fakeDeps());
    expect(answer).toEqual({
      PhysicalResourceId: 'lightsail-load-balancer-certificate-attachment:eu-west-1:web:site:console',
      Data: { CertificateName: 'site', PreviousCertificateName: 'console' },
    });
    expect(lightsail).toHaveReceivedCommandTimes(AttachLoadBalancerTlsCertificateCommand, 1);
  });

  test('an Update on the same load balancer keeps the first "before"', async () => {
    lightsail.on(GetLoadBalancerTlsCertificatesCommand).resolves({ tlsCertificates: [lbCertificate('site-1'), lbCertificate('site-2', { isAttached: true })] });
    const answer = await onEvent(attachment('Update', 'site-2', 'lightsail-load-balancer-certificate-attachment:eu-west-1:web:site-1:console'), fakeDeps());
    expect(answer.PhysicalResourceId).toBe('lightsail-load-balancer-certificate-attachment:eu-west-1:web:site-2:console');
    expect(lightsail).not.toHaveReceivedCommand(AttachLoadBalancerTlsCertificateCommand);
  });

  test('a certificate the load balancer does not have fails, naming both', async () => {
    lightsail.on(GetLoadBalancerTlsCertificatesCommand).resolves({ tlsCertificates: [] });
    await expect(onEvent(attachment('Create', 'site'), fakeDeps())).rejects.toThrow('Load balancer "web" in eu-west-1 has no certificate "site" to attach');
  });

  test.each([
    ['ours attached, the one before ISSUED: re-attached', [lbCertificate('console'), lbCertificate('site', { isAttached: true })], 1],
    ['another attached since: nothing undone', [lbCertificate('console'), lbCertificate('site'), lbCertificate('newer', { isAttached: true })], 0],
    ['the one before expired: not re-attached', [lbCertificate('console', { status: 'EXPIRED' }), lbCertificate('site', { isAttached: true })], 0],
    ['the one before gone: not re-attached', [lbCertificate('site', { isAttached: true })], 0],
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
    lightsail.on(GetLoadBalancerTlsCertificatesCommand).resolves({ tlsCertificates: [lbCertificate('console'), lbCertificate('site', { isAttached: true })] });
    lightsail.on(AttachLoadBalancerTlsCertificateCommand).rejects(notFound());
    await expect(onEvent(attachment('Delete', 'site', 'lightsail-load-balancer-certificate-attachment:eu-west-1:web:site:console'), fakeDeps())).resolves.toBeDefined();
  });
});
