/**
 * A certificate whose zone leaves the stack: CloudFormation updates the provider's role before its
 * cleanup, so the records must be released from a zone the new template no longer names. A certificate
 * that moves to another zone, and one that leaves with its zone, leave no CNAME or holders TXT behind,
 * and the zone the stack deletes is deleted. Both emulator modes.
 */
import { Stack } from 'aws-cdk-lib';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { STACK_NAME, synth, useLocalLightsail } from './harness';
import { CertificateValidation, LightsailCertificate } from '../../src';
import { MODE_VALUES, ValidationRecordsMode } from '../../test-support/emulator';

const env = useLocalLightsail();

function zone(stack: Stack, id: string, zoneName: string): route53.PublicHostedZone {
  return new route53.PublicHostedZone(stack, id, { zoneName });
}

function certificate(stack: Stack, id: string, domainName: string, hostedZone: route53.IHostedZone): LightsailCertificate {
  return new LightsailCertificate(stack, id, { domainName, validation: CertificateValidation.fromRoute53(hostedZone) });
}

/** The physical id of a logical id's resource in the stack. */
function zoneId(result: { resources: Record<string, { physicalId?: string }> }, prefix: string): string {
  const [id] = Object.entries(result.resources).filter(([logicalId]) => logicalId.startsWith(prefix)).map(([, r]) => r.physicalId!);
  return id;
}

/** Whether the emulator's Route 53 still has the zone. */
function zoneExists(id: string): boolean {
  try {
    env.emulator.route53.recordSets(id);
    return true;
  } catch {
    return false;
  }
}

describe.each(MODE_VALUES.validationRecords as ValidationRecordsMode[])('zones %s', (mode) => {
  beforeEach(async () => {
    await env.restart({ emulator: { modes: { validationRecords: mode } } });
  });

  test('a certificate that moves to another zone releases its record from the old one, which the stack then deletes', async () => {
    const before = await env.local.deploy(synth((stack) => { certificate(stack, 'Certificate', 'example.com', zone(stack, 'OldZone', 'example.com')); }), STACK_NAME);
    const oldZone = zoneId(before, 'OldZone');
    expect(env.emulator.route53.recordSets(oldZone).map((r) => r.type)).toEqual(['CNAME', 'TXT']);

    const after = await env.local.deploy(synth((stack) => { certificate(stack, 'Certificate', 'example.com', zone(stack, 'NewZone', 'example.com')); }), STACK_NAME);
    expect(after.status).toBe('UPDATE_COMPLETE');
    expect(zoneExists(oldZone)).toBe(false);
    const newZone = zoneId(after, 'NewZone');
    expect(env.emulator.route53.recordSets(newZone).map((r) => r.type)).toEqual(['CNAME', 'TXT']);

    await env.local.destroy(STACK_NAME);
    expect(zoneExists(newZone)).toBe(false);
    expect(env.emulator.dns.list()).toEqual([]);
  });

  test('a certificate that leaves with its zone releases its records, and the zone is deleted', async () => {
    const before = await env.local.deploy(synth((stack) => {
      certificate(stack, 'Site', 'example.com', zone(stack, 'SiteZone', 'example.com'));
      certificate(stack, 'Shop', 'example.org', zone(stack, 'ShopZone', 'example.org'));
    }), STACK_NAME);
    const siteZone = zoneId(before, 'SiteZone');

    const after = await env.local.deploy(synth((stack) => {
      certificate(stack, 'Shop', 'example.org', zone(stack, 'ShopZone', 'example.org'));
    }), STACK_NAME);
    expect(after.status).toBe('UPDATE_COMPLETE');
    expect(zoneExists(siteZone)).toBe(false);
    expect(env.emulator.certificates().map((c) => c.domainName)).toEqual(['example.org']);

    await env.local.destroy(STACK_NAME);
    expect(env.emulator.dns.list()).toEqual([]);
  });
});
