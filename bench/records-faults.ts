/**
 * The validation-record protocol under faults, one run per seed: Lightsail and Route 53 calls throttled,
 * failing, dropped, or applied with their answer lost; records shared per account and domain (odd seeds)
 * or one per certificate (even seeds). Each run deploys two certificates for the same domains (two regions),
 * replaces one with overlapping domains, destroys the stack; then three certificates acquire one shared
 * record at once and release it at once, at an offset drawn from the seed. Counted: validation records
 * missing for a live certificate (after every step), records left behind (CNAME or holders TXT), and
 * certificates leaked.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { deleteCertificate } from '../lambda/lightsail';
import { publishRecords, releaseRecords, ZoneRecord } from '../lambda/records';
import { CertificateValidation, LightsailCertificate } from '../src';
import type { EmulatedCertificate, FaultRates } from '../test-support/emulator';
import { freshDeps } from '../test-support/fresh-deps';
import { LocalLightsail } from '../test-support/local-lightsail';

const ZONE = { hostedZoneId: 'Z0RECORDSBENCH', zoneName: 'example.com' } as const;
const STACK = 'RecordsBench';

/** What one run found. */
export interface RecordsFaultRun {
  readonly seed: number;
  readonly mode: string;
  /** Validation records of live certificates not in DNS, summed over the checks after each step. */
  readonly missingForLive: number;
  /** Record sets (CNAME or TXT) left in the zone at the end. */
  readonly recordsLeft: number;
  /** Certificates left at the end. */
  readonly leaked: number;
  /** Stack operations that did not end as they should. */
  readonly failedOperations: string[];
  /** Route 53 calls, and how many had a fault. */
  readonly route53Calls: number;
  readonly route53Faults: number;
  readonly realSeconds: number;
}

/** The run's fault rates: about a third of the calls of each service faulted. */
export const RECORDS_FAULT_RATES: Omit<FaultRates, 'seed'> = { throttling: 0.1, serviceException: 0.05, drop: 0.05, dropAfterApply: 0.1, route53: true };

/** The two templates, synthesized once for every seed. */
const assemblies = new Map<string, ReturnType<App['synth']>>();
const outdirs: string[] = [];

function assembly(alternates: string[]): ReturnType<App['synth']> {
  const key = alternates.join(',');
  if (!assemblies.has(key)) {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'records-bench-'));
    outdirs.push(outdir);
    const app = new App({ outdir });
    certificates(new Stack(app, STACK, { env: { account: '123456789012', region: 'eu-west-1' } }), alternates);
    assemblies.set(key, app.synth());
  }
  return assemblies.get(key)!;
}

/** Removes the synthesized assemblies. */
export function cleanUpRecordsBench(): void {
  outdirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true }));
  assemblies.clear();
}

function certificates(stack: Stack, primaryAlternates: string[]): void {
  const zone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', ZONE);
  new LightsailCertificate(stack, 'ForDistribution', { domainName: 'example.com', subjectAlternativeNames: primaryAlternates, validation: CertificateValidation.fromRoute53(zone) });
  new LightsailCertificate(stack, 'ForContainers', { domainName: 'example.com', subjectAlternativeNames: ['www.example.com'], region: 'eu-west-1', validation: CertificateValidation.fromRoute53(zone) });
}


/** Runs one seed. Real-time sleeps (the SDK's and the handler's backoff) are shortened 100×: what happens is the same. */
export async function measureRecordsFaultRun(seed: number): Promise<RecordsFaultRun> {
  const mode = seed % 2 === 1 ? 'per-account-domain' : 'per-certificate';
  const original = globalThis.setTimeout;
  globalThis.setTimeout = Object.assign((fn: (...a: unknown[]) => void, ms?: number, ...args: unknown[]) =>
    original(fn, ms !== undefined && ms >= 20 && ms <= 30_000 ? Math.ceil(ms / 100) : ms, ...args), original) as unknown as typeof setTimeout;
  const local = await LocalLightsail.start({
    emulator: { modes: { validationRecords: mode as never } },
    hostedZones: { [ZONE.hostedZoneId]: ZONE.zoneName },
  });
  const started = process.hrtime.bigint();
  const { emulator } = local;
  let missingForLive = 0;
  const failedOperations: string[] = [];
  const check = () => {
    for (const c of emulator.certificates().filter((x) => x.status === 'ISSUED' || x.status === 'PENDING_VALIDATION')) {
      missingForLive += c.domainValidationRecords.filter((v) => !v.resourceRecord || !emulator.dns.has(v.resourceRecord)).length;
    }
  };
  const step = async (name: string, run: () => Promise<unknown>) => {
    try {
      await run();
    } catch (error) {
      failedOperations.push(`${name}: ${(error as { result?: { statusReason?: string } }).result?.statusReason ?? String(error)}`);
    }
  };
  try {
    emulator.faults.setRates({ seed, ...RECORDS_FAULT_RATES });
    for (const alternates of [['www.example.com'], ['www.example.com', 'api.example.com']]) {
      await step(`deploy ${alternates.join(',')}`, () => local.deploy(assembly(alternates), STACK));
      check();
    }
    await step('destroy', () => local.destroy(STACK));

    // Three certificates share a record; two release it at once, at an offset drawn from the seed.
    const shared = ['us-east-1', 'eu-west-1', 'ap-southeast-2'].map((region, i) => emulator.seedCertificate({ region, name: `shared-${i}`, domainName: 'shared.example.com' }));
    const records = (c: EmulatedCertificate): ZoneRecord[] => c.domainValidationRecords
      .map((v) => ({ zoneId: ZONE.hostedZoneId, name: v.resourceRecord!.name, value: v.resourceRecord!.value }));
    await step('acquire', () => Promise.all(shared.map((c) => publishRecords(freshDeps(), records(c), c.arn))));
    check();
    const offset = (seed * 37) % 60;
    const releaseAndDelete = async (c: EmulatedCertificate) => {
      await releaseRecords(freshDeps(), records(c), c.arn, c.region);
      // As the handler deletes: retried under faults, and a delete whose answer was lost finds nothing.
      const deps = freshDeps();
      await deleteCertificate(deps, deps.lightsail(c.region), c.name);
    };
    await step('release two at once', () => Promise.all([
      releaseAndDelete(shared[0]),
      new Promise((resolve) => original(resolve, offset)).then(() => releaseAndDelete(shared[1])),
    ]));
    check();
    await step('release the last', () => releaseAndDelete(shared[2]));
  } finally {
    globalThis.setTimeout = original;
  }
  emulator.faults.clear();
  const route53Calls = emulator.calls.list({ service: 'route53' });
  const result: RecordsFaultRun = {
    seed,
    mode,
    missingForLive,
    recordsLeft: emulator.route53.recordSets(ZONE.hostedZoneId).length,
    leaked: emulator.certificates().length,
    failedOperations,
    route53Calls: route53Calls.length,
    route53Faults: route53Calls.filter((c) => c.fault !== undefined).length,
    realSeconds: Number(process.hrtime.bigint() - started) / 1e9,
  };
  await local.stop();
  return result;
}
