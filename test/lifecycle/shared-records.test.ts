/**
 * Two certificates for the same domain — a us-east-1 one for a distribution and a regional one for a
 * container service, in one stack or in two — deploy, validate, update and delete independently, whether
 * Lightsail gives them one validation record (as ACM does, per account and domain) or one each; deleting
 * either never removes a record the other needs, and RETAIN keeps the records a kept certificate renews with.
 */
import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { certificates, STACK_NAME, synth, useLocalLightsail } from './harness';
import { CertificateValidation, LightsailCertificate, LightsailCertificateProps } from '../../src';
import { EmulatedCertificate, MODE_VALUES, ValidationRecordsMode } from '../../test-support/emulator';

/** A zone that exists outside the stacks, as a domain's zone usually does. */
const ZONE_ID = 'Z0SHARED0ZONE';
const env = useLocalLightsail({ hostedZones: { [ZONE_ID]: 'example.com' } });

function sharedZone(stack: Stack): route53.IHostedZone {
  return route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: ZONE_ID, zoneName: 'example.com' });
}

/** A certificate for example.com (and www) validated in the shared zone. */
function certificate(stack: Stack, id: string, props: Partial<LightsailCertificateProps> = {}): LightsailCertificate {
  return new LightsailCertificate(stack, id, {
    domainName: 'example.com',
    subjectAlternativeNames: ['www.example.com'],
    validation: CertificateValidation.fromRoute53(stack.node.tryFindChild('Zone') as route53.IHostedZone ?? sharedZone(stack)),
    ...props,
  });
}

/** Whether every validation record the certificate asks for is in DNS, as renewing it needs. */
function renewable(cert: EmulatedCertificate): boolean {
  return cert.domainValidationRecords.every((v) => v.resourceRecord !== undefined
    && env.emulator.dns.get(v.resourceRecord.name)?.value === v.resourceRecord.value);
}

/** The validation CNAMEs in DNS (each has a holders TXT record beside it). */
function cnames() {
  return env.emulator.dns.list().filter((r) => r.type === 'CNAME');
}

function byRegion(region: string): EmulatedCertificate {
  const found = certificates(env.emulator).filter((c) => c.region === region);
  expect(found).toHaveLength(1);
  return found[0];
}

describe.each(MODE_VALUES.validationRecords as ValidationRecordsMode[])('validation records %s', (mode) => {
  beforeEach(async () => {
    await env.restart({ hostedZones: { [ZONE_ID]: 'example.com' }, emulator: { modes: { validationRecords: mode } } });
  });

  test('one stack, two certificates for the same domains in two regions: both ISSUED; removing either keeps the other\'s records', async () => {
    const both = synth((stack) => {
      certificate(stack, 'ForDistribution');
      certificate(stack, 'ForContainers', { region: 'eu-west-1' });
    });
    const deployed = await env.local.deploy(both, STACK_NAME);
    expect(deployed.status).toBe('CREATE_COMPLETE');
    const east = byRegion('us-east-1');
    const west = byRegion('eu-west-1');
    expect([east.status, west.status]).toEqual(['ISSUED', 'ISSUED']);
    const distinctRecords = new Set([...east.domainValidationRecords, ...west.domainValidationRecords].map((v) => v.resourceRecord!.name)).size;
    expect(distinctRecords).toBe(mode === 'per-account-domain' ? 2 : 4);
    expect(cnames()).toHaveLength(distinctRecords);

    // A tag change on one touches neither the other nor any record.
    const dnsBefore = env.emulator.dns.list();
    await env.local.deploy(synth((stack) => {
      certificate(stack, 'ForDistribution', { tags: { team: 'web' } });
      certificate(stack, 'ForContainers', { region: 'eu-west-1' });
    }), STACK_NAME);
    expect(env.emulator.dns.list()).toEqual(dnsBefore);

    // Remove the us-east-1 one: the eu-west-1 one keeps every record it renews with.
    const removed = await env.local.deploy(synth((stack) => {
      certificate(stack, 'ForContainers', { region: 'eu-west-1' });
    }), STACK_NAME);
    expect(removed.status).toBe('UPDATE_COMPLETE');
    expect(certificates(env.emulator).map((c) => c.region)).toEqual(['eu-west-1']);
    expect(renewable(byRegion('eu-west-1'))).toBe(true);
    expect(cnames()).toHaveLength(2);

    await env.local.destroy(STACK_NAME);
    expect(certificates(env.emulator)).toHaveLength(0);
    expect(env.emulator.dns.list()).toHaveLength(0);
  });

  test('two stacks: deleting one stack leaves the other\'s certificate renewable; deleting both leaves nothing', async () => {
    await env.local.deploy(synth((stack) => {
      certificate(stack, 'Certificate');
    }, 'SiteStack'), 'SiteStack');
    await env.local.deploy(synth((stack) => {
      certificate(stack, 'Certificate', { region: 'eu-west-1' });
    }, 'AppStack'), 'AppStack');
    expect(certificates(env.emulator).map((c) => c.status)).toEqual(['ISSUED', 'ISSUED']);

    await env.local.destroy('SiteStack');
    expect(renewable(byRegion('eu-west-1'))).toBe(true);

    await env.local.destroy('AppStack');
    expect(certificates(env.emulator)).toHaveLength(0);
    expect(env.emulator.dns.list()).toHaveLength(0);
  });

  test('RETAIN keeps the records with the certificate; a later stack that takes it over writes them once', async () => {
    await env.local.deploy(synth((stack) => {
      certificate(stack, 'Certificate', { removalPolicy: RemovalPolicy.RETAIN, certificateName: 'kept' });
    }), STACK_NAME);
    await env.local.destroy(STACK_NAME);
    const [kept] = certificates(env.emulator);
    expect(renewable(kept)).toBe(true);
    const dnsAfterDestroy = env.emulator.dns.list();

    const adopted = await env.local.deploy(synth((stack) => {
      certificate(stack, 'Certificate', { certificateName: 'kept', adoptExisting: true });
    }), STACK_NAME);
    expect(adopted.status).toBe('CREATE_COMPLETE');
    expect(certificates(env.emulator).map((c) => c.arn)).toEqual([kept.arn]);
    expect(env.emulator.dns.list()).toEqual(dnsAfterDestroy);
    expect(env.emulator.route53.recordSets(ZONE_ID).filter((r) => r.type === 'CNAME')).toHaveLength(2);

    await env.local.destroy(STACK_NAME);
    expect(certificates(env.emulator)).toHaveLength(0);
    expect(env.emulator.dns.list()).toHaveLength(0);
  });
});
