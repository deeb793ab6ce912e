/**
 * Serving records in a hosted zone of another account: `LightsailDomainRecords` with `zoneAccess` has the
 * provider write the alias records as the role named there (STS AssumeRole), follow a replaced
 * distribution and a replaced certificate, remove them on destroy, refuse a record it did not write, and
 * fail clearly when the role's trust or permissions are missing (the driver checks every call against the
 * assumed role's policy in its own account).
 */
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lightsail from 'aws-cdk-lib/aws-lightsail';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { certificates, deployFailing, ENV, failureReasons, STACK_NAME, synth, useLocalLightsail } from './harness';
import { CertificateValidation, DomainTarget, LightsailCertificate, LightsailDomainRecords } from '../../src';
import type { ExternalRole, TrustStatement } from '../../test-support/driver';
import type { PolicyStatement } from '../../test-support/driver/iam';
import { dnsAccountPermissions, dnsAccountTrustPolicy } from '../dns-account-role';

const DNS_ACCOUNT = '210987654321';
const ZONE_ID = 'Z0DNSACCOUNT01';
const ROLE_ARN = `arn:aws:iam::${DNS_ACCOUNT}:role/LightsailDns`;
const RECORDS_ROLE_ARN = `arn:aws:iam::${DNS_ACCOUNT}:role/LightsailDnsRecords`;
const EXTERNAL_ID = 'cdk-lightsail-certificate';
/** CloudFront's hosted zone, which every distribution alias names. */
const CLOUDFRONT_ZONE = 'Z2FDTNDATAQYW2';

const env = useLocalLightsail({ foreignHostedZones: { [ZONE_ID]: { name: 'example.com', account: DNS_ACCOUNT } } });

/** The DNS account role as the README gives it (test/dns-account-role.ts, which the facts check holds to IAM's reference). */
const TRUST: TrustStatement = dnsAccountTrustPolicy(ENV.account).Statement[0];
const README_STATEMENTS = dnsAccountPermissions(ZONE_ID, ['example.com', 'www.example.com', 'api.example.com']).Statement;
const statement = (sid: string): PolicyStatement => README_STATEMENTS.find((s) => s.Sid === sid)!;
/** CNAME and TXT records whose names start with an underscore. */
const VALIDATION = statement('ValidationRecords');
/** A and AAAA records of the served names only. */
const SERVING = statement('ServingRecords');
const READS: PolicyStatement[] = [statement('ReadRecords'), statement('WaitForChanges')];

function putRole(role: Partial<ExternalRole> = {}): void {
  const policies = [{ Statement: [VALIDATION, SERVING, ...READS] }];
  env.local.cloudFormation.iam.putRole({ roleArn: ROLE_ARN, trustPolicy: { Statement: [TRUST] }, policies, ...role });
}

interface Options {
  readonly domains?: string[];
  readonly distributionName?: string;
  /** The role the records are written with (the validation's by default). */
  readonly recordsRole?: string;
  /** Whether `zoneAccess` is given. @default true */
  readonly zoneAccess?: boolean;
  /** Whether the app has the records. @default true */
  readonly records?: boolean;
}

/** A certificate validated in the DNS account's zone, a distribution taking it, and its records in that zone. */
function app(options: Options = {}) {
  const domains = options.domains ?? ['example.com', 'www.example.com'];
  return synth((stack) => {
    const zone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: ZONE_ID, zoneName: 'example.com' });
    const role = iam.Role.fromRoleArn(stack, 'DnsRole', ROLE_ARN);
    const certificate = new LightsailCertificate(stack, 'Certificate', {
      domainName: domains[0],
      subjectAlternativeNames: domains.slice(1),
      validation: CertificateValidation.fromRoute53CrossAccount(zone, { role, externalId: EXTERNAL_ID }),
    });
    const distribution = new lightsail.CfnDistribution(stack, 'Cdn', {
      distributionName: options.distributionName ?? 'site-cdn',
      bundleId: 'small_1_0',
      origin: { name: 'website-content', regionName: 'us-east-1', protocolPolicy: 'https-only' },
      defaultCacheBehavior: { behavior: 'cache' },
      certificateName: certificate.certificateName,
    });
    if (options.records === false) return;
    const recordsRole = options.recordsRole ? iam.Role.fromRoleArn(stack, 'RecordsRole', options.recordsRole) : role;
    new LightsailDomainRecords(stack, 'DomainRecords', {
      certificate,
      target: DomainTarget.distribution(distribution),
      zone,
      zoneAccess: options.zoneAccess === false ? undefined : { role: recordsRole, externalId: EXTERNAL_ID },
    });
  });
}

/** The alias records of the DNS account's zone, `<name> <type>` → target. */
function aliases(): Record<string, string> {
  return Object.fromEntries(env.emulator.route53.recordSets(ZONE_ID).filter((r) => r.type === 'A' || r.type === 'AAAA')
    .map((r) => [`${r.name} ${r.type}`, `${r.alias?.hostedZoneId} ${r.alias?.dnsName}`]));
}

function pointingAt(domain: string, names: string[]): Record<string, string> {
  return Object.fromEntries(names.flatMap((n) => ['A', 'AAAA'].map((t) => [`${n}. ${t}`, `${CLOUDFRONT_ZONE} ${domain}`])));
}

describe('serving records in a hosted zone of another account, through a role', () => {
  test('deploy writes the aliases as the assumed role; a replaced distribution and certificate move them; destroy leaves nothing', async () => {
    putRole();
    const created = await env.local.deploy(app(), STACK_NAME);
    expect(created.status).toBe('CREATE_COMPLETE');
    const [first] = env.emulator.listDistributions();
    expect(aliases()).toEqual(pointingAt(first.domainName, ['example.com', 'www.example.com']));
    // Written with the assumed role's keys, after it was assumed with the external id for this resource.
    const writes = env.emulator.calls.list({ operation: 'ChangeResourceRecordSets' })
      .filter((c) => JSON.stringify(c.input).includes('"Type":"A"'));
    expect(writes).toHaveLength(1);
    const lightsailKeys = new Set(env.emulator.calls.list({ service: 'lightsail' }).map((c) => c.accessKeyId));
    expect(lightsailKeys.has(writes[0].accessKeyId)).toBe(false);
    const sessions = env.emulator.calls.list({ operation: 'AssumeRole' }).map((c) => String(c.input.RoleSessionName));
    expect(sessions.some((s) => s.startsWith(`${STACK_NAME}@DomainRecordsAliasRecords`))).toBe(true);

    // The distribution is replaced (new domain) and the certificate too (other domains): www goes, api comes, the apex moves.
    const updated = await env.local.deploy(app({ domains: ['example.com', 'api.example.com'], distributionName: 'site-cdn-v2' }), STACK_NAME);
    expect(updated.status).toBe('UPDATE_COMPLETE');
    const distributions = env.emulator.listDistributions();
    expect(distributions.map((d) => d.name)).toEqual(['site-cdn-v2']);
    expect(distributions[0].domainName).not.toBe(first.domainName);
    expect(certificates(env.emulator)).toHaveLength(1);
    expect(aliases()).toEqual(pointingAt(distributions[0].domainName, ['api.example.com', 'example.com']));

    const destroyed = await env.local.destroy(STACK_NAME);
    expect(destroyed.status).toBe('DELETE_COMPLETE');
    expect(env.emulator.route53.recordSets(ZONE_ID)).toEqual([]);
    expect(certificates(env.emulator)).toEqual([]);
    expect(env.emulator.listDistributions()).toEqual([]);
  });

  test('records removed from the app while the certificate still names the role: the cleanup removes them', async () => {
    putRole();
    await env.local.deploy(app(), STACK_NAME);
    expect(Object.keys(aliases())).toHaveLength(4);
    const updated = await env.local.deploy(app({ records: false }), STACK_NAME);
    expect(updated.status).toBe('UPDATE_COMPLETE');
    expect(Object.keys(aliases())).toEqual([]);
    expect(certificates(env.emulator)).toHaveLength(1);
  });

  test('a lost answer to the batch that moves the aliases: the retry finds its own change and the update completes', async () => {
    putRole();
    await env.local.deploy(app(), STACK_NAME);
    env.emulator.faults.script({ kind: 'dropAfterApply', operation: 'ChangeResourceRecordSets' });
    const updated = await env.local.deploy(app({ distributionName: 'site-cdn-v2' }), STACK_NAME);
    expect(updated.status).toBe('UPDATE_COMPLETE');
    const [distribution] = env.emulator.listDistributions();
    expect(aliases()).toEqual(pointingAt(distribution.domainName, ['example.com', 'www.example.com']));
    expect(env.emulator.calls.list({ operation: 'ChangeResourceRecordSets' }).some((c) => c.outcome === 'dropped')).toBe(true);
    await env.local.destroy(STACK_NAME);
    expect(env.emulator.route53.recordSets(ZONE_ID)).toEqual([]);
  });

  test('a record the provider did not write is refused, named, and left as it was', async () => {
    putRole();
    env.emulator.route53.changeResourceRecordSets(ZONE_ID, [{ action: 'CREATE', recordSet: { name: 'www.example.com.', type: 'A', ttl: 300, values: ['192.0.2.10'] } }]);
    const failed = await deployFailing(env.local, app());
    expect(failureReasons(failed)).toMatch(/already has an A record for www\.example\.com pointing at 192\.0\.2\.10, which this resource did not write/);
    expect(env.emulator.route53.recordSets(ZONE_ID).map((r) => `${r.name} ${r.type} ${r.values.join(',')}`)).toEqual(['www.example.com. A 192.0.2.10']);
  });

  test('without zoneAccess, the stack\'s own record sets can\'t reach the zone: the deploy fails and nothing is written', async () => {
    putRole();
    const failed = await deployFailing(env.local, app({ zoneAccess: false }));
    expect(failureReasons(failed)).toMatch(/AccessDenied: hosted zone Z0DNSACCOUNT01 is in account 210987654321; the stack's account 123456789012 is not authorized/);
    expect(Object.keys(aliases())).toEqual([]);
  });

  test('a records role whose trust policy does not allow the stack fails the deploy, naming the role and the trust policy', async () => {
    putRole();
    env.local.cloudFormation.iam.putRole({
      roleArn: RECORDS_ROLE_ARN,
      trustPolicy: { Statement: [{ ...TRUST, Principal: { AWS: 'arn:aws:iam::999999999999:root' } }] },
      policies: [{ Statement: [SERVING, ...READS] }],
    });
    const failed = await deployFailing(env.local, app({ recordsRole: RECORDS_ROLE_ARN }));
    expect(failureReasons(failed)).toMatch(/Could not assume role arn:aws:iam::210987654321:role\/LightsailDnsRecords .*AccessDenied.*trust policy/);
    expect(Object.keys(aliases())).toEqual([]);
  });

  test('a role without the serving statement fails the deploy with IAM\'s message and what the policy must allow', async () => {
    putRole({ policies: [{ Statement: [VALIDATION, ...READS] }] });
    const failed = await deployFailing(env.local, app());
    expect(failureReasons(failed)).toMatch(/Route 53 refused the alias records in hosted zone Z0DNSACCOUNT01 to role .*LightsailDns .*assumed-role\/LightsailDns\/.* is not authorized to perform: route53:ChangeResourceRecordSets.*must allow route53:ChangeResourceRecordSets for A and AAAA records named example.com, www.example.com/);
    expect(Object.keys(aliases())).toEqual([]);
    expect(certificates(env.emulator)).toEqual([]);
  });
});
