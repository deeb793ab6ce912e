/**
 * The lifecycle under injected faults: throttling, ServiceException and dropped
 * connections drawn at random (seeded), validation records that appear late and a certificate missing
 * from the list right after its creation. Create, tag update, replacement, destroy (with a late
 * release) and a stack of several certificates still end as they should, and the emulator holds
 * exactly the expected certificates at every step: none leaked, none duplicated.
 */
import { Tags } from 'aws-cdk-lib';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { CERT_REGION, certificates, compressRealTimeSleeps, STACK_NAME, synth, tagsOf, useLocalLightsail, website } from './harness';
import { CertificateValidation, LightsailCertificate } from '../../src';
import { FaultRates } from '../../test-support/emulator';

const env = useLocalLightsail({ releaseDelayMs: 60_000 });

// The SDK's and the handlers' backoff sleep in real time: about 2 s per certificate at these rates
// (see compressRealTimeSleeps; LIFECYCLE_REAL_SLEEPS=1 runs them at full length).
compressRealTimeSleeps(10);

/** The rates of the brief, and the same plus requests applied whose answer is lost. */
const RATES = { throttling: 0.3, serviceException: 0.05, drop: 0.05 };
const CASES: Array<[string, number, FaultRates]> = [
  ...[1, 2, 3, 4].map((seed): [string, number, FaultRates] => ['throttling 0.3, ServiceException 0.05, drop 0.05', seed, RATES]),
  ...[5, 6].map((seed): [string, number, FaultRates] => ['the same plus dropAfterApply 0.05', seed, { ...RATES, dropAfterApply: 0.05 }]),
  // Route 53 too: every change batch, read and status read may be throttled, fail, or be applied with its answer lost.
  ...[7, 8, 9].map((seed): [string, number, FaultRates] => ['all of it, Route 53 included', seed, { ...RATES, dropAfterApply: 0.1, route53: true }]),
];


/**
 * The certificates CreateCertificate made (answered, or applied and the answer dropped), by name: each
 * wanted certificate must have been made once, never twice.
 */
function madeCertificates(): string[] {
  return env.emulator.calls.list({ operation: 'CreateCertificate' })
    .filter((c) => c.outcome === 'ok' || c.fault === 'dropAfterApply')
    .map((c) => String(c.input.certificateName));
}


function applyFaults(seed: number, rates: FaultRates): void {
  env.emulator.faults.setRates({ seed, ...rates });
  env.emulator.faults.setLateValidationRecords(2);
  env.emulator.faults.setEmptyListAfterCreate(1);
}

describe.each(CASES)('under faults (%s), seed %d', (_, seed, rates) => {
  test('create, retag, replace, destroy: each ends as it should, with exactly the expected certificates', async () => {
    applyFaults(seed, rates);

    // 1. Create with Route 53 validation.
    const created = await env.local.deploy(synth((stack) => {
      const { certificate } = website(stack, { tags: { project: 'website', stage: 'one' } });
      Tags.of(certificate).add('env', 'dev');
    }), STACK_NAME);
    expect(created.status).toBe('CREATE_COMPLETE');
    let all = certificates(env.emulator);
    expect(all).toHaveLength(1);
    const [first] = all;
    expect(first).toMatchObject({ region: CERT_REGION, status: 'ISSUED', inUseResourceCount: 1, arn: created.outputs.CertificateArn });
    expect(tagsOf(first)).toEqual({ project: 'website', stage: 'one', env: 'dev' });

    // 2. Tags only: in place.
    const retagged = await env.local.deploy(synth((stack) => {
      const { certificate } = website(stack, { tags: { project: 'website', owner: 'web' } });
      Tags.of(certificate).add('env', 'prod');
    }), STACK_NAME);
    expect(retagged.status).toBe('UPDATE_COMPLETE');
    all = certificates(env.emulator);
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ arn: first.arn, status: 'ISSUED', inUseResourceCount: 1 });
    expect(tagsOf(all[0])).toEqual({ project: 'website', owner: 'web', env: 'prod' });

    // 3. Domains changed: a new certificate, the distribution moves, the old one goes (after its
    //    release, 1 minute after the distribution let go of it).
    const replaced = await env.local.deploy(synth((stack) => {
      const { certificate } = website(stack, { subjectAlternativeNames: ['www.example.com', 'api.example.com'], tags: { project: 'website', owner: 'web' } });
      Tags.of(certificate).add('env', 'prod');
    }), STACK_NAME);
    expect(replaced.status).toBe('UPDATE_COMPLETE');
    all = certificates(env.emulator);
    expect(all).toHaveLength(1);
    const [second] = all;
    expect(second.arn).not.toBe(first.arn);
    expect(second).toMatchObject({ status: 'ISSUED', inUseResourceCount: 1, arn: replaced.outputs.CertificateArn });
    expect(second.subjectAlternativeNames).toEqual(['example.com', 'www.example.com', 'api.example.com']);
    // The replacement shares domains with the old one: its records are all there, the old one's gone where not shared.
    const wanted = second.domainValidationRecords.map((v) => v.resourceRecord!);
    expect(wanted.every((r) => env.emulator.dns.has(r))).toBe(true);
    expect(env.emulator.dns.list().filter((r) => r.type === 'CNAME')).toHaveLength(wanted.length);

    // 4. Destroy: waits for the release, then deletes.
    const destroyed = await env.local.destroy(STACK_NAME);
    expect(destroyed.status).toBe('DELETE_COMPLETE');
    expect(certificates(env.emulator)).toHaveLength(0);
    expect(env.emulator.dns.list()).toEqual([]);

    // Every CreateCertificate that was applied made a certificate that is now gone: at most one
    // certificate was ever created per wanted certificate.
    expect(madeCertificates()).toEqual([first.name, second.name]);
  });

  test('a stack of 5 certificates: all ISSUED, exactly 5 in the emulator; destroy leaves none', async () => {
    applyFaults(seed, rates);
    const count = 5;

    const deployed = await env.local.deploy(synth((stack) => {
      const zone = new route53.PublicHostedZone(stack, 'Zone', { zoneName: 'example.com' });
      for (let i = 0; i < count; i++) {
        new LightsailCertificate(stack, `Site${i}`, {
          domainName: `site${i}.example.com`,
          validation: CertificateValidation.fromRoute53(zone),
        });
      }
    }), STACK_NAME);

    expect(deployed.status).toBe('CREATE_COMPLETE');
    const all = certificates(env.emulator);
    expect(all).toHaveLength(count);
    expect(all.every((c) => c.status === 'ISSUED')).toBe(true);
    expect(new Set(all.map((c) => c.domainName)).size).toBe(count);
    expect(madeCertificates().sort()).toEqual(all.map((c) => c.name).sort());

    const destroyed = await env.local.destroy(STACK_NAME);
    expect(destroyed.status).toBe('DELETE_COMPLETE');
    expect(certificates(env.emulator)).toHaveLength(0);
  });
});
