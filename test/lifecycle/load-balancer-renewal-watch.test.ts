/**
 * The renewal watch of a load balancer's certificate on the emulator: read with
 * `GetLoadBalancerTlsCertificates` (whose renewal statuses are spelled PENDING_VALIDATION...), published
 * under the load balancer's name too; records gone from DNS turn the failing metric to 1, put back the
 * certificate renews; a certificate not attached renews or stalls as the emulator's reading of "in use"
 * has it. Run with each renewal window and each such reading the emulator offers (unverified: Lightsail
 * publishes neither).
 */
import { Stack } from 'aws-cdk-lib';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { STACK_NAME, synth, useLocalLightsail } from './harness';
import { CertificateValidation, LoadBalancerCertificate } from '../../src';
import { METRIC_NAMESPACE } from '../../src/private/contract';
import { validationRecordFor } from '../../test-support/emulator';

const ZONE_ID = 'Z0LB0WATCH';
const REGION = 'eu-west-1';
const env = useLocalLightsail({ hostedZones: { [ZONE_ID]: 'example.com' } });
const DAY_MS = 24 * 3600 * 1000;

function build(options: { attach?: boolean } = {}) {
  return synth((stack: Stack) => {
    new LoadBalancerCertificate(stack, 'LbCert', {
      loadBalancerName: 'web',
      domainName: 'example.com',
      certificateName: 'lb-watched',
      validation: CertificateValidation.fromRoute53(route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: ZONE_ID, zoneName: 'example.com' })),
      attach: options.attach,
      renewalWatch: true,
    });
  }, STACK_NAME, REGION);
}

/** The last value published of a metric of the certificate, under all three of its dimensions. */
function last(metricName: string): number | undefined {
  const data = env.emulator.cloudWatch.metrics({
    namespace: METRIC_NAMESPACE, metricName, dimensions: { CertificateName: 'lb-watched', Region: REGION, LoadBalancerName: 'web' },
  });
  return data[data.length - 1]?.value;
}

const certificate = () => env.emulator.loadBalancerCertificates(REGION, 'web').find((c) => c.name === 'lb-watched')!;

describe.each([60, 30])('load balancer certificate renewal watch, renewal from %i days before expiry', (windowDays) => {
  test('days to expiry follow notAfter; missing records fail the renewal, restored ones renew', async () => {
    await env.restart({ emulator: { modes: { renewalWindowDays: windowDays } } });
    env.emulator.addLoadBalancer(REGION, 'web');
    expect((await env.local.deploy(build(), STACK_NAME)).status).toBe('CREATE_COMPLETE');

    const first = await env.local.passDays(1);
    expect(first.map((i) => i.outcome)).toEqual(['ok']);
    const notAfter = certificate().notAfter! * 1000;
    expect(last('DaysToExpiry')).toBeCloseTo((notAfter - first[0].at) / DAY_MS, 1);
    expect(last('RenewalFailing')).toBe(0);
    expect(last('RenewalPending')).toBe(0);

    // Into the renewal window, with the validation record taken out of DNS.
    const daysToWindow = Math.ceil((notAfter - windowDays * DAY_MS - Date.now()) / DAY_MS) + 1;
    env.emulator.dns.delete(validationRecordFor('example.com', env.emulator.accountId).name);
    await env.local.passDays(daysToWindow);
    expect(certificate().renewalStatus).toBe('PendingValidation');
    expect(last('RenewalFailing')).toBe(1);
    expect(last('DaysToExpiry')).toBeLessThan(windowDays);

    // Records back: one attempt later the certificate is renewed for 13 months.
    env.emulator.dns.upsert(validationRecordFor('example.com', env.emulator.accountId));
    await env.local.passDays(3);
    expect(certificate().renewalStatus).toBe('Success');
    expect(certificate().notAfter! * 1000).toBeGreaterThan(notAfter);
    expect(last('RenewalFailing')).toBe(0);
    expect(last('DaysToExpiry')).toBeGreaterThan(390);
    // Read where the certificate lives, through the load balancer, with the role's own credentials.
    expect(env.emulator.calls.list({ operation: 'GetLoadBalancerTlsCertificates', outcome: 'ok' }).length).toBeGreaterThan(0);
    expect(env.emulator.calls.list({ service: 'cloudwatch' }).every((c) => c.outcome === 'ok')).toBe(true);
  });
});

test.each([
  ['attached', 'PendingValidation', 1],
  ['held', 'Success', 0],
] as const)('a certificate not attached, with "in use" meaning %s (unverified): the metric follows the renewal status, %s', async (inUse, status, failing) => {
  await env.restart({ emulator: { modes: { loadBalancerCertificateInUse: inUse } } });
  env.emulator.addLoadBalancer(REGION, 'web');
  expect((await env.local.deploy(build({ attach: false }), STACK_NAME)).status).toBe('CREATE_COMPLETE');
  await env.local.passDays(1);
  expect(certificate().isAttached).toBe(false);
  expect(last('RenewalFailing')).toBe(0);
  const notAfter = certificate().notAfter! * 1000;
  await env.local.passDays(Math.ceil((notAfter - 60 * DAY_MS - Date.now()) / DAY_MS) + 2);
  expect(certificate().renewalStatus).toBe(status);
  expect(last('RenewalFailing')).toBe(failing);
});

test('a certificate deleted outside the stack is reported unreadable, and its metrics stop', async () => {
  env.emulator.addLoadBalancer(REGION, 'web');
  expect((await env.local.deploy(build(), STACK_NAME)).status).toBe('CREATE_COMPLETE');
  await env.local.passDays(1);
  const published = env.emulator.cloudWatch.metrics({ namespace: METRIC_NAMESPACE }).length;
  env.emulator.removeLoadBalancer(REGION, 'web');
  expect((await env.local.passDays(1)).map((i) => [i.outcome, i.payload])).toEqual([['ok', { published: 0, unreadable: [`${REGION}/web/lb-watched`] }]]);
  expect(env.emulator.cloudWatch.metrics({ namespace: METRIC_NAMESPACE })).toHaveLength(published);
});
