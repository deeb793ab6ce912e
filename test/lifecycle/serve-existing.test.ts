/**
 * Serving what exists outside the app, on the emulator: a distribution and a container service made
 * in the console, by name. The certificate is attached (or its domains added) once ISSUED, the records
 * follow; a replaced certificate and a changed target are followed; destroy gives back exactly what
 * was taken (the distribution's earlier certificate re-attached, the service's other domains kept).
 */
import { Stack } from 'aws-cdk-lib';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { certificates, STACK_NAME, synth, useLocalLightsail } from './harness';
import { CertificateValidation, DomainTarget, LightsailCertificate, LightsailDomainRecords } from '../../src';
import { DistributionAttachMode, MODE_VALUES } from '../../test-support/emulator';

const env = useLocalLightsail();

/** Where the A (and AAAA) records of the apex and www point. */
function served(type = 'A'): Record<string, string | undefined> {
  return Object.fromEntries(['example.com.', 'www.example.com.'].map((name) => [name, env.emulator.dns.get(name, type)?.value]));
}

/** Certificates as `name inUseResourceCount`. */
const inUse = () => certificates(env.emulator).map((c) => `${c.name} ${c.inUseResourceCount}`);

function build(target: DomainTarget, certificateName: string, region: string, domainNames?: string[]) {
  return synth((stack: Stack) => {
    const zone = new route53.PublicHostedZone(stack, 'Zone', { zoneName: 'example.com' });
    const certificate = new LightsailCertificate(stack, 'Certificate', {
      domainName: 'example.com',
      subjectAlternativeNames: ['www.example.com'],
      region,
      certificateName,
      validation: CertificateValidation.fromRoute53(zone),
    });
    new LightsailDomainRecords(stack, 'Records', { certificate, target, zone, domainNames });
  }, STACK_NAME, region);
}

describe.each(MODE_VALUES.distributionAttach)('an existing distribution (attach %s)', (distributionAttach: DistributionAttachMode) => {
  test('attached once ISSUED; a new certificate and another distribution are followed; destroy re-attaches the certificate it had', async () => {
    const local = await env.restart({ emulator: { modes: { distributionAttach } } });
    local.emulator.seedCertificate({ region: 'us-east-1', name: 'console-cert', domainName: 'shop.example.net' });
    const shop = local.emulator.addDistribution('shop', { certificateName: 'console-cert' });
    const blog = local.emulator.addDistribution('blog');
    const certificateOf = (name: string) => local.emulator.distribution(name)!.certificateName;

    const created = await local.deploy(build(DomainTarget.fromDistributionName('shop'), 'site-1', 'us-east-1'), STACK_NAME);
    expect(created.status).toBe('CREATE_COMPLETE');
    expect(certificateOf('shop')).toBe('site-1');
    expect(served()).toEqual({ 'example.com.': shop.domainName, 'www.example.com.': shop.domainName });
    expect(served('AAAA')).toEqual({ 'example.com.': shop.domainName, 'www.example.com.': shop.domainName });
    expect(inUse()).toEqual(['console-cert 0', 'site-1 1']);

    // A new certificate name replaces the certificate: the new one is attached, the old one deleted.
    expect((await local.deploy(build(DomainTarget.fromDistributionName('shop'), 'site-2', 'us-east-1'), STACK_NAME)).status).toBe('UPDATE_COMPLETE');
    expect(certificateOf('shop')).toBe('site-2');
    expect(inUse()).toEqual(['console-cert 0', 'site-2 1']);

    // Another distribution: the first gets its own certificate back, the records follow.
    expect((await local.deploy(build(DomainTarget.fromDistributionName('blog'), 'site-2', 'us-east-1'), STACK_NAME)).status).toBe('UPDATE_COMPLETE');
    expect([certificateOf('shop'), certificateOf('blog')]).toEqual(['console-cert', 'site-2']);
    expect(served()).toEqual({ 'example.com.': blog.domainName, 'www.example.com.': blog.domainName });
    expect(inUse()).toEqual(['console-cert 1', 'site-2 1']);

    expect((await local.destroy(STACK_NAME)).status).toBe('DELETE_COMPLETE');
    expect([certificateOf('shop'), certificateOf('blog')]).toEqual(['console-cert', undefined]);
    expect(inUse()).toEqual(['console-cert 1']);
    expect(local.emulator.dns.list()).toEqual([]);
  });
});

describe('an existing container service', () => {
  const domainsOf = (name: string) => env.emulator.containerService('eu-west-1', name)!.publicDomainNames;

  test('the domains are added beside the others; a new certificate and another service are followed; destroy removes only them', async () => {
    env.emulator.seedCertificate({ region: 'eu-west-1', name: 'api-cert', domainName: 'api.example.org' });
    const app = env.emulator.addContainerService('eu-west-1', 'app', { 'api-cert': ['api.example.org'] });
    const next = env.emulator.addContainerService('eu-west-1', 'app-2');
    const host = (service: typeof app) => new URL(service.url).host;

    const created = await env.local.deploy(build(DomainTarget.fromContainerServiceName('app'), 'site-1', 'eu-west-1'), STACK_NAME);
    expect(created.status).toBe('CREATE_COMPLETE');
    expect(domainsOf('app')).toEqual({ 'api-cert': ['api.example.org'], 'site-1': ['example.com', 'www.example.com'] });
    expect(served()).toEqual({ 'example.com.': host(app), 'www.example.com.': host(app) });
    expect(served('AAAA')).toEqual({ 'example.com.': undefined, 'www.example.com.': undefined });
    expect(inUse()).toEqual(['api-cert 1', 'site-1 1']);

    expect((await env.local.deploy(build(DomainTarget.fromContainerServiceName('app'), 'site-2', 'eu-west-1'), STACK_NAME)).status).toBe('UPDATE_COMPLETE');
    expect(domainsOf('app')).toEqual({ 'api-cert': ['api.example.org'], 'site-2': ['example.com', 'www.example.com'] });
    expect(inUse()).toEqual(['api-cert 1', 'site-2 1']);

    expect((await env.local.deploy(build(DomainTarget.fromContainerServiceName('app-2', 'eu-west-1'), 'site-2', 'eu-west-1'), STACK_NAME)).status)
      .toBe('UPDATE_COMPLETE');
    expect([domainsOf('app'), domainsOf('app-2')]).toEqual([{ 'api-cert': ['api.example.org'] }, { 'site-2': ['example.com', 'www.example.com'] }]);
    expect(served()).toEqual({ 'example.com.': host(next), 'www.example.com.': host(next) });

    expect((await env.local.destroy(STACK_NAME)).status).toBe('DELETE_COMPLETE');
    expect([domainsOf('app'), domainsOf('app-2')]).toEqual([{ 'api-cert': ['api.example.org'] }, {}]);
    expect(inUse()).toEqual(['api-cert 1']);
    expect(env.emulator.dns.list()).toEqual([]);
  });

  test('a name dropped from domainNames, then added back, with the same certificate: the service keeps serving what is still wanted', async () => {
    env.emulator.addContainerService('eu-west-1', 'app');
    const target = () => DomainTarget.fromContainerServiceName('app');

    expect((await env.local.deploy(build(target(), 'site-1', 'eu-west-1'), STACK_NAME)).status).toBe('CREATE_COMPLETE');
    expect(domainsOf('app')).toEqual({ 'site-1': ['example.com', 'www.example.com'] });

    // The physical id names what the resource added, so it changes, and CloudFormation's cleanup deletes the old
    // id after the Update: that Delete must not take away what the updated resource still serves.
    expect((await env.local.deploy(build(target(), 'site-1', 'eu-west-1', ['example.com']), STACK_NAME)).status).toBe('UPDATE_COMPLETE');
    expect(domainsOf('app')).toEqual({ 'site-1': ['example.com'] });

    expect((await env.local.deploy(build(target(), 'site-1', 'eu-west-1'), STACK_NAME)).status).toBe('UPDATE_COMPLETE');
    expect(domainsOf('app')).toEqual({ 'site-1': ['example.com', 'www.example.com'] });

    expect((await env.local.destroy(STACK_NAME)).status).toBe('DELETE_COMPLETE');
    expect(domainsOf('app')).toEqual({});
    expect(env.emulator.dns.list()).toEqual([]);
  });

  test('more than four domains on the service is refused before any change, and the rollback leaves the service as it was', async () => {
    env.emulator.seedCertificate({ region: 'eu-west-1', name: 'api-cert', domainName: 'api.example.org', subjectAlternativeNames: ['a.example.org', 'b.example.org'] });
    env.emulator.addContainerService('eu-west-1', 'app', { 'api-cert': ['api.example.org', 'a.example.org', 'b.example.org'] });

    await expect(env.local.deploy(build(DomainTarget.fromContainerServiceName('app'), 'site-1', 'eu-west-1'), STACK_NAME))
      .rejects.toThrow(/Container service "app" would serve 5 custom domains .* Lightsail allows up to 4/);
    expect(domainsOf('app')).toEqual({ 'api-cert': ['api.example.org', 'a.example.org', 'b.example.org'] });
    expect(inUse()).toEqual(['api-cert 1']);
  });
});
