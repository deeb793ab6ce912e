import { App } from 'aws-cdk-lib';
import { buildStack } from './synth';
import { LocalLightsail } from '../test-support/local-lightsail';

/** How quickly a deploy notices ISSUED, and what it costs in API calls. */
export interface IssuedDetection {
  /** Emulated seconds from the CNAMEs being in DNS to the certificate becoming ISSUED. */
  readonly validationSeconds: number;
  /** Emulated seconds from ISSUED to the wait resource completing. */
  readonly noticedAfterSeconds: number;
  /** Emulated seconds the wait resource took. */
  readonly waitSeconds: number;
  /** `GetCertificates` calls made while waiting. */
  readonly waitCalls: number;
}

/** API calls per certificate for one create-and-destroy of a stack. */
export interface LifecycleCalls {
  readonly certificates: number;
  readonly callsPerCertificate: Record<string, number>;
  readonly realSeconds: number;
}

async function withLocal<T>(validationDelayMs: number, run: (local: LocalLightsail) => Promise<T>): Promise<T> {
  const local = await LocalLightsail.start({ emulator: { validationDelayMs } });
  try {
    return await run(local);
  } finally {
    await local.stop();
  }
}

/**
 * `GetCertificates` calls of a deploy whose wait ends at its first poll, less that poll: the reads
 * that are not the wait's (the certificate resource's lookup and its records).
 */
let baseline: number | undefined;
async function baselineReads(): Promise<number> {
  baseline ??= await withLocal(0, async (local) => {
    const stack = buildStack('LightsailCertificate', 1);
    await local.deploy((stack.node.root as App).synth(), stack.stackName);
    return local.emulator.calls.count({ operation: 'GetCertificates' }) - 1;
  });
  return baseline;
}

/** Deploys one certificate whose validation takes `validationDelayMs` and measures the wait. */
export async function measureIssuedDetection(validationDelayMs: number): Promise<IssuedDetection> {
  const otherReads = await baselineReads();
  return withLocal(validationDelayMs, async (local) => {
    const stack = buildStack('LightsailCertificate', 1);
    const result = await local.deploy((stack.node.root as App).synth(), stack.stackName);
    const events = result.events.filter((e) => e.resourceType === 'Custom::LightsailCertificateIssued');
    const started = events.find((e) => e.status === 'CREATE_IN_PROGRESS')!.timestamp.getTime();
    const completed = events.find((e) => e.status === 'CREATE_COMPLETE')!.timestamp.getTime();
    const [certificate] = local.emulator.certificates();
    const issuedAt = Number(certificate.issuedAt) * 1000;
    const waitCalls = local.emulator.calls.count({ operation: 'GetCertificates' }) - otherReads;
    return {
      validationSeconds: (issuedAt - started) / 1000,
      noticedAfterSeconds: (completed - issuedAt) / 1000,
      waitSeconds: (completed - started) / 1000,
      waitCalls,
    };
  });
}

/** Creates and destroys a stack of `count` certificates and counts the API calls. */
export function measureLifecycleCalls(count: number): Promise<LifecycleCalls> {
  return withLocal(0, async (local) => {
    const start = process.hrtime.bigint();
    const stack = buildStack('LightsailCertificate', count);
    await local.deploy((stack.node.root as App).synth(), stack.stackName);
    await local.destroy(stack.stackName);
    const counts = local.emulator.calls.countsByOperation();
    const callsPerCertificate = Object.fromEntries(Object.entries(counts).map(([op, n]) => [op, n / count]));
    if (local.emulator.certificates().length !== 0) {
      throw new Error('certificates left behind');
    }
    return { certificates: count, callsPerCertificate, realSeconds: Number(process.hrtime.bigint() - start) / 1e9 };
  });
}
