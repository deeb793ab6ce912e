/**
 * A certificate validated in a hosted zone of another account: the provider assumes the role the user
 * named there (STS AssumeRole, with the external id) for that zone's Route 53 calls only, writes the
 * records in that zone, removes them on destroy; and a role whose trust or permissions are missing fails
 * the deploy with a message that says so, as IAM would.
 */
import * as iam from 'aws-cdk-lib/aws-iam';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { certificates, deployFailing, ENV, failureReasons, STACK_NAME, synth, useLocalLightsail } from './harness';
import { CertificateValidation, LightsailCertificate } from '../../src';
import type { ExternalRole, TrustStatement } from '../../test-support/driver';
import type { PolicyStatement } from '../../test-support/driver/iam';

const DNS_ACCOUNT = '210987654321';
const ZONE_ID = 'Z0DNSACCOUNT01';
const ROLE_ARN = `arn:aws:iam::${DNS_ACCOUNT}:role/LightsailValidation`;
const EXTERNAL_ID = 'cdk-lightsail-certificate';

const env = useLocalLightsail({ foreignHostedZones: { [ZONE_ID]: { name: 'example.com', account: DNS_ACCOUNT } } });

/** The trust policy the README shows: the workload account may assume the role, with the external id. */
const TRUST: TrustStatement = {
  Effect: 'Allow',
  Principal: { AWS: `arn:aws:iam::${ENV.account}:root` },
  Action: 'sts:AssumeRole',
  Condition: { StringEquals: { 'sts:ExternalId': EXTERNAL_ID } },
};

/** The permissions policy the README shows: validation records only. */
const PERMISSIONS: PolicyStatement[] = [
  {
    Effect: 'Allow',
    Action: 'route53:ChangeResourceRecordSets',
    Resource: `arn:aws:route53:::hostedzone/${ZONE_ID}`,
    Condition: {
      'ForAllValues:StringEquals': { 'route53:ChangeResourceRecordSetsRecordTypes': ['CNAME', 'TXT'] },
      'ForAllValues:StringLike': { 'route53:ChangeResourceRecordSetsNormalizedRecordNames': ['_*'] },
    },
  },
  { Effect: 'Allow', Action: 'route53:ListResourceRecordSets', Resource: `arn:aws:route53:::hostedzone/${ZONE_ID}` },
  { Effect: 'Allow', Action: 'route53:GetChange', Resource: 'arn:aws:route53:::change/*' },
];

function putRole(role: Partial<ExternalRole> = {}): void {
  env.local.cloudFormation.iam.putRole({ roleArn: ROLE_ARN, trustPolicy: { Statement: [TRUST] }, policies: [{ Statement: PERMISSIONS }], ...role });
}

function app(domains: string[] = ['example.com', 'www.example.com'], options: { externalId?: string; role?: boolean; tags?: Record<string, string> } = {}) {
  return synth((stack) => {
    const zone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: ZONE_ID, zoneName: 'example.com' });
    const role = iam.Role.fromRoleArn(stack, 'DnsRole', ROLE_ARN);
    new LightsailCertificate(stack, 'Certificate', {
      domainName: domains[0],
      subjectAlternativeNames: domains.slice(1),
      tags: options.tags,
      validation: options.role === false
        ? CertificateValidation.fromRoute53(zone)
        : CertificateValidation.fromRoute53CrossAccount(zone, { role, externalId: options.externalId ?? EXTERNAL_ID }),
    });
  });
}

/** The record sets of the zone in the DNS account, `<type> <name>`. */
function zoneRecords(): string[] {
  return env.emulator.route53.recordSets(ZONE_ID).map((r) => `${r.type} ${r.name}`);
}

/** Whether every validation record of every certificate is in the DNS account's zone. */
function recordsInZone(): boolean {
  const names = new Set(env.emulator.route53.recordSets(ZONE_ID).filter((r) => r.type === 'CNAME').map((r) => r.name));
  return certificates(env.emulator).every((c) => c.domainValidationRecords.every((v) => names.has(v.resourceRecord!.name.toLowerCase())));
}

describe('a hosted zone in another account, reached through a role', () => {
  test('deploy writes the records in that zone as the assumed role; an update keeps them; a domain change moves them; destroy removes them', async () => {
    putRole();
    const deployed = await env.local.deploy(app(), STACK_NAME);
    expect(deployed.status).toBe('CREATE_COMPLETE');
    expect(certificates(env.emulator).map((c) => c.status)).toEqual(['ISSUED']);
    expect(recordsInZone()).toBe(true);
    expect(zoneRecords().filter((r) => r.startsWith('CNAME'))).toHaveLength(2);

    // The role was assumed with the external id and a session that names the stack and the certificate.
    const assumed = env.emulator.calls.list({ operation: 'AssumeRole' });
    expect(assumed.length).toBeGreaterThan(0);
    expect(assumed.every((c) => c.outcome === 'ok' && c.input.RoleArn === ROLE_ARN && c.input.ExternalId === EXTERNAL_ID)).toBe(true);
    expect(String(assumed[0].input.RoleSessionName)).toMatch(new RegExp(`^${STACK_NAME}@Certificate`));
    // Every Route 53 call was signed with the assumed role's keys, not the function's own; Lightsail's with the function's.
    const route53Keys = new Set(env.emulator.calls.list({ service: 'route53' }).map((c) => c.accessKeyId));
    const lightsailKeys = new Set(env.emulator.calls.list({ service: 'lightsail' }).map((c) => c.accessKeyId));
    expect([...route53Keys].some((k) => lightsailKeys.has(k))).toBe(false);

    const tagged = await env.local.deploy(app(undefined, { tags: { team: 'web' } }), STACK_NAME);
    expect(tagged.status).toBe('UPDATE_COMPLETE');
    expect(recordsInZone()).toBe(true);

    const moved = await env.local.deploy(app(['example.com', 'api.example.com'], { tags: { team: 'web' } }), STACK_NAME);
    expect(moved.status).toBe('UPDATE_COMPLETE');
    expect(certificates(env.emulator)).toHaveLength(1);
    expect(recordsInZone()).toBe(true);
    // www's record went with the old certificate; example.com's and api's stay.
    expect(zoneRecords().filter((r) => r.startsWith('CNAME'))).toHaveLength(2);

    const destroyed = await env.local.destroy(STACK_NAME);
    expect(destroyed.status).toBe('DELETE_COMPLETE');
    expect(certificates(env.emulator)).toEqual([]);
    expect(zoneRecords()).toEqual([]);
  });

  test('a trust policy that does not allow the stack\'s account fails the deploy, naming the role and the trust policy', async () => {
    putRole({ trustPolicy: { Statement: [{ ...TRUST, Principal: { AWS: 'arn:aws:iam::999999999999:root' } }] } });
    const failed = await deployFailing(env.local, app());
    expect(failureReasons(failed)).toMatch(/Could not assume role arn:aws:iam::210987654321:role\/LightsailValidation .*AccessDenied.*trust policy/);
    expect(zoneRecords()).toEqual([]);
    expect(certificates(env.emulator)).toEqual([]);
  });

  test('a wrong external id fails as a missing trust does', async () => {
    putRole();
    const failed = await deployFailing(env.local, app(undefined, { externalId: 'not-the-one' }));
    expect(failureReasons(failed)).toMatch(/Could not assume role .*not authorized to perform: sts:AssumeRole.*sts:ExternalId/);
    expect(zoneRecords()).toEqual([]);
  });

  test('a role without the record permissions fails the deploy with IAM\'s message for the assumed role', async () => {
    putRole({ policies: [{ Statement: PERMISSIONS.filter((s) => s.Action !== 'route53:ChangeResourceRecordSets') }] });
    const failed = await deployFailing(env.local, app());
    expect(failureReasons(failed)).toMatch(/assumed-role\/LightsailValidation\/LifecycleStack@Certificate.* is not authorized to perform: route53:ChangeResourceRecordSets/);
    expect(zoneRecords()).toEqual([]);
    expect(certificates(env.emulator)).toEqual([]);
  });

  test('a role whose permissions were taken back after the deploy does not hold up the destroy: the certificate goes, its records stay in the zone', async () => {
    putRole();
    await env.local.deploy(app(), STACK_NAME);
    putRole({ policies: [] });
    const destroyed = await env.local.destroy(STACK_NAME);
    expect(destroyed.status).toBe('DELETE_COMPLETE');
    expect(certificates(env.emulator)).toEqual([]);
    expect(zoneRecords().filter((r) => r.startsWith('CNAME'))).toHaveLength(2);
  });

  test('without a role, the provider\'s own role can\'t reach a zone of another account', async () => {
    putRole();
    const failed = await deployFailing(env.local, app(undefined, { role: false }));
    expect(failureReasons(failed)).toMatch(/not authorized to access this resource/);
    expect(env.emulator.calls.list({ operation: 'AssumeRole' })).toEqual([]);
  });
});
