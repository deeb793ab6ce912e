/**
 * Shared set-up of the lifecycle tests: builds real CDK apps with `LightsailCertificate`, synthesizes
 * them, and deploys them with `LocalLightsail` (the Lightsail emulator and the local deploy driver
 * wired together). Every test gets a fresh `LocalLightsail` (see {@link useLocalLightsail}).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, CfnElement, CfnOutput, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as lightsail from 'aws-cdk-lib/aws-lightsail';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { CertificateValidation, LightsailCertificate, LightsailCertificateProps } from '../../src';
import { OWNER_TAG_KEY } from '../../src/private/contract';
import { StackOperationError, StackResult } from '../../test-support/driver';
import { CallRecord, EmulatedCertificate, LightsailEmulator } from '../../test-support/emulator';
import { LocalLightsail, LocalLightsailOptions } from '../../test-support/local-lightsail';

/**
 * Jest runs tests in a realm of their own, whose `Error` is not the one Node's core modules throw with.
 * The AWS SDK (loaded in the test realm, as are the handlers the driver runs) checks `instanceof Error`
 * and wraps anything else as `AWS SDK error wrapper for <text>`, dropping `name` and `code`: a dropped
 * connection then reaches the handlers as a plain `Error`, unlike in Lambda, where there is one realm.
 * Recognising errors of any realm makes the test realm behave like Lambda's.
 */
function recogniseErrorsOfEveryRealm(): void {
  const ownHasInstance = Function.prototype[Symbol.hasInstance];
  if (Object.prototype.hasOwnProperty.call(Error, Symbol.hasInstance)) return;
  Object.defineProperty(Error, Symbol.hasInstance, {
    value: function hasInstance(this: unknown, value: unknown): boolean {
      if (ownHasInstance.call(this, value)) return true;
      return this === Error && Object.prototype.toString.call(value) === '[object Error]';
    },
    configurable: true,
  });
}
recogniseErrorsOfEveryRealm();

/** The stack every test deploys. */
export const STACK_NAME = 'LifecycleStack';

/**
 * The stack's environment: us-east-1, the only region CloudFormation has `AWS::Lightsail::Distribution`
 * in (the driver refuses it elsewhere, as CloudFormation does). Tests of a stack elsewhere name their region.
 */
export const ENV = { account: '123456789012', region: 'us-east-1' };

/** Where certificates for distributions live. */
export const CERT_REGION = 'us-east-1';

const outdirs: string[] = [];

/**
 * Builds an app with one stack (`LifecycleStack` unless named, in {@link ENV}'s account and region unless given), lets `define` fill it, and synthesizes it
 * into a fresh temporary directory (removed by {@link cleanUpAssemblies}).
 */
export function synth(define: (stack: Stack) => void, stackName = STACK_NAME, region = ENV.region): CloudAssembly {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'lifecycle-cdk-out-'));
  outdirs.push(outdir);
  const app = new App({ outdir });
  const stack = new Stack(app, stackName, { env: { ...ENV, region } });
  define(stack);
  return app.synth();
}

/** Removes the assemblies {@link synth} wrote. */
export function cleanUpAssemblies(): void {
  for (const dir of outdirs.splice(0)) {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** What a test file gets from {@link useLocalLightsail}. */
export interface LocalLightsailHandle {
  /** The running emulator and driver of the current test. */
  readonly local: LocalLightsail;
  /** Shortcut for `local.emulator`. */
  readonly emulator: LightsailEmulator;
  /**
   * Replaces the current test's `LocalLightsail` by one started with other options (the old one is
   * stopped). For tests that need e.g. `releaseDelayMs`.
   */
  restart(options: LocalLightsailOptions): Promise<LocalLightsail>;
}

/**
 * A fresh `LocalLightsail` for each test (started in `beforeEach`, stopped in `afterEach`), and the
 * synthesized assemblies removed after the file.
 *
 * @param options options of every test's `LocalLightsail`
 */
export function useLocalLightsail(options: LocalLightsailOptions = {}): LocalLightsailHandle {
  let current: LocalLightsail | undefined;
  beforeEach(async () => {
    current = await LocalLightsail.start(withLogs(options));
  });
  afterEach(async () => {
    await current?.stop();
    current = undefined;
  });
  afterAll(cleanUpAssemblies);
  return {
    get local(): LocalLightsail {
      if (!current) throw new Error('LocalLightsail is not started yet (use it inside a test).');
      return current;
    },
    get emulator(): LightsailEmulator {
      return this.local.emulator;
    },
    async restart(more: LocalLightsailOptions): Promise<LocalLightsail> {
      await current?.stop();
      current = await LocalLightsail.start(withLogs({ ...options, ...more }));
      return current;
    },
  };
}

/** `LIFECYCLE_LOG=1` prints the stack events and the handlers' logs, for debugging. */
function withLogs(options: LocalLightsailOptions): LocalLightsailOptions {
  if (!process.env.LIFECYCLE_LOG) return options;
  return {
    log: (line) => process.stdout.write(`${line}\n`),
    functionLog: (fn, line) => process.stdout.write(`[${fn}] ${line}\n`),
    ...options,
  };
}

/**
 * Shortens real-time sleeps for the tests of the calling file: every `setTimeout` of 200 ms to 30 s is
 * divided by `factor`. The driver moves only `Date` (virtual time); the AWS SDK's retry backoff and the
 * handlers' own backoff (`withRetries`, the reads of `waitForRecords`) sleep in real time, which under
 * injected faults adds seconds per certificate. What they do is unchanged, only how long they sleep.
 * Longer timers (Jest's test timeout) and short ones are left alone. `LIFECYCLE_REAL_SLEEPS=1` turns it
 * off, to measure the real figures.
 */
export function compressRealTimeSleeps(factor: number): void {
  if (process.env.LIFECYCLE_REAL_SLEEPS) return;
  const original = globalThis.setTimeout;
  beforeAll(() => {
    const shortened = (handler: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) =>
      original(handler, ms !== undefined && ms >= 200 && ms <= 30_000 ? Math.ceil(ms / factor) : ms, ...args);
    globalThis.setTimeout = Object.assign(shortened, original) as unknown as typeof setTimeout;
  });
  afterAll(() => {
    globalThis.setTimeout = original;
  });
}

/** Deploys and expects the deploy to fail; returns the failed operation's result. */
export async function deployFailing(local: LocalLightsail, assembly: CloudAssembly, stackName = STACK_NAME): Promise<StackResult> {
  return failedResult(local.deploy(assembly, stackName));
}

/** Destroys and expects the destroy to fail; returns the failed operation's result. */
export async function destroyFailing(local: LocalLightsail): Promise<StackResult> {
  return failedResult(local.destroy(STACK_NAME));
}

async function failedResult(operation: Promise<StackResult>): Promise<StackResult> {
  const outcome = await operation.then(
    (result) => ({ ok: true as const, result }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  if (outcome.ok) {
    throw new Error(`expected the operation to fail, but the stack ended ${outcome.result.status}`);
  }
  if (!(outcome.error instanceof StackOperationError)) throw outcome.error;
  return outcome.error.result;
}

/** The reasons of every failed event of an operation, joined: where a handler's message ends up. */
export function failureReasons(result: StackResult): string {
  return result.events.filter((e) => e.status.endsWith('_FAILED') && e.reason).map((e) => `${e.logicalId}: ${e.reason}`).join('\n');
}

/** Every certificate the emulator holds, in every region. */
export function certificates(emulator: LightsailEmulator): EmulatedCertificate[] {
  return emulator.certificates();
}

/** The tags of an emulated certificate as a map, without the owner tag the handler adds. */
export function tagsOf(certificate: EmulatedCertificate): Record<string, string> {
  return Object.fromEntries(certificate.tags.filter((t) => t.key !== OWNER_TAG_KEY).map((t) => [t.key, t.value ?? '']));
}

/** The owner tag of an emulated certificate: `<stack id>/<logical id>` of the resource that made it. */
export function ownerTagOf(certificate: EmulatedCertificate): string | undefined {
  return certificate.tags.find((t) => t.key === OWNER_TAG_KEY)?.value;
}

/** The operations the emulator received, in order (optionally only those from index `from` on). */
export function operations(emulator: LightsailEmulator, from = 0): string[] {
  return emulator.calls.list().slice(from).map((c) => c.operation);
}

/** Calls of one operation that the emulator applied (answered `ok`, or applied and then dropped). */
export function calls(emulator: LightsailEmulator, operation: string, from = 0): CallRecord[] {
  return emulator.calls.list({ operation }).filter((c) => c.seq > from);
}

/** A hosted zone and a certificate validated through it, with outputs for the name and ARN. */
export interface Website {
  readonly zone: route53.PublicHostedZone;
  readonly certificate: LightsailCertificate;
  readonly distribution: lightsail.CfnDistribution;
}

/** Options of {@link website}. */
export interface WebsiteOptions extends Partial<LightsailCertificateProps> {
  /** The zone's apex. @default 'example.com' */
  readonly zoneName?: string;
  /** Whether a distribution takes the certificate. @default true */
  readonly distribution?: boolean;
  /** Whether the zone is retained when the stack is deleted (as a retained certificate's records need). @default false */
  readonly retainZone?: boolean;
}

/**
 * The README's set-up in a stack: a `PublicHostedZone`, a certificate validated through it (apex and
 * `www`, unless overridden), a `CfnDistribution` that takes its name, and outputs `CertificateName` and
 * `CertificateArn`.
 */
export function website(stack: Stack, options: WebsiteOptions = {}): Website {
  const zoneName = options.zoneName ?? 'example.com';
  const { zoneName: _z, distribution: withDistribution, retainZone, ...props } = options;
  const zone = new route53.PublicHostedZone(stack, 'Zone', { zoneName });
  if (retainZone) zone.applyRemovalPolicy(RemovalPolicy.RETAIN);
  const certificate = new LightsailCertificate(stack, 'Certificate', {
    domainName: zoneName,
    subjectAlternativeNames: [`www.${zoneName}`],
    validation: CertificateValidation.fromRoute53(zone),
    ...props,
  });
  const distribution = new lightsail.CfnDistribution(stack, 'Cdn', {
    distributionName: 'website-cdn',
    bundleId: 'small_1_0',
    origin: { name: 'website-content', regionName: 'us-east-1', protocolPolicy: 'https-only' },
    defaultCacheBehavior: { behavior: 'cache' },
    isEnabled: withDistribution !== false,
    certificateName: withDistribution === false ? undefined : certificate.certificateName,
  });
  new CfnOutput(stack, 'CertificateName', { value: certificate.certificateName });
  new CfnOutput(stack, 'CertificateArn', { value: certificate.certificateArn });
  return { zone, certificate, distribution };
}

/** The logical id of a construct's CloudFormation element (an output, a resource). */
export function logicalIdOf(element: CfnElement): string {
  const stack = Stack.of(element);
  return stack.resolve(stack.getLogicalId(element));
}

/** The logical id of the one resource of a type in a stack. */
export function resourceIdOfType(result: StackResult, type: string): string {
  const ids = Object.entries(result.resources).filter(([, r]) => r.type === type).map(([id]) => id);
  if (ids.length !== 1) throw new Error(`expected one ${type}, found ${ids.length}`);
  return ids[0];
}

/** The events of one logical id, as `status` strings, in order. */
export function statusesOf(result: StackResult, logicalId: string): string[] {
  return result.events.filter((e) => e.logicalId === logicalId).map((e) => e.status);
}

/** The index in `result.events` of the first event that matches. */
export function eventIndex(result: StackResult, match: (e: StackResult['events'][number]) => boolean): number {
  return result.events.findIndex(match);
}
