/**
 * Serving the domains: alias records for the apex and www that point at the distribution's own domain,
 * read at deploy time; they follow a replaced distribution and go with the stack.
 */
import { STACK_NAME, synth, useLocalLightsail, website } from './harness';
import { DomainTarget, LightsailDomainRecords } from '../../src';

const env = useLocalLightsail();

function build(distributionName: string) {
  return synth((stack) => {
    const { certificate, distribution, zone } = website(stack);
    distribution.distributionName = distributionName;
    new LightsailDomainRecords(stack, 'DomainRecords', { certificate, target: DomainTarget.distribution(distribution), zone });
  });
}

/** Where each A and AAAA record of the two domains points. */
function aliases(): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const name of ['example.com.', 'www.example.com.']) {
    for (const type of ['A', 'AAAA']) out[`${name} ${type}`] = env.emulator.dns.get(name, type)?.value;
  }
  return out;
}

test('apex and www point at the distribution after it has the ISSUED certificate; a replaced distribution moves them; destroy removes them', async () => {
  const created = await env.local.deploy(build('site-cdn'), STACK_NAME);
  expect(created.status).toBe('CREATE_COMPLETE');
  const [first] = env.emulator.listDistributions();
  expect(first.domainName).toMatch(/\.cloudfront\.net$/);
  expect(new Set(Object.values(aliases()))).toEqual(new Set([first.domainName]));
  // Ordered after the distribution, which is after the certificate is ISSUED.
  const at = (id: string) => created.events.findIndex((e) => e.logicalId.startsWith(id) && e.status === 'CREATE_COMPLETE');
  expect(at('DomainRecordsDistributionDomain')).toBeGreaterThan(at('Cdn'));
  expect(at('DomainRecordsexamplecomA')).toBeGreaterThan(at('DomainRecordsDistributionDomain'));

  // A new name replaces the distribution (new id, new domain): the records follow it.
  const replaced = await env.local.deploy(build('site-cdn-v2'), STACK_NAME);
  expect(replaced.status).toBe('UPDATE_COMPLETE');
  const distributions = env.emulator.listDistributions();
  expect(distributions.map((d) => d.name)).toEqual(['site-cdn-v2']);
  expect(distributions[0].domainName).not.toBe(first.domainName);
  expect(new Set(Object.values(aliases()))).toEqual(new Set([distributions[0].domainName]));

  const destroyed = await env.local.destroy(STACK_NAME);
  expect(destroyed.status).toBe('DELETE_COMPLETE');
  expect(aliases()).toEqual({ 'example.com. A': undefined, 'example.com. AAAA': undefined, 'www.example.com. A': undefined, 'www.example.com. AAAA': undefined });
  expect(env.emulator.listDistributions()).toHaveLength(0);
  expect(env.emulator.dns.list()).toHaveLength(0);
});
