/**
 * Serving every target on the emulator: alias records to a container service (apex included) in a
 * Route 53 zone, and alias entries in a Lightsail DNS zone. Each is deployed, updated (certificate
 * replaced, target changed) and destroyed, leaving nothing behind and what was there before untouched.
 */
import { Stack } from 'aws-cdk-lib';
import * as lightsail from 'aws-cdk-lib/aws-lightsail';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { certificates, STACK_NAME, synth, useLocalLightsail } from './harness';
import { CertificateValidation, DomainTarget, LightsailCertificate, LightsailDomainRecords } from '../../src';

const env = useLocalLightsail();

/** Where the A (and AAAA) records of the apex and www point. */
function served(type = 'A'): Record<string, string | undefined> {
  return Object.fromEntries(['example.com.', 'www.example.com.'].map((name) => [name, env.emulator.dns.get(name, type)?.value]));
}

describe('a container service in a Route 53 zone', () => {
  function build(options: { serviceName: string; certificateName: string }) {
    return synth((stack: Stack) => {
      const zone = new route53.PublicHostedZone(stack, 'Zone', { zoneName: 'example.com' });
      // A container service takes a certificate of its own region: the stack's, eu-west-1.
      const certificate = new LightsailCertificate(stack, 'Certificate', {
        domainName: 'example.com',
        subjectAlternativeNames: ['www.example.com'],
        region: stack.region,
        certificateName: options.certificateName,
        validation: CertificateValidation.fromRoute53(zone),
      });
      const service = new lightsail.CfnContainer(stack, 'Service', {
        serviceName: options.serviceName, power: 'nano', scale: 1, publicDomainNames: [certificate.containerPublicDomainName()],
      });
      new LightsailDomainRecords(stack, 'Records', { certificate, target: DomainTarget.containerService(service), zone });
    }, STACK_NAME, 'eu-west-1');
  }
  const hostOf = (result: { resources: Record<string, { attributes?: Record<string, unknown> }> }) =>
    String(result.resources.Service.attributes!.Url).split('/')[2];

  test('apex and www alias the service; a new certificate and a replaced service are followed; destroy leaves nothing', async () => {
    const created = await env.local.deploy(build({ serviceName: 'app', certificateName: 'site-1' }), STACK_NAME);
    expect(created.status).toBe('CREATE_COMPLETE');
    const host = hostOf(created);
    expect(host).toMatch(/^app\.[a-z0-9]+\.eu-west-1\.cs\.amazonlightsail\.com$/);
    expect(served()).toEqual({ 'example.com.': host, 'www.example.com.': host });
    expect(served('AAAA')).toEqual({ 'example.com.': undefined, 'www.example.com.': undefined });
    expect(certificates(env.emulator).map((c) => [c.region, c.name, c.status, c.inUseResourceCount])).toEqual([['eu-west-1', 'site-1', 'ISSUED', 1]]);

    // A new certificate name replaces the certificate; a new service name replaces the service (a new host).
    const updated = await env.local.deploy(build({ serviceName: 'app-v2', certificateName: 'site-2' }), STACK_NAME);
    expect(updated.status).toBe('UPDATE_COMPLETE');
    const newHost = hostOf(updated);
    expect(newHost).not.toBe(host);
    expect(served()).toEqual({ 'example.com.': newHost, 'www.example.com.': newHost });
    expect(certificates(env.emulator).map((c) => [c.name, c.inUseResourceCount])).toEqual([['site-2', 1]]);

    expect((await env.local.destroy(STACK_NAME)).status).toBe('DELETE_COMPLETE');
    expect(certificates(env.emulator)).toHaveLength(0);
    expect(env.emulator.dns.list()).toEqual([]);
  });
});

describe('a Lightsail DNS zone', () => {
  /**
   * The stack: a certificate validated through the Lightsail zone, a distribution that takes it, and the alias
   * entries. With `imported`, the certificate is one that already exists (seeded in the emulator): the stack
   * then holds no Lightsail DNS validation, whose grant (CreateDomainEntry, a dependent action of
   * CreateCertificate) covers every zone of the account.
   */
  function build(target: 'cdn' | 'cdn-v2', certificateName: string, lightsailDomainArn?: string, imported = false) {
    return synth((stack: Stack) => {
      const certificate = imported
        ? LightsailCertificate.fromCertificateAttributes(stack, 'Certificate', { certificateName })
        : new LightsailCertificate(stack, 'Certificate', {
          domainName: 'example.com',
          subjectAlternativeNames: ['www.example.com'],
          certificateName,
          validation: CertificateValidation.fromLightsailDomain(),
        });
      const distribution = new lightsail.CfnDistribution(stack, 'Cdn', {
        distributionName: target,
        bundleId: 'small_1_0',
        origin: { name: 'content', regionName: 'eu-west-1', protocolPolicy: 'https-only' },
        defaultCacheBehavior: { behavior: 'cache' },
        certificateName: certificate.certificateName,
      });
      new LightsailDomainRecords(stack, 'Records', {
        certificate,
        domainNames: imported ? ['example.com', 'www.example.com'] : undefined,
        target: DomainTarget.distribution(distribution),
        lightsailDomain: 'example.com',
        lightsailDomainArn,
      });
    });
  }
  /** The zone's entries, as `name type target alias`. */
  const entries = () => env.emulator.lightsailDomain('example.com')!.entries.map((e) => `${e.name} ${e.type} ${e.target}${e.isAlias ? ' alias' : ''}`).sort();

  test('alias entries for apex and www follow a replaced distribution and certificate; destroy removes them and nothing else', async () => {
    env.emulator.addLightsailDomain('example.com');
    env.emulator.addLightsailDomainEntry('example.com', { name: 'mail.example.com', type: 'A', target: '192.0.2.25' });

    const created = await env.local.deploy(build('cdn', 'site-1'), STACK_NAME);
    expect(created.status).toBe('CREATE_COMPLETE');
    const [first] = env.emulator.listDistributions();
    expect(entries()).toEqual([
      `example.com A ${first.domainName} alias`, 'mail.example.com A 192.0.2.25', `www.example.com A ${first.domainName} alias`,
    ]);
    expect(served()).toEqual({ 'example.com.': first.domainName, 'www.example.com.': first.domainName });

    const updated = await env.local.deploy(build('cdn-v2', 'site-2'), STACK_NAME);
    expect(updated.status).toBe('UPDATE_COMPLETE');
    const [second] = env.emulator.listDistributions();
    expect(second.domainName).not.toBe(first.domainName);
    expect(entries()).toEqual([
      `example.com A ${second.domainName} alias`, 'mail.example.com A 192.0.2.25', `www.example.com A ${second.domainName} alias`,
    ]);
    expect(certificates(env.emulator).map((c) => [c.name, c.inUseResourceCount])).toEqual([['site-2', 1]]);

    expect((await env.local.destroy(STACK_NAME)).status).toBe('DELETE_COMPLETE');
    expect(entries()).toEqual(['mail.example.com A 192.0.2.25']);
    expect(certificates(env.emulator)).toHaveLength(0);
  });

  test('an A entry of the same name that the stack did not write is refused, not overwritten, and nothing is written', async () => {
    env.emulator.addLightsailDomain('example.com');
    env.emulator.addLightsailDomainEntry('example.com', { name: 'www.example.com', type: 'A', target: '192.0.2.80' });
    await expect(env.local.deploy(build('cdn', 'site-1'), STACK_NAME)).rejects.toThrow(
      /already has an A record for www\.example\.com pointing at 192\.0\.2\.80, which this resource did not write/);
    expect(entries()).toEqual(['www.example.com A 192.0.2.80']);
  });

  test('with lightsailDomainArn the role may write into that zone only: another zone\'s ARN is denied', async () => {
    const domain = env.emulator.addLightsailDomain('example.com');
    env.emulator.seedCertificate({ region: 'us-east-1', name: 'site-1', domainName: 'example.com', subjectAlternativeNames: ['www.example.com'] });
    await expect(env.local.deploy(build('cdn', 'site-1', 'arn:aws:lightsail:global:123456789012:Domain/another-zone', true), STACK_NAME))
      .rejects.toThrow(/AccessDenied|not authorized/);
    expect(entries()).toEqual([]);
    expect((await env.local.destroy(STACK_NAME)).status).toBe('DELETE_COMPLETE');

    const created = await env.local.deploy(build('cdn', 'site-1', domain.arn, true), STACK_NAME);
    expect(created.status).toBe('CREATE_COMPLETE');
    expect(entries()).toHaveLength(2);
    expect((await env.local.destroy(STACK_NAME)).status).toBe('DELETE_COMPLETE');
    expect(entries()).toEqual([]);
  });
});
