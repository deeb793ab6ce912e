/**
 * The Lightsail DNS zone target against each way Lightsail might answer where it does not document it
 * (the emulator's modes, each `unverified`): entry names spelled as written, lower case or with a
 * trailing dot; alias targets echoed with a trailing dot; a second entry of a name and type refused or
 * kept beside the first. In each: deploy, update (certificate replaced, distribution replaced), destroy,
 * with an entry of someone else in the zone left as it was.
 */
import { Stack } from 'aws-cdk-lib';
import * as lightsail from 'aws-cdk-lib/aws-lightsail';
import { certificates, STACK_NAME, synth, useLocalLightsail } from './harness';
import { CertificateValidation, DomainTarget, LightsailCertificate, LightsailDomainRecords } from '../../src';
import { EmulatorModes, MODE_VALUES } from '../../test-support/emulator';

const env = useLocalLightsail();

function build(distributionName: string, certificateName: string) {
  return synth((stack: Stack) => {
    const certificate = new LightsailCertificate(stack, 'Certificate', {
      domainName: 'example.com',
      subjectAlternativeNames: ['WWW.example.com'],
      certificateName,
      validation: CertificateValidation.fromLightsailDomain(),
    });
    const distribution = new lightsail.CfnDistribution(stack, 'Cdn', {
      distributionName,
      bundleId: 'small_1_0',
      origin: { name: 'content', regionName: 'eu-west-1', protocolPolicy: 'https-only' },
      defaultCacheBehavior: { behavior: 'cache' },
      certificateName: certificate.certificateName,
    });
    new LightsailDomainRecords(stack, 'Records', { certificate, target: DomainTarget.distribution(distribution), lightsailDomain: 'example.com' });
  });
}

/** Each value other than the default alone, then all of them together. */
const MODES: EmulatorModes[] = [
  { domainEntryNames: 'as-written' },
  { domainEntryNames: 'trailing-dot' },
  { domainEntryTargets: 'trailing-dot' },
  { duplicateDomainEntry: 'duplicated' },
  { domainEntryNames: 'trailing-dot', domainEntryTargets: 'trailing-dot', duplicateDomainEntry: 'duplicated' },
];

test('every non-default value of the Lightsail DNS modes is run here', () => {
  const covered = (key: 'domainEntryNames' | 'domainEntryTargets' | 'duplicateDomainEntry') => new Set(MODES.map((m) => m[key]).filter(Boolean));
  expect(covered('domainEntryNames')).toEqual(new Set(MODE_VALUES.domainEntryNames.slice(1)));
  expect(covered('domainEntryTargets')).toEqual(new Set(MODE_VALUES.domainEntryTargets.slice(1)));
  expect(covered('duplicateDomainEntry')).toEqual(new Set(MODE_VALUES.duplicateDomainEntry.slice(1)));
});

describe.each(MODES)('a Lightsail DNS zone answering %j', (modes) => {
  test('alias entries are written once, follow a replaced distribution, and go on destroy; the other entry stays', async () => {
    const local = await env.restart({ emulator: { modes } });
    local.emulator.addLightsailDomain('example.com');
    local.emulator.addLightsailDomainEntry('example.com', { name: 'mail.example.com', type: 'A', target: '192.0.2.25' });
    // A create whose answer is lost is retried by the SDK: where duplicates are kept, that leaves two entries.
    local.emulator.faults.script({ kind: 'dropAfterApply', operation: 'CreateDomainEntry' });
    const entries = () => local.emulator.lightsailDomain('example.com')!.entries.map((e) => `${e.name.toLowerCase()} ${e.type} ${e.target}`).sort();
    const served = (name: string) => local.emulator.dns.get(name, 'A')?.value;

    expect((await local.deploy(build('cdn', 'site-1'), STACK_NAME)).status).toBe('CREATE_COMPLETE');
    const [first] = local.emulator.listDistributions();
    expect(local.emulator.faults.pending()).toHaveLength(0);
    expect(new Set(entries())).toEqual(new Set([`example.com A ${first.domainName}`, 'mail.example.com A 192.0.2.25', `www.example.com A ${first.domainName}`]));
    expect([served('example.com.'), served('www.example.com.')]).toEqual([first.domainName, first.domainName]);

    expect((await local.deploy(build('cdn-v2', 'site-2'), STACK_NAME)).status).toBe('UPDATE_COMPLETE');
    const [second] = local.emulator.listDistributions();
    expect(entries()).toEqual([`example.com A ${second.domainName}`, 'mail.example.com A 192.0.2.25', `www.example.com A ${second.domainName}`]);
    expect([served('example.com.'), served('www.example.com.')]).toEqual([second.domainName, second.domainName]);

    expect((await local.destroy(STACK_NAME)).status).toBe('DELETE_COMPLETE');
    expect(entries()).toEqual(['mail.example.com A 192.0.2.25']);
    expect([served('example.com.'), served('www.example.com.')]).toEqual([undefined, undefined]);
    expect(certificates(local.emulator)).toEqual([]);
  });
});
