import { App, Stack } from 'aws-cdk-lib';
import { BENCH_ZONE, buildStack, removeAssembly } from './synth';
import type { CallRecord, LightsailEmulatorOptions } from '../test-support/emulator';
import { LocalLightsail } from '../test-support/local-lightsail';

const ISSUED_TYPE = 'Custom::LightsailCertificateIssued';
/** The pause between two reads of the wait (lambda/issued.ts). */
const POLL_SECONDS = 10;

/** How quickly a deploy notices ISSUED, and what it costs in API calls. */
export interface IssuedDetection {
  /** Emulated seconds from the wait starting (the CNAMEs are in DNS) to the certificate becoming ISSUED. */
  readonly validationSeconds: number;
  /** Emulated seconds from ISSUED to the last link of the wait completing. */
  readonly noticedAfterSeconds: number;
  /** Emulated seconds the whole wait (every link) took. */
  readonly waitSeconds: number;
  /** Links of the chain that were running when ISSUED came (1-based). */
  readonly noticedByLink: number;
  /** `GetCertificates` calls made while waiting. */
  readonly waitCalls: number;
  /** Reads the wait makes at one per 10 s: for each link, one at its start and one per full 10 s it ran. */
  readonly expectedReads: number;
  /** The longest pause between two `GetCertificates` calls of the same link (emulated seconds). */
  readonly longestPauseSeconds: number;
}

/** API calls per certificate for one create-and-destroy of a stack. */
export interface LifecycleCalls {
  readonly certificates: number;
  /** Per certificate, by operation, during the deploy. */
  readonly deploy: Record<string, number>;
  /** Per certificate, by operation, during the destroy. */
  readonly destroy: Record<string, number>;
  readonly realSeconds: number;
}

/** The bench's hosted zone exists outside the stacks, as an imported zone does. */
const HOSTED_ZONES = { [BENCH_ZONE.hostedZoneId]: BENCH_ZONE.zoneName };

async function withLocal<T>(emulator: LightsailEmulatorOptions, run: (local: LocalLightsail) => Promise<T>): Promise<T> {
  const local = await LocalLightsail.start({ emulator, hostedZones: HOSTED_ZONES });
  try {
    return await run(local);
  } finally {
    await stop(local);
  }
}

/** Stacks whose assemblies are to be removed once their deploys are done. */
const synthesized: Stack[] = [];

function synthesize(count: number) {
  const stack = buildStack('LightsailCertificate', count);
  synthesized.push(stack);
  return { assembly: (stack.node.root as App).synth(), stackName: stack.stackName };
}

async function stop(local: LocalLightsail): Promise<void> {
  await local.stop();
  synthesized.splice(0).forEach(removeAssembly);
}

/**
 * Deploys one certificate (default timeout: 3 links) whose validation takes `validationDelayMs` after
 * its CNAMEs are in DNS, and measures the wait. The calls of each link are those the emulator logged
 * between the link's CREATE_IN_PROGRESS and CREATE_COMPLETE events (resources run one at a time).
 */
export async function measureIssuedDetection(validationDelayMs: number): Promise<IssuedDetection> {
  const marks: Array<{ logicalId: string; status: string; calls: number }> = [];
  let local: LocalLightsail | undefined;
  const log = (line: string) => {
    const [, , status, type, display] = line.split(' | ').map((part) => part.trim());
    if (type === ISSUED_TYPE && local) {
      marks.push({ logicalId: display.replace(/^.*\((.*)\)$/, '$1'), status, calls: local.emulator.calls.count() });
    }
  };
  local = await LocalLightsail.start({ emulator: { validationDelayMs }, hostedZones: HOSTED_ZONES, log });
  try {
    const { emulator } = local;
    const { assembly, stackName } = synthesize(1);
    const result = await local.deploy(assembly, stackName);
    const events = result.events.filter((e) => e.resourceType === ISSUED_TYPE);
    const links = [...new Set(events.map((e) => e.logicalId))].map((id) => {
      const of = (status: string) => events.find((e) => e.logicalId === id && e.status === status)!.timestamp.getTime();
      const mark = (status: string) => marks.find((m) => m.logicalId === id && m.status === status)!.calls;
      const reads = emulator.calls.list().slice(mark('CREATE_IN_PROGRESS'), mark('CREATE_COMPLETE'));
      if (reads.some((c) => c.operation !== 'GetCertificates')) {
        throw new Error(`link ${id} made calls other than GetCertificates`);
      }
      return { started: of('CREATE_IN_PROGRESS'), completed: of('CREATE_COMPLETE'), reads: reads.map((c) => c.at) };
    }).sort((a, b) => a.started - b.started);
    const started = links[0].started;
    const completed = links[links.length - 1].completed;
    const [certificate] = emulator.certificates();
    const issuedAt = Number(certificate.issuedAt) * 1000;
    const pauses = links.flatMap((l) => l.reads.slice(1).map((at, i) => at - l.reads[i]));
    return {
      validationSeconds: (issuedAt - started) / 1000,
      noticedAfterSeconds: (completed - issuedAt) / 1000,
      waitSeconds: (completed - started) / 1000,
      noticedByLink: links.filter((l) => l.started <= issuedAt).length,
      waitCalls: links.reduce((n, l) => n + l.reads.length, 0),
      expectedReads: links.reduce((n, l) => n + Math.floor((l.completed - l.started) / 1000 / POLL_SECONDS) + 1, 0),
      longestPauseSeconds: Math.max(0, ...pauses) / 1000,
    };
  } finally {
    await stop(local);
  }
}

function perCertificate(calls: readonly CallRecord[], count: number): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const call of calls) {
    counts[call.operation] = (counts[call.operation] ?? 0) + 1;
  }
  return Object.fromEntries(Object.entries(counts).map(([op, n]) => [op, n / count]));
}

/** Creates and destroys a stack of `count` certificates (validation at once) and counts the API calls. */
export function measureLifecycleCalls(count: number): Promise<LifecycleCalls> {
  return withLocal({}, async (local) => {
    const start = process.hrtime.bigint();
    const { assembly, stackName } = synthesize(count);
    await local.deploy(assembly, stackName);
    const deployed = local.emulator.calls.count();
    await local.destroy(stackName);
    const calls = local.emulator.calls.list();
    if (local.emulator.certificates().length !== 0) {
      throw new Error('certificates left behind');
    }
    return {
      certificates: count,
      deploy: perCertificate(calls.slice(0, deployed), count),
      destroy: perCertificate(calls.slice(deployed), count),
      realSeconds: Number(process.hrtime.bigint() - start) / 1e9,
    };
  });
}

/** The faults of a fault run: a share of all calls, split evenly over the per-call kinds. */
export interface FaultSetup {
  /** Share of calls that fail, in [0, 1). */
  readonly rate: number;
  /** The seed of the emulator's draw. */
  readonly seed: number;
  /** Certificates in the stack. */
  readonly certificates: number;
  /** Emulated ms validation takes once the CNAMEs are in DNS. */
  readonly validationDelayMs: number;
  /** Detailed reads of each new certificate that show no validation records yet. */
  readonly lateRecordReads: number;
  /** Reads right after create that leave a new certificate out. */
  readonly hiddenReads: number;
}

/** The per-call fault kinds a fault run draws from. */
export const FAULT_KINDS = ['throttling', 'serviceException', 'drop', 'dropAfterApply'] as const;

/** What one fault run found. */
export interface FaultRun {
  readonly setup: FaultSetup;
  /** The stack status after the deploy (`CREATE_COMPLETE`, or how it failed). */
  readonly deployStatus: string;
  /** Why the deploy failed, when it did. */
  readonly deployReason?: string;
  /** Certificates in the account right after the deploy. */
  readonly afterDeploy: number;
  /** The stack status after the destroy. */
  readonly destroyStatus: string;
  /** API calls per certificate, deploy and destroy. */
  readonly callsPerCertificate: number;
  /** Calls that had a fault injected, by kind. */
  readonly injected: Record<string, number>;
  /** Calls applied and then left unanswered (\`dropAfterApply\`), by operation: what the client retried after it had happened. */
  readonly appliedThenDropped: Record<string, number>;
  /** Every call. */
  readonly calls: number;
  /** Emulated seconds from the start of the deploy to the end of the destroy. */
  readonly emulatedSeconds: number;
  /** Real seconds, same span. */
  readonly realSeconds: number;
  /** Certificates left after the destroy. */
  readonly leaked: number;
  /** DNS records (validation CNAMEs) left after the destroy. */
  readonly recordsLeft: number;
  /** Lightsail calls (those faults are injected into). */
  readonly lightsailCalls: number;
  /**
   * Certificates beyond one that existed at the same time for one name or one domain set, at any
   * moment of the run (replayed from the applied `CreateCertificate` and `DeleteCertificate` calls),
   * plus any beyond one per name or domain set seen right after the deploy.
   */
  readonly duplicated: number;
}

/** The key of a certificate's domain set, order and case ignored. */
function domainSet(domainName: unknown, alternateNames: unknown): string {
  const names = [String(domainName), ...((alternateNames as string[] | undefined) ?? [])].map((d) => d.toLowerCase());
  return [...new Set(names)].sort().join(',');
}

/** The service a call went to: `lightsail` or `route53`. */
export function serviceOf(call: CallRecord): string {
  return (call as { service?: string }).service ?? 'lightsail';
}

/** A Lightsail call that changed the service: answered, or applied and then dropped. */
function applied(call: CallRecord): boolean {
  return serviceOf(call) === 'lightsail' && (call.outcome === 'ok' || call.fault === 'dropAfterApply');
}

/** The most certificates beyond one that existed at once per domain set, replaying the calls. */
export function peakDuplicates(calls: readonly CallRecord[]): number {
  const live = new Map<string, string>(); // region/name → domain set
  const peak = new Map<string, number>(); // domain set → most live at once
  for (const call of calls.filter(applied)) {
    const key = `${call.region}/${String(call.input.certificateName)}`;
    if (call.operation === 'CreateCertificate') {
      const set = domainSet(call.input.domainName, call.input.subjectAlternativeNames);
      live.set(key, set);
      const now = [...live.values()].filter((s) => s === set).length;
      peak.set(set, Math.max(peak.get(set) ?? 0, now));
    } else if (call.operation === 'DeleteCertificate') {
      live.delete(key);
    }
  }
  return [...peak.values()].reduce((n, p) => n + Math.max(0, p - 1), 0);
}

function beyondOne(keys: string[]): number {
  const counts = new Map<string, number>();
  keys.forEach((k) => counts.set(k, (counts.get(k) ?? 0) + 1));
  return [...counts.values()].reduce((n, c) => n + Math.max(0, c - 1), 0);
}

/**
 * Deploys a stack of certificates and destroys it with faults injected into a share of all calls
 * (throttling, `ServiceException`, connections dropped before or after the call is applied), new
 * certificates whose records show late and that the list leaves out at first.
 */
export function measureFaultRun(setup: FaultSetup): Promise<FaultRun> {
  return withLocal({ validationDelayMs: setup.validationDelayMs }, async (local) => {
    const { emulator } = local;
    // Independent draws per kind: p per kind so that 1 - (1 - p)^kinds = rate.
    const p = 1 - (1 - setup.rate) ** (1 / FAULT_KINDS.length);
    emulator.faults.setRates({ seed: setup.seed, ...Object.fromEntries(FAULT_KINDS.map((k) => [k, p])) });
    // Besides the draw, the first CreateCertificate and the first DeleteCertificate are applied and
    // left unanswered, so that every run retries a create and a delete that already happened.
    emulator.faults.script({ kind: 'dropAfterApply', operation: 'CreateCertificate' }, { kind: 'dropAfterApply', operation: 'DeleteCertificate' });
    emulator.faults.setLateValidationRecords(setup.lateRecordReads);
    emulator.faults.setEmptyListAfterCreate(setup.hiddenReads);
    const { assembly, stackName } = synthesize(setup.certificates);

    const realStart = process.hrtime.bigint();
    const emulatedStart = Date.now();
    let deployStatus: string;
    let deployReason: string | undefined;
    try {
      deployStatus = (await local.deploy(assembly, stackName)).status;
    } catch (error) {
      const result = (error as { result?: { status: string; statusReason?: string } }).result;
      deployStatus = result?.status ?? 'ERROR';
      deployReason = result?.statusReason ?? String(error);
    }
    const afterDeploy = emulator.certificates();
    let destroyStatus: string;
    try {
      destroyStatus = (await local.destroy(stackName)).status;
    } catch (error) {
      destroyStatus = (error as { result?: { status: string } }).result?.status ?? `ERROR: ${String(error)}`;
    }
    const emulatedSeconds = (Date.now() - emulatedStart) / 1000;
    const realSeconds = Number(process.hrtime.bigint() - realStart) / 1e9;

    const calls = emulator.calls.list();
    const injected: Record<string, number> = {};
    calls.filter((c) => c.fault !== undefined).forEach((c) => { injected[c.fault!] = (injected[c.fault!] ?? 0) + 1; });
    const appliedThenDropped: Record<string, number> = {};
    calls.filter((c) => c.fault === 'dropAfterApply').forEach((c) => { appliedThenDropped[c.operation] = (appliedThenDropped[c.operation] ?? 0) + 1; });
    const seenAfterDeploy = beyondOne(afterDeploy.map((c) => `${c.region}/${c.name}`))
      + beyondOne(afterDeploy.map((c) => domainSet(c.domainName, c.subjectAlternativeNames)));
    return {
      setup,
      deployStatus,
      deployReason,
      afterDeploy: afterDeploy.length,
      destroyStatus,
      callsPerCertificate: calls.length / setup.certificates,
      injected,
      appliedThenDropped,
      calls: calls.length,
      emulatedSeconds,
      realSeconds,
      leaked: emulator.certificates().length,
      recordsLeft: emulator.dns.list().filter((r) => r.type === 'CNAME').length,
      lightsailCalls: calls.filter((c) => serviceOf(c) === 'lightsail').length,
      duplicated: Math.max(peakDuplicates(calls), seenAfterDeploy),
    };
  });
}
