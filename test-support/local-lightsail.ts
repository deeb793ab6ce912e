import * as FakeTimers from '@sinonjs/fake-timers';
import { CertificateAttachment, FailWhileInProgress, LocalCloudFormation, StackResult } from './driver';
import type { AssemblySource } from './driver';
import { LightsailEmulator, LightsailEmulatorOptions } from './emulator';

/** Options of {@link LocalLightsail.start}. */
export interface LocalLightsailOptions {
  /** Options of the emulator (clock, delays, page size...). */
  readonly emulator?: LightsailEmulatorOptions;
  /** Receives one line per stack event, like `cdk deploy` prints them. @default nothing is printed */
  readonly log?: (line: string) => void;
  /** Receives what the handlers log. @default dropped */
  readonly functionLog?: (functionName: string, line: string) => void;
  /**
   * How long (emulated milliseconds) a deleted distribution or container service keeps holding its
   * certificate, as Lightsail releases it some time after the resource is gone.
   * @default 0
   */
  readonly releaseDelayMs?: number;
  /** Hosted zones that exist outside the stacks, zone id → zone name. @default none */
  readonly hostedZones?: Readonly<Record<string, string>>;
  /** Another resource fails while a custom resource is created: see `LocalCloudFormationOptions.failWhileInProgress`. @default none */
  readonly failWhileInProgress?: FailWhileInProgress;
}

/**
 * Environment for an offline CDK CLI run: dummy credentials and region, and no instance metadata
 * service, so that the CLI's look-up of the default account fails at once instead of waiting on
 * network time-outs (about 7 s a run).
 */
export const OFFLINE_CLI_ENVIRONMENT: Readonly<Record<string, string>> = {
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_ACCESS_KEY_ID: 'AKIDLOCALLIGHTSAIL',
  AWS_SECRET_ACCESS_KEY: 'local-lightsail-secret',
  AWS_REGION: 'us-east-1',
};

/** The environment the AWS SDK reads, set while a {@link LocalLightsail} runs and restored after. */
const SDK_ENVIRONMENT = ['AWS_ENDPOINT_URL_LIGHTSAIL', 'AWS_ENDPOINT_URL_ROUTE_53', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_REGION'] as const;

/**
 * The Lightsail emulator and the local deploy driver wired together: Route 53 record sets land in
 * the emulator's DNS, distributions and container services attach certificates in the emulator
 * (refused unless ISSUED, and in us-east-1 for distributions), and the handlers' SDK clients talk to
 * the emulator over HTTP. What the demo, the lifecycle tests and the benchmarks deploy to.
 */
export class LocalLightsail {
  /** Starts the emulator and points the AWS SDK at it. Call {@link stop} when done. */
  public static async start(options: LocalLightsailOptions = {}): Promise<LocalLightsail> {
    let local: LocalLightsail | undefined;
    // The handlers' calls are checked against their role's policy; the caller's own are not.
    const emulator = await LightsailEmulator.start({ accessCheck: (request) => local?.cloudFormation.checkAccess(request), ...options.emulator });
    local = new LocalLightsail(emulator, options);
    return local;
  }

  /** The emulator: certificates, DNS, faults, the call log. */
  public readonly emulator: LightsailEmulator;
  /** The deploy driver. */
  public readonly cloudFormation: LocalCloudFormation;

  private readonly savedEnvironment: Record<string, string | undefined> = {};

  /**
   * One virtual clock for the whole session, shared by the emulator and the driver: only `Date` is
   * faked (timers and I/O stay real), it keeps moving with real time, and the driver jumps it where
   * CloudFormation would wait. Being one clock, what the emulator schedules in one operation (a
   * release, a validation) is still due in the next.
   */
  private readonly clock = FakeTimers.install({ toFake: ['Date'], now: Date.now(), shouldAdvanceTime: true });

  private constructor(emulator: LightsailEmulator, options: LocalLightsailOptions) {
    this.emulator = emulator;
    for (const name of SDK_ENVIRONMENT) {
      this.savedEnvironment[name] = process.env[name];
    }
    process.env.AWS_ENDPOINT_URL_LIGHTSAIL = emulator.endpoint;
    // Route 53 is served on the same endpoint (its paths start with /2013-04-01/).
    process.env.AWS_ENDPOINT_URL_ROUTE_53 = emulator.endpoint;
    process.env.AWS_ACCESS_KEY_ID = 'AKIDLOCALLIGHTSAIL';
    process.env.AWS_SECRET_ACCESS_KEY = 'local-lightsail-secret';
    delete process.env.AWS_SESSION_TOKEN;
    process.env.AWS_REGION = 'us-east-1';

    const releaseDelayMs = options.releaseDelayMs ?? 0;
    this.cloudFormation = new LocalCloudFormation({
      account: emulator.accountId,
      clock: this.clock,
      log: options.log,
      functionLog: options.functionLog,
      hostedZones: options.hostedZones,
      failWhileInProgress: options.failWhileInProgress,
      dnsSink: {
        upsert: (name, type, value) => emulator.dns.upsert({ name, type, value }),
        delete: (name, type) => {
          emulator.dns.delete(name, type);
        },
        // Zones the stacks create and `hostedZones` exist in the emulator's Route 53 too, for the
        // handlers' ChangeResourceRecordSets; deleting one that still holds records fails there.
        addZone: (id, name) => emulator.route53.addZone(id, name),
        removeZone: (id) => emulator.route53.removeZone(id),
      },
      hooks: {
        onAttachCertificate: (attachment) => this.attach(attachment),
        onDetachCertificate: (attachment) => emulator.detach(attachment.region, attachment.certificateName, { afterMs: releaseDelayMs }),
        onPutDistribution: (distribution) => emulator.putDistribution(distribution),
        onDeleteDistribution: (name) => emulator.removeDistribution(name),
      },
    });
  }

  /** Deploys (creates or updates) a stack of a synthesized assembly. Rejects with `StackOperationError` on failure. */
  public deploy(assembly: AssemblySource, stackName: string): Promise<StackResult> {
    return this.cloudFormation.deploy(assembly, stackName);
  }

  /** Deletes a stack. */
  public destroy(stackName: string): Promise<StackResult> {
    return this.cloudFormation.destroy(stackName);
  }

  /** Stops the emulator and restores the environment. */
  public async stop(): Promise<void> {
    await this.emulator.stop();
    this.clock.uninstall();
    for (const name of SDK_ENVIRONMENT) {
      const value = this.savedEnvironment[name];
      if (value === undefined) {
        delete process.env[name];
      } else {
        process.env[name] = value;
      }
    }
  }

  /** Lightsail attaches only an existing, ISSUED certificate (documented for distributions). */
  private attach(attachment: CertificateAttachment): void {
    const certificate = this.emulator.certificate(attachment.region, attachment.certificateName);
    if (!certificate) {
      throw new Error(`${attachment.resourceType} ${attachment.resourceName}: certificate ${attachment.certificateName} does not exist in ${attachment.region}`);
    }
    if (certificate.status !== 'ISSUED') {
      throw new Error(
        `${attachment.resourceType} ${attachment.resourceName}: certificate ${attachment.certificateName} is ${certificate.status}; only ISSUED certificates can be attached`,
      );
    }
    this.emulator.attach(attachment.region, attachment.certificateName);
  }
}
