/**
 * The validation-record protocol against the emulator over the real SDK: two certificates sharing a
 * record release it at once, at every interleaving of their calls; answers lost after Route 53 applied a
 * change; a region without a Lightsail endpoint; an ACM certificate for the same domain; a record that
 * was in the zone before. Each in both emulator modes (records per account and domain, and per certificate).
 */
import { DeleteCertificateCommand, LightsailClient } from '@aws-sdk/client-lightsail';
import { compressRealTimeSleeps, useLocalLightsail } from './harness';
import { publishRecords, releaseRecords, ZoneRecord } from '../../lambda/records';
import { EmulatedCertificate, MODE_VALUES, ValidationRecordsMode } from '../../test-support/emulator';
import { freshDeps } from '../../test-support/fresh-deps';

const ZONE_ID = 'Z0RECORDS';
const env = useLocalLightsail({ hostedZones: { [ZONE_ID]: 'example.com' } });
compressRealTimeSleeps(10);


function recordsOf(certificate: EmulatedCertificate): ZoneRecord[] {
  return certificate.domainValidationRecords.map((v) => ({ zoneId: ZONE_ID, name: v.resourceRecord!.name, value: v.resourceRecord!.value }));
}

/** The zone's record sets other than the apex's. */
function zoneSets() {
  return env.emulator.route53.recordSets(ZONE_ID).map((r) => `${r.type} ${r.name} ${r.values.join(' ')}`);
}

/** Starts `second` once the emulator has seen `offset` calls after `from`, or `first` has ended. */
async function afterCalls(from: number, offset: number, first: Promise<void>, second: () => Promise<void>): Promise<void> {
  let ended = false;
  void first.finally(() => { ended = true; });
  while (!ended && env.emulator.calls.count() < from + offset) await new Promise((resolve) => setImmediate(resolve));
  await second();
}

// The handler's functions run in this process: their logs (which Lambda would keep) are not the test's output.
beforeEach(() => { jest.spyOn(console, 'log').mockImplementation(() => undefined); });
afterEach(() => { jest.restoreAllMocks(); });

describe.each(MODE_VALUES.validationRecords as ValidationRecordsMode[])('records %s', (mode) => {
  beforeEach(async () => {
    await env.restart({ hostedZones: { [ZONE_ID]: 'example.com' }, emulator: { modes: { validationRecords: mode }, latencyMs: { 'eu-west-1': 3, 'ap-southeast-2': 7 } } });
  });

  function twoCertificates(): [EmulatedCertificate, EmulatedCertificate] {
    const a = env.emulator.seedCertificate({ region: 'us-east-1', name: 'a', domainName: 'example.com' });
    const b = env.emulator.seedCertificate({ region: 'eu-west-1', name: 'b', domainName: 'example.com' });
    return [a, b];
  }

  test('two certificates sharing a record release it at once, at every offset: nothing is left, and each keeps it while it holds', async () => {
    for (let offset = 0; offset <= 48; offset += 3) {
      const [a, b] = twoCertificates();
      const deps = freshDeps();
      await publishRecords(deps, recordsOf(a), a.arn);
      await publishRecords(deps, recordsOf(b), b.arn);
      const from = env.emulator.calls.count();
      const releaseA = releaseRecords(freshDeps(), recordsOf(a), a.arn, 'us-east-1');
      const releaseB = afterCalls(from, offset, releaseA, () => releaseRecords(freshDeps(), recordsOf(b), b.arn, 'eu-west-1'));
      await Promise.all([releaseA, releaseB]);
      expect({ offset, sets: zoneSets() }).toEqual({ offset, sets: [] });
      await deleteSeeded();
    }
  });

  test('one of two holders releases: the record stays for the other', async () => {
    const [a, b] = twoCertificates();
    const deps = freshDeps();
    await publishRecords(deps, recordsOf(a), a.arn);
    await publishRecords(deps, recordsOf(b), b.arn);
    await releaseRecords(deps, recordsOf(a), a.arn, 'us-east-1');
    for (const r of recordsOf(b)) expect(env.emulator.dns.has({ name: r.name, type: 'CNAME', value: r.value })).toBe(true);
  });

  test.each(['ListResourceRecordSets', 'ChangeResourceRecordSets', 'GetChange'])('a lost answer of %s, at each of its calls: acquire and release end right', async (operation) => {
    for (let nth = 0; nth < 4; nth++) {
      const [a, b] = twoCertificates();
      const deps = freshDeps();
      await publishRecords(deps, recordsOf(b), b.arn);
      env.emulator.faults.script(...Array.from({ length: nth }, () => ({ kind: 'throttling' as const, operation })), { kind: 'dropAfterApply', operation });
      await publishRecords(deps, recordsOf(a), a.arn);
      env.emulator.faults.script({ kind: 'dropAfterApply', operation });
      await releaseRecords(deps, recordsOf(b), b.arn, 'eu-west-1');
      for (const r of recordsOf(a)) expect(env.emulator.dns.has({ name: r.name, type: 'CNAME', value: r.value })).toBe(true);
      await releaseRecords(deps, recordsOf(a), a.arn, 'us-east-1');
      expect(zoneSets()).toEqual([]);
      await deleteSeeded();
    }
  });

  test('a record that was in the zone before is never removed', async () => {
    const a = env.emulator.seedCertificate({ region: 'us-east-1', name: 'a', domainName: 'example.com' });
    const [record] = recordsOf(a);
    env.emulator.route53.changeResourceRecordSets(ZONE_ID, [{ action: 'CREATE', recordSet: { name: record.name, type: 'CNAME', ttl: 300, values: [record.value] } }]);
    const deps = freshDeps();
    await publishRecords(deps, [record], a.arn);
    await releaseRecords(deps, [record], a.arn, 'us-east-1');
    expect(zoneSets()).toEqual([`CNAME ${record.name} ${record.value}`]);
  });

  test('the scan asks Lightsail which regions it has, and never calls a region without an endpoint', async () => {
    const a = env.emulator.seedCertificate({ region: 'us-east-1', name: 'a', domainName: 'example.com' });
    const deps = freshDeps();
    await publishRecords(deps, recordsOf(a), a.arn);
    await releaseRecords(deps, recordsOf(a), a.arn, 'us-east-1');
    expect(zoneSets()).toEqual([]);
    const lightsail = env.emulator.calls.list({ service: 'lightsail' });
    expect(lightsail.filter((c) => c.operation === 'GetRegions')).toHaveLength(1);
    expect(lightsail.filter((c) => c.region === 'us-west-1')).toEqual([]);
    // ACM is read in every enabled region (us-west-1 included), and not in regions the account has not enabled.
    const acmRegions = env.emulator.calls.list({ service: 'acm' }).map((c) => c.region);
    expect(acmRegions).toContain('us-west-1');
    expect(acmRegions).not.toContain('af-south-1');
  });

  test('an ACM certificate of the account for the same domain (any key type) keeps the record when ACM shares it', async () => {
    const acm = env.emulator.acm.seed({ region: 'eu-central-1', domainName: 'example.com', keyAlgorithm: 'EC-prime256v1' });
    const a = env.emulator.seedCertificate({ region: 'us-east-1', name: 'a', domainName: 'example.com' });
    const deps = freshDeps();
    await publishRecords(deps, recordsOf(a), a.arn);
    await releaseRecords(deps, recordsOf(a), a.arn, 'us-east-1');
    const [record] = recordsOf(a);
    const shared = mode === 'per-account-domain';
    expect(zoneSets()).toEqual(shared ? [`CNAME ${record.name} ${record.value}`, `TXT _cdk-lsc-holders.${record.name} "kept:${acm.arn}" "released:${a.arn}"`] : []);
  });
});

/** Deletes every certificate, as each Delete does after its release. */
async function deleteSeeded(): Promise<void> {
  for (const c of env.emulator.certificates()) {
    const client = new LightsailClient({ region: c.region });
    await client.send(new DeleteCertificateCommand({ certificateName: c.name }));
    client.destroy();
  }
}
