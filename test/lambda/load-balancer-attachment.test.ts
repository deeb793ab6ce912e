/** Tests of `lambda/load-balancer-attachment.ts`: attaching the certificate, and giving the load balancer back the one before. */
import { AttachLoadBalancerTlsCertificateCommand, GetLoadBalancerTlsCertificatesCommand, LightsailClient } from '@aws-sdk/client-lightsail';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { fakeDeps, LB_REGION as REGION, lbCertificate, notFound } from './fixtures';
import { eventsOf } from './target-fixtures';
import { onEvent } from '../../lambda/index';
import { LOAD_BALANCER_ATTACHMENT_RESOURCE_TYPE, LoadBalancerAttachmentProperties } from '../../src/private/contract';

const lightsail = mockClient(LightsailClient);

beforeEach(() => {
  lightsail.reset();
});

const ATTACHMENT = eventsOf<LoadBalancerAttachmentProperties>(
  LOAD_BALANCER_ATTACHMENT_RESOURCE_TYPE, 'LbCertAttachment1A2B3C4D', { LoadBalancerName: 'web', Region: REGION, CertificateName: 'site' },
);

describe('the attachment', () => {
  test('attaches once, remembers the certificate attached before, and answers the name', async () => {
    lightsail.on(GetLoadBalancerTlsCertificatesCommand)
      .resolvesOnce({ tlsCertificates: [lbCertificate('console', { isAttached: true }), lbCertificate('site')] })
      .resolves({ tlsCertificates: [lbCertificate('console'), lbCertificate('site', { isAttached: true })] });
    lightsail.on(AttachLoadBalancerTlsCertificateCommand).resolves({});
    const answer = await onEvent(ATTACHMENT.create(), fakeDeps());
    expect(answer).toEqual({
      PhysicalResourceId: 'lightsail-load-balancer-certificate-attachment:eu-west-1:web:site:console',
      Data: { CertificateName: 'site', PreviousCertificateName: 'console' },
    });
    expect(lightsail).toHaveReceivedCommandTimes(AttachLoadBalancerTlsCertificateCommand, 1);
  });

  test('an Update on the same load balancer keeps the first "before"', async () => {
    lightsail.on(GetLoadBalancerTlsCertificatesCommand).resolves({ tlsCertificates: [lbCertificate('site-1'), lbCertificate('site-2', { isAttached: true })] });
    const answer = await onEvent(ATTACHMENT.update('lightsail-load-balancer-certificate-attachment:eu-west-1:web:site-1:console', { CertificateName: 'site-2' }, { CertificateName: 'site-1' }), fakeDeps());
    expect(answer.PhysicalResourceId).toBe('lightsail-load-balancer-certificate-attachment:eu-west-1:web:site-2:console');
    expect(lightsail).not.toHaveReceivedCommand(AttachLoadBalancerTlsCertificateCommand);
  });

  test('a certificate the load balancer does not have fails, naming both', async () => {
    lightsail.on(GetLoadBalancerTlsCertificatesCommand).resolves({ tlsCertificates: [] });
    await expect(onEvent(ATTACHMENT.create(), fakeDeps())).rejects.toThrow('Load balancer "web" in eu-west-1 has no certificate "site" to attach');
  });

  test.each([
    ['ours attached, the one before ISSUED: re-attached', [lbCertificate('console'), lbCertificate('site', { isAttached: true })], 1],
    ['another attached since: nothing undone', [lbCertificate('console'), lbCertificate('site'), lbCertificate('newer', { isAttached: true })], 0],
    ['the one before expired: not re-attached', [lbCertificate('console', { status: 'EXPIRED' }), lbCertificate('site', { isAttached: true })], 0],
    ['the one before gone: not re-attached', [lbCertificate('site', { isAttached: true })], 0],
  ] as const)('Delete, %s', async (_, held, attaches) => {
    lightsail.on(GetLoadBalancerTlsCertificatesCommand).resolves({ tlsCertificates: [...held] });
    lightsail.on(AttachLoadBalancerTlsCertificateCommand).resolves({});
    await onEvent(ATTACHMENT.delete('lightsail-load-balancer-certificate-attachment:eu-west-1:web:site:console'), fakeDeps());
    expect(lightsail).toHaveReceivedCommandTimes(AttachLoadBalancerTlsCertificateCommand, attaches);
    if (attaches) expect(lightsail).toHaveReceivedCommandWith(AttachLoadBalancerTlsCertificateCommand, { loadBalancerName: 'web', certificateName: 'console' });
  });

  test('Delete with nothing before, or an id it did not mint, calls nothing', async () => {
    await onEvent(ATTACHMENT.delete('lightsail-load-balancer-certificate-attachment:eu-west-1:web:site:'), fakeDeps());
    await onEvent(ATTACHMENT.delete('AWSCDK::CustomResourceProviderFramework::CREATE_FAILED'), fakeDeps());
    expect(lightsail.calls()).toHaveLength(0);
  });

  test('the one before deleted between the read and the attach: left as it is', async () => {
    lightsail.on(GetLoadBalancerTlsCertificatesCommand).resolves({ tlsCertificates: [lbCertificate('console'), lbCertificate('site', { isAttached: true })] });
    lightsail.on(AttachLoadBalancerTlsCertificateCommand).rejects(notFound());
    await expect(onEvent(ATTACHMENT.delete('lightsail-load-balancer-certificate-attachment:eu-west-1:web:site:console'), fakeDeps())).resolves.toBeDefined();
  });
});
