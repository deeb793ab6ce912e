/**
 * Many certificates in one stack: 20 certificates validated through one Route 53 zone are
 * all ISSUED and all deleted again, with a fixed number of API calls per certificate.
 */
import * as route53 from 'aws-cdk-lib/aws-route53';
import { CERT_REGION, certificates, STACK_NAME, synth, useLocalLightsail } from './harness';
import { CertificateValidation, LightsailCertificate } from '../../src';
import { LIGHTSAIL_ENDPOINT_REGIONS } from '../../test-support/emulator';

const env = useLocalLightsail();

const COUNT = 20;

/** Calls per operation between two points of the call log. */
function countsBetween(from: number, to: number): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const call of env.emulator.calls.list().slice(from, to)) {
    counts[call.operation] = (counts[call.operation] ?? 0) + 1;
  }
  return counts;
}

test(`a stack with ${COUNT} certificates validated through Route 53: all ISSUED, then all deleted; API calls per certificate`, async () => {
  const asm = synth((stack) => {
    const zone = new route53.PublicHostedZone(stack, 'Zone', { zoneName: 'example.com' });
    for (let i = 0; i < COUNT; i++) {
      new LightsailCertificate(stack, `Site${i}`, {
        domainName: `site${i}.example.com`,
        subjectAlternativeNames: [`www.site${i}.example.com`],
        validation: CertificateValidation.fromRoute53(zone),
        tags: { site: `site${i}` },
      });
    }
  });

  const deployed = await env.local.deploy(asm, STACK_NAME);
  const afterDeploy = env.emulator.calls.count();

  expect(deployed.status).toBe('CREATE_COMPLETE');
  const all = certificates(env.emulator);
  expect(all).toHaveLength(COUNT);
  expect(all.every((c) => c.status === 'ISSUED' && c.region === CERT_REGION)).toBe(true);
  expect(new Set(all.map((c) => c.domainName))).toEqual(new Set(Array.from({ length: COUNT }, (_, i) => `site${i}.example.com`)));
  expect(new Set(all.map((c) => c.name)).size).toBe(COUNT);
  // Each CNAME with its holders TXT record beside it.
  expect(env.emulator.dns.list().filter((r) => r.type === 'CNAME')).toHaveLength(2 * COUNT);
  expect(env.emulator.dns.list()).toHaveLength(4 * COUNT);
  // One function, its role and its log group serve the whole stack.
  const support = Object.values(deployed.resources).map((r) => r.type)
    .filter((type) => !type.startsWith('Custom::LightsailCertificate') && !type.startsWith('AWS::Route53::'));
  expect(support.sort()).toEqual(['AWS::IAM::Role', 'AWS::Lambda::Function', 'AWS::Logs::LogGroup']);

  const destroyed = await env.local.destroy(STACK_NAME);

  expect(destroyed.status).toBe('DELETE_COMPLETE');
  expect(certificates(env.emulator)).toHaveLength(0);
  expect(env.emulator.dns.list()).toHaveLength(0);

  const create = countsBetween(0, afterDeploy);
  const destroy = countsBetween(afterDeploy, env.emulator.calls.count());
  // Create: a look-up before CreateCertificate, one read of the records, then one read per link of the
  // wait for ISSUED (three links for the default 30 minutes; the first finds it ISSUED, as the records
  // are in Route 53 before the wait starts, and the others answer at their first read); per record, a
  // read of the CNAME and its holders, one change batch, and one read of its status; one question to
  // CloudFormation before the answer.
  expect(create).toEqual({
    GetCertificates: 5 * COUNT,
    CreateCertificate: COUNT,
    ListResourceRecordSets: 2 * COUNT,
    ChangeResourceRecordSets: 2 * COUNT,
    GetChange: 2 * COUNT,
    DescribeStackResource: COUNT,
  });
  // Delete: a read (ours? in use?), the delete, a read that shows it gone; per record, a read and one
  // batch in Route 53; and, the last holder leaving, one scan for both records: GetRegions, one listing
  // per Lightsail region (a second page where more than 10 are left), the account's regions and ACM's
  // list in each enabled one; and the load balancers of each Lightsail region (none here, so no certificates to read).
  const { GetCertificates: reads, ...writes } = destroy;
  const records = 2 * COUNT;
  expect(writes).toEqual({
    DeleteCertificate: COUNT,
    ListResourceRecordSets: records,
    ChangeResourceRecordSets: records,
    GetRegions: COUNT,
    ListRegions: COUNT,
    ListCertificates: COUNT * (LIGHTSAIL_ENDPOINT_REGIONS.length + 1),
    GetLoadBalancers: COUNT * LIGHTSAIL_ENDPOINT_REGIONS.length,
  });
  const perRegion = COUNT * LIGHTSAIL_ENDPOINT_REGIONS.length;
  expect(reads).toBeGreaterThanOrEqual(2 * COUNT + perRegion);
  expect(reads).toBeLessThanOrEqual(2 * COUNT + 2 * perRegion);
});
