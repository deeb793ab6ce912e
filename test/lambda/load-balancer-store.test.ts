/** Tests of `lambda/load-balancer-store.ts`: a load balancer's TLS certificates as a certificate store. */
import { CreateLoadBalancerTlsCertificateCommand, DeleteLoadBalancerTlsCertificateCommand, GetLoadBalancerTlsCertificatesCommand, LightsailClient } from '@aws-sdk/client-lightsail';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { fakeDeps, LB_REGION as REGION, lbCertificate, notFound } from './fixtures';
import { asCertificateSummary, LoadBalancerFull, loadBalancerStore, parseLoadBalancerPhysicalId } from '../../lambda/load-balancer-store';
import { recordFor, statusOf } from '../../lambda/summary';

const lightsail = mockClient(LightsailClient);

beforeEach(() => {
  lightsail.reset();
});

describe('a load balancer\'s certificates as a certificate store', () => {
  test('reads them in the certificate shape: flat records become resource records, status and failure reason carried over', async () => {
    const summary = asCertificateSummary(lbCertificate('site', {
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
    lightsail.on(GetLoadBalancerTlsCertificatesCommand).resolves({ tlsCertificates: [lbCertificate('old'), lbCertificate('site-1', { isAttached: true })] });
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
    lightsail.on(GetLoadBalancerTlsCertificatesCommand).resolves({ tlsCertificates: [lbCertificate('site', { isAttached })] });
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
