/**
 * The account the project's lifecycle tests, demo and benchmarks deploy to: the emulator (Lightsail,
 * Route 53, the DNS) and the driver (CloudFormation, Lambda, IAM) wired together, on one virtual clock.
 */
import { AccessRequest, answerCloudFormation, answerSts, CertificateAttachment, FailWhileInProgress, LocalCloudFormation, LoseResponse, StackResult } from './driver';
import type { AssemblySource, ScheduledInvocation } from './driver';
import { installVirtualDate } from './driver/virtual-clock';
import { LightsailEmulator, LightsailEmulatorOptions } from './emulator';

/** Options of {@link LocalLightsail.start}. */
export interface LocalLightsailOptions {
  /** Options of the emulator (delays, modes). */
  readonly emulator?: LightsailEmulatorOptions;
  /** Receives one line per stack event, like `cdk deploy` prints them. @default nothing is printed */
  readonly log?: (line: string) => void;
  /** Receives what the handlers log. @default dropped */
  readonly functionLog?: (functionName: string, line: string) => void;
  /** How long (emulated ms) a deleted distribution keeps holding its certificate: Lightsail releases it some time after. @default 0 */
  readonly releaseDelayMs?: number;
  /** Hosted zones that exist outside the stacks (imported), zone id → zone name. @default none */
  readonly hostedZones?: Readonly<Record<string, string>>;
  /** Hosted zones of other accounts, zone id → zone name and owning account (reach them with roles put in `cloudFormation.iam`). @default none */
  readonly foreignHostedZones?: Readonly<Record<string, { readonly name: string; readonly account: string }>>;
  /** Another resource fails while a custom resource is created: see `LocalCloudFormationOptions.failWhileInProgress`. */
  readonly failWhileInProgress?: FailWhileInProgress;
  /** A custom resource's first answer is lost: see `LocalCloudFormationOptions.loseResponse`. */
  readonly loseResponse?: LoseResponse;
}

/**
 * Environment for an offline CDK CLI run: dummy credentials and region, and no instance metadata service,
 * so that the CLI's look-up of the default account fails at once instead of after network time-outs.
 */
export const OFFLINE_CLI_ENVIRONMENT: Readonly<Record<string, string>> = {
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_ACCESS_KEY_ID: 'AKIDLOCALLIGHTSAIL',
  AWS_SECRET_ACCESS_KEY: 'local-lightsail-secret',
  AWS_REGION: 'us-east-1',
};

/** The variables the AWS SDK reads, set while a {@link LocalLightsail} runs and restored after. */
const SDK_ENVIRONMENT = ['AWS_ENDPOINT_URL_LIGHTSAIL', 'AWS_ENDPOINT_URL_ROUTE_53', 'AWS_ENDPOINT_URL_CLOUDFORMATION', 'AWS_ENDPOINT_URL_ACM', 'AWS_ENDPOINT_URL_ACCOUNT', 'AWS_ENDPOINT_URL_CLOUDWATCH', 'AWS_ENDPOINT_URL_STS', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_REGION'] as const;

/**
 * The emulator and the driver wired together: the SDK of the caller and of the handlers points at the
 * emulator; the handlers' calls are checked against their role's policy (the caller's are not); the
 * stacks' hosted zones (and `hostedZones`) and record sets are the emulator's Route 53's; distributions
 * are the emulator's too, and attach certificates there (refused unless ISSUED in us-east-1); one
 * virtual clock for everything.
 */
export class LocalLightsail {
  /** Starts the emulator and points the AWS SDK at it. Call {@link stop} when done. */
  public static async start(options: LocalLightsailOptions = {}): Promise<LocalLightsail> {
    let local: LocalLightsail | undefined;
    const accessCheck = (request: AccessRequest) => local?.cloudFormation.checkAccess(request);
    const emulator = await LightsailEmulator.start({
      accessCheck,
      // CloudFormation's API answers from the driver's stacks.
      cloudFormation: (call, scope) => answerCloudFormation(call, scope, {
        lookup: (stack, logicalId) => local!.cloudFormation.describeStackResource(stack, logicalId),
        accessCheck,
        accountId: emulator.accountId,
      }),
      // STS's AssumeRole answers from the driver's roles and those of other accounts (`cloudFormation.iam.putRole`).
      sts: (call, scope) => answerSts(call, scope, local!.cloudFormation.iam),
      ...options.emulator,
    });
    local = new LocalLightsail(emulator, options);
    return local;
  }

  /** The emulator: certificates, DNS, Route 53, faults, the call log. */
  public readonly emulator: LightsailEmulator;
  /** The deploy driver. */
  public readonly cloudFormation: LocalCloudFormation;

  private readonly savedEnvironment: Record<string, string | undefined> = {};
  /** The session's clock: what the emulator schedules in one operation (a release, a validation) is still due in the next. */
  private readonly clock = installVirtualDate();

  private constructor(emulator: LightsailEmulator, options: LocalLightsailOptions) {
    this.emulator = emulator;
    for (const name of SDK_ENVIRONMENT) this.savedEnvironment[name] = process.env[name];
    // Route 53, ACM, Account and CloudFormation (played by the driver) are served on the same endpoint (by path or X-Amz-Target).
    Object.assign(process.env, {
      AWS_ENDPOINT_URL_LIGHTSAIL: emulator.endpoint,
      AWS_ENDPOINT_URL_ROUTE_53: emulator.endpoint,
      AWS_ENDPOINT_URL_ACM: emulator.endpoint,
      AWS_ENDPOINT_URL_ACCOUNT: emulator.endpoint,
      AWS_ENDPOINT_URL_CLOUDFORMATION: emulator.endpoint,
      AWS_ENDPOINT_URL_CLOUDWATCH: emulator.endpoint,
      AWS_ENDPOINT_URL_STS: emulator.endpoint,
      AWS_REGION: 'us-east-1',
    });
    const { AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY } = OFFLINE_CLI_ENVIRONMENT;
    Object.assign(process.env, { AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY });
    delete process.env.AWS_SESSION_TOKEN;
    for (const [id, name] of Object.entries(options.hostedZones ?? {})) emulator.route53.addZone(id, name);
    for (const [id, zone] of Object.entries(options.foreignHostedZones ?? {})) emulator.route53.addZone(id, zone.name, zone.account);
    this.cloudFormation = new LocalCloudFormation({
      account: emulator.accountId,
      clock: this.clock,
      log: options.log,
      functionLog: options.functionLog,
      failWhileInProgress: options.failWhileInProgress,
      loseResponse: options.loseResponse,
      hooks: {
        onHostedZoneCreated: (id, name) => emulator.route53.addZone(id, name),
        // Deleting a zone that still holds records fails, as in Route 53.
        onHostedZoneDeleted: (id) => emulator.route53.removeZone(id),
        onChangeRecordSets: (zoneId, changes) => {
          // CloudFormation writes a stack's record sets with the stack's credentials, which reach no zone of another
          // account (Route 53 has no resource-based policies). unverified: the exact message CloudFormation relays.
          const owner = emulator.route53.zoneAccount(zoneId);
          if (owner !== undefined && owner !== emulator.accountId) {
            throw new Error(`AccessDenied: hosted zone ${zoneId} is in account ${owner}; the stack's account ${emulator.accountId} is not authorized to access this resource`);
          }
          emulator.route53.changeResourceRecordSets(zoneId, changes);
        },
        onPutDistribution: (distribution) => emulator.putDistribution(distribution),
        onDeleteDistribution: (name) => emulator.removeDistribution(name),
        onPutLoadBalancer: (region, name) => emulator.addLoadBalancer(region, name),
        onDeleteLoadBalancer: (region, name) => emulator.removeLoadBalancer(region, name),
        onAttachCertificate: (attachment) => this.attach(attachment),
        onDetachCertificate: (a) => emulator.detach(a.region, a.certificateName, { afterMs: options.releaseDelayMs ?? 0 }),
      },
    });
  }

  /** Deploys (creates or updates) a stack of a synthesized assembly. Rejects with `StackOperationError` on failure. */
  public deploy(assembly: AssemblySource, stackName: string): Promise<StackResult> {
    return this.cloudFormation.deploy(assembly, stackName);
  }

  /** Lets virtual days pass; the stacks' daily rules invoke their functions at the end of each (see `LocalCloudFormation.passDays`). */
  public passDays(days: number): Promise<ScheduledInvocation[]> {
    return this.cloudFormation.passDays(days);
  }

  /** Deletes a stack. */
  public destroy(stackName: string): Promise<StackResult> {
    return this.cloudFormation.destroy(stackName);
  }

  /** Stops the emulator and restores the clock and the environment. */
  public async stop(): Promise<void> {
    await this.emulator.stop();
    this.clock.uninstall();
    for (const name of SDK_ENVIRONMENT) {
      if (this.savedEnvironment[name] === undefined) delete process.env[name];
      else process.env[name] = this.savedEnvironment[name];
    }
  }

  /** Lightsail attaches only an existing, ISSUED certificate (documented for distributions). */
  private attach(a: CertificateAttachment): void {
    const certificate = this.emulator.certificate(a.region, a.certificateName);
    if (!certificate) throw new Error(`${a.resourceType} ${a.resourceName}: certificate ${a.certificateName} does not exist in ${a.region}`);
    if (certificate.status !== 'ISSUED') {
      throw new Error(`${a.resourceType} ${a.resourceName}: certificate ${a.certificateName} is ${certificate.status}; only ISSUED certificates can be attached`);
    }
    this.emulator.attach(a.region, a.certificateName);
  }
}
