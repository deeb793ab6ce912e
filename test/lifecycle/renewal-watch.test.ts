/**
 * The renewal watch on the emulator: a stack with it deploys, virtual days pass, and the metrics the
 * daily rule publishes match the certificate's `notAfter` and Lightsail's renewal status; with its
 * records gone from DNS the status turns to PendingValidation and the failing metric to 1; put back, the
 * certificate renews. Run with each renewal window the emulator offers (unverified: Lightsail publishes none).
 */
import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as lightsail from 'aws-cdk-lib/aws-lightsail';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { STACK_NAME, synth, useLocalLightsail } from './harness';
import { CertificateValidation, LightsailCertificate } from '../../src';
import { METRIC_NAMESPACE } from '../../src/private/contract';
import { validationRecordFor } from '../../test-support/emulator';

const env = useLocalLightsail();
const DAY_MS = 24 * 3600 * 1000;

function build(options: { withDistribution?: boolean } = {}) {
  return synth((stack: Stack) => {
    const zone = new route53.PublicHostedZone(stack, 'Zone', { zoneName: 'example.com' });
    zone.applyRemovalPolicy(RemovalPolicy.DESTROY);
    const certificate = new LightsailCertificate(stack, 'Certificate', {
      domainName: 'example.com',
      certificateName: 'watched',
      validation: CertificateValidation.fromRoute53(zone),
      renewalWatch: true,
    });
    if (options.withDistribution === false) return;
    new lightsail.CfnDistribution(stack, 'Cdn', {
      distributionName: 'cdn',
      bundleId: 'small_1_0',
      defaultCacheBehavior: { behavior: 'cache' },
      origin: { name: 'origin', regionName: 'us-east-1' },
      certificateName: certificate.certificateName,
    });
  });
}

/** The last value published of a metric of the certificate. */
function last(metricName: string): number | undefined {
  const data = env.emulator.cloudWatch.metrics({ namespace: METRIC_NAMESPACE, metricName, dimensions: { CertificateName: 'watched', Region: 'us-east-1' } });
  return data[data.length - 1]?.value;
}

describe.each([60, 30])('renewal watch, renewal from %i days before expiry', (windowDays) => {
  test('days to expiry follow notAfter; missing records fail the renewal, restored ones renew', async () => {
    await env.restart({ emulator: { modes: { renewalWindowDays: windowDays } } });
    await env.local.deploy(build(), STACK_NAME);

    const first = await env.local.passDays(1);
    expect(first.map((i) => i.outcome)).toEqual(['ok']);
    const notAfter = env.emulator.certificate('us-east-1', 'watched')!.notAfter! * 1000;
    expect(last('DaysToExpiry')).toBeCloseTo((notAfter - first[0].at) / DAY_MS, 1);
    expect(last('RenewalFailing')).toBe(0);
    expect(last('RenewalPending')).toBe(0);

    // Into the renewal window, with the validation record taken out of DNS.
    const daysToWindow = Math.ceil((notAfter - windowDays * DAY_MS - Date.now()) / DAY_MS) + 1;
    env.emulator.dns.delete(validationRecordFor('example.com', env.emulator.accountId).name);
    await env.local.passDays(daysToWindow);
    const pending = env.emulator.certificate('us-east-1', 'watched')!;
    expect(pending.renewalSummary?.renewalStatus).toBe('PendingValidation');
    expect(pending.renewalSummary?.renewalStatusReason).toMatch(/example\.com/);
    expect(last('RenewalFailing')).toBe(1);
    expect(last('DaysToExpiry')).toBeLessThan(windowDays);

    // Records back: one attempt later the certificate is renewed for 13 months.
    env.emulator.dns.upsert(validationRecordFor('example.com', env.emulator.accountId));
    await env.local.passDays(3);
    const renewed = env.emulator.certificate('us-east-1', 'watched')!;
    expect(renewed.renewalSummary?.renewalStatus).toBe('Success');
    expect(renewed.notAfter! * 1000).toBeGreaterThan(notAfter);
    expect(last('RenewalFailing')).toBe(0);
    expect(last('DaysToExpiry')).toBeGreaterThan(390);
  });
});

test('a certificate that renewal never reaches expires: status EXPIRED and renewal Failed, published as failing', async () => {
  await env.local.deploy(build(), STACK_NAME);
  await env.local.passDays(1);
  env.emulator.dns.delete(validationRecordFor('example.com', env.emulator.accountId).name);
  await env.local.passDays(400);
  const expired = env.emulator.certificate('us-east-1', 'watched')!;
  expect(expired.status).toBe('EXPIRED');
  expect(expired.renewalSummary?.renewalStatus).toBe('Failed');
  expect(last('RenewalFailing')).toBe(1);
  expect(last('DaysToExpiry')).toBeLessThan(0);
  // Only the watch's namespace was written, with the role's own credentials (checked against its policy).
  expect(env.emulator.calls.list({ service: 'cloudwatch', outcome: 'ok' }).length).toBe(401);
});

test('a certificate nothing uses does not renew, its records in DNS notwithstanding', async () => {
  await env.local.deploy(build({ withDistribution: false }), STACK_NAME);
  await env.local.passDays(1);
  const notAfter = env.emulator.certificate('us-east-1', 'watched')!.notAfter! * 1000;
  await env.local.passDays(Math.ceil((notAfter - 60 * 24 * 3600 * 1000 - Date.now()) / DAY_MS) + 2);
  const stalled = env.emulator.certificate('us-east-1', 'watched')!;
  expect(stalled.renewalSummary?.renewalStatus).toBe('PendingValidation');
  expect(stalled.renewalSummary?.renewalStatusReason).toBe('The certificate is not in use.');
  expect(last('RenewalFailing')).toBe(1);
});

test('without the watch the stack has no schedule: days pass and nothing is published', async () => {
  await env.local.deploy(synth((stack: Stack) => {
    new LightsailCertificate(stack, 'Certificate', { domainName: 'example.com', certificateName: 'unwatched' });
  }), STACK_NAME);
  expect(await env.local.passDays(2)).toEqual([]);
  expect(env.emulator.cloudWatch.metrics()).toEqual([]);
});
