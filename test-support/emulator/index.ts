/**
 * The AWS endpoint: one HTTP server on 127.0.0.1 that answers as Lightsail (awsJson1_1, `lightsail-api.ts`)
 * and, for paths under `/2013-04-01/`, as Route 53 (REST-XML, `route53.ts`), so the real AWS SDK talks
 * to it (`AWS_ENDPOINT_URL_LIGHTSAIL`, `AWS_ENDPOINT_URL_ROUTE_53`); and what tests (and the driver) do to
 * the account from outside the API: DNS records, Lightsail DNS zones, bad domains, forced statuses,
 * distributions and the certificates they hold, certificates someone else made, faults, the call log.
 *
 * ```ts
 * const emu = await LightsailEmulator.start();
 * process.env.AWS_ENDPOINT_URL_LIGHTSAIL = emu.endpoint;
 * await new LightsailClient({ region: 'us-east-1' }).send(new CreateCertificateCommand({ certificateName: 'c', domainName: 'example.com' }));
 * emu.dns.upsert(validationRecordFor('example.com', emu.accountId)); // now ISSUED
 * await emu.stop();
 * ```
 */
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { AccountRegion, AcmCertificates, isAcmOrAccount } from './acm';
import { CallLog } from './calls';
import { CloudWatchEmulator } from './cloudwatch';
import { EmulatorDns } from './dns';
import { FaultInjector } from './faults';
import { CertificateState, CertificateStatus, EmulatedCertificate, EmulatorModes, LightsailCertificates, WireDistribution, WireTag } from './lightsail';
import { handleLightsail, notFound } from './lightsail-api';
import { DomainState, LightsailDomains } from './lightsail-domains';
import { ContainerServiceState, holderOf, LightsailTargets, LoadBalancerState } from './lightsail-targets';
import { Route53Emulator, ROUTE53_PATH_PREFIX } from './route53';
import type { AccessCheck } from '../driver/iam';

export type { AccessCheck, AccessRequest } from '../driver/iam';
export type { CallFilter, CallRecord } from './calls';
export type { MetricDatum, MetricFilter } from './cloudwatch';
export { EmulatorDns, normalizeDnsName } from './dns';
export type { DnsRecord } from './dns';
export type { CallFaultKind, FaultRates, ScriptedFault } from './faults';
export { CERTIFICATE_STATUSES, MODE_VALUES, validationRecordFor } from './lightsail';
export type {
  CertificateStatus, DeleteInUseMode, DistributionAttachMode, EmulatedCertificate, EmulatorModes, MissingNameMode, QuotaRefusalMode,
  ValidationRecordsMode,
  WireCertificate, WireDistribution,
} from './lightsail';
export { Route53Emulator } from './route53';
export type { DomainEntryNamesMode, DomainEntryTargetsMode, DomainState, DuplicateDomainEntryMode, WireDomainEntry } from './lightsail-domains';
export type { ContainerServiceState, LoadBalancerState } from './lightsail-targets';
export type { AccountRegion, AcmCertificate } from './acm';

/**
 * The regions with a Lightsail endpoint: botocore's endpoints.json (PyPI botocore 1.44), 19 regions;
 * not us-west-1, where Lightsail has none.
 */
export const LIGHTSAIL_ENDPOINT_REGIONS: readonly string[] = [
  'us-east-1', 'us-east-2', 'us-west-2', 'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-central-1', 'eu-north-1', 'eu-south-2',
  'ca-central-1', 'ap-east-1', 'ap-south-1', 'ap-southeast-1', 'ap-southeast-2', 'ap-northeast-1', 'ap-northeast-2',
  'ap-southeast-3', 'ap-southeast-5', 'sa-east-1',
];

/** The account's regions by default: the Lightsail ones and us-west-1 enabled, two opt-in regions not enabled. */
const DEFAULT_ACCOUNT_REGIONS: readonly AccountRegion[] = [
  ...LIGHTSAIL_ENDPOINT_REGIONS.map((name): AccountRegion => ({ name, status: 'ENABLED_BY_DEFAULT' })),
  { name: 'us-west-1', status: 'ENABLED_BY_DEFAULT' },
  { name: 'af-south-1', status: 'DISABLED' },
  { name: 'me-south-1', status: 'DISABLED' },
];

/** Options of {@link LightsailEmulator.start}. */
export interface LightsailEmulatorOptions {
  /** How long (ms) a CNAME must be in DNS before its domain counts as validated. Default 0. */
  readonly validationDelayMs?: number;
  /** Where the real service is not documented: which plausible behaviour to show. Default: each mode's default. */
  readonly modes?: EmulatorModes;
  /**
   * IAM's say on each call, asked with the access key it is signed with, the action, the resource ARN and
   * (Route 53) the condition keys: a message refuses the call with `AccessDeniedException` (Lightsail,
   * after faults) or `AccessDenied` (Route 53). Default: every call is allowed.
   */
  readonly accessCheck?: AccessCheck;
  /** The regions with a Lightsail endpoint (`GetRegions`); calls signed for others get no answer. Default {@link LIGHTSAIL_ENDPOINT_REGIONS}. */
  readonly lightsailRegions?: readonly string[];
  /** The account's regions and their opt status (`account:ListRegions`; ACM answers in the enabled ones). */
  readonly accountRegions?: readonly AccountRegion[];
  /** Real milliseconds each region's Lightsail endpoint takes to answer (the order of parallel reads then varies). */
  readonly latencyMs?: Readonly<Record<string, number>>;
  /**
   * CloudFormation's API (requests signed for `cloudformation`), which the driver plays from its stacks:
   * the answer, and what the call log records. Default: not served.
   */
  readonly cloudFormation?: (call: HttpCall, scope: SignedScope) => ServedCall;
  /** STS's API (requests signed for `sts`), which the driver plays from its roles: the answer, and what the call log records. Default: not served. */
  readonly sts?: (call: HttpCall, scope: SignedScope) => ServedCall;
}

/** A request another service answered: the reply, and what the call log records. */
export interface ServedCall {
  readonly reply: HttpReply;
  readonly operation: string;
  readonly input: Record<string, unknown>;
  readonly outcome: string;
}

/** A received HTTP request. */
export interface HttpCall {
  readonly method: string;
  readonly path: string;
  /** Names in lower case, as Node gives them. */
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** An answer, or no answer at all: the connection is closed (the client sees ECONNRESET), or held open and silent. */
export type HttpReply =
  | { readonly kind: 'answer'; readonly status: number; readonly headers: Readonly<Record<string, string>>; readonly body: string }
  | { readonly kind: 'drop' }
  | { readonly kind: 'hang' };

/**
 * Who signed a request and for which region, from its SigV4 credential scope
 * (`Credential=<key>/<date>/<region>/<service>/aws4_request`). Signatures are not checked; any region
 * is accepted (unverified what a region without Lightsail answers: there, the endpoint does not exist).
 */
export interface SignedScope {
  readonly accessKeyId: string;
  readonly region: string;
  readonly service: string;
}

/** The running emulator. */
export class LightsailEmulator {
  /** Starts an emulator on a free port of 127.0.0.1. */
  public static async start(options: LightsailEmulatorOptions = {}): Promise<LightsailEmulator> {
    const emulator = new LightsailEmulator(options);
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const call: HttpCall = { method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
        emulator.answer(call).then((reply) => {
          if (reply.kind === 'drop') {
            req.socket.destroy();
            return;
          }
          if (reply.kind === 'hang') {
            return;
          }
          res.writeHead(reply.status, { ...reply.headers, 'content-length': String(Buffer.byteLength(reply.body)) });
          res.end(reply.body);
        }, (error: unknown) => {
          res.writeHead(500, { 'content-type': 'text/plain' });
          res.end(String(error));
        });
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    emulator.server = server;
    return emulator;
  }

  /** The account in ARNs and validation records. */
  public readonly accountId = '123456789012';
  /** The public DNS certificates validate against: write CNAMEs here as a user with another DNS host would. */
  public readonly dns = new EmulatorDns();
  /** Faults: rates, script, late records, empty lists. */
  public readonly faults = new FaultInjector();
  /** Every call received. */
  public readonly calls = new CallLog();
  /** Route 53, on the same endpoint: hosted zones (`addZone`) whose record sets its API changes, mirrored into {@link dns}. */
  public readonly route53 = new Route53Emulator(this.dns, this.faults, this.accountId);
  /** ACM's certificates of the account (seed them to see what the records scan does), and the account's regions. */
  public readonly acm: AcmCertificates;
  /** CloudWatch, on the same endpoint (`AWS_ENDPOINT_URL_CLOUDWATCH`): the metric data points published. */
  public readonly cloudWatch = new CloudWatchEmulator();

  private readonly lightsail: LightsailCertificates;
  private readonly domains = new LightsailDomains(this.accountId, this.dns);
  private readonly targets = new LightsailTargets(this.accountId);
  private server?: Server;

  private constructor(private readonly options: LightsailEmulatorOptions) {
    const { modes = {}, validationDelayMs = 0 } = options;
    this.lightsail = new LightsailCertificates({ accountId: this.accountId, dns: this.dns, modes, validationDelayMs });
    this.acm = new AcmCertificates(this.accountId, [...(options.accountRegions ?? DEFAULT_ACCOUNT_REGIONS)]);
  }

  /** `http://127.0.0.1:<port>`, for `AWS_ENDPOINT_URL_LIGHTSAIL`, `AWS_ENDPOINT_URL_ROUTE_53` or a client's `endpoint`. */
  public get endpoint(): string {
    if (!this.server) throw new Error('The emulator is not running.');
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /**
   * Registers a Lightsail DNS zone (apex and subdomains): Lightsail writes the validation records of
   * certificates requested afterwards itself (`dnsRecordCreationState` `STARTED`, then `SUCCEEDED`, or
   * `FAILED` with `recordCreationFailure`).
   */
  public addLightsailDomain(zone: string, options: { readonly recordCreationFailure?: string } = {}): DomainState {
    this.lightsail.addLightsailZone(zone, options.recordCreationFailure);
    return this.domains.add(zone);
  }

  /** A Lightsail DNS zone (live: its entries change as the API changes them), or `undefined`. */
  public lightsailDomain(zone: string): DomainState | undefined {
    return this.domains.find(zone);
  }

  /** Writes an entry into a Lightsail DNS zone as someone else did (the console), without a call. */
  public addLightsailDomainEntry(
    zone: string,
    entry: { readonly name: string; readonly type: string; readonly target: string; readonly isAlias?: boolean },
  ): void {
    const domain = this.domains.find(zone);
    if (!domain) throw new Error(`No Lightsail DNS zone ${zone}: add it with addLightsailDomain first.`);
    this.domains.createEntry(domain, { ...entry, isAlias: entry.isAlias ?? false });
  }

  /** Declares a domain (exactly that name) bad: a pending certificate naming it becomes `FAILED` with this `requestFailureReason`. */
  public failDomain(domain: string, reason = 'DOMAIN_NOT_ALLOWED'): void {
    this.lightsail.failDomain(domain, reason);
  }

  /** Forces a certificate's status; `reason` is the `requestFailureReason` of `FAILED`, the `revocationReason` of `REVOKED`. */
  public setStatus(region: string, name: string, status: CertificateStatus, options: { readonly reason?: string } = {}): void {
    this.lightsail.setStatus(this.existing(region, name), status, options.reason);
  }

  /** A resource (distribution, container service) starts using the certificate; returns the new `inUseResourceCount`. */
  public attach(region: string, name: string): number {
    const cert = this.existing(region, name);
    cert.attachments.push({});
    return this.lightsail.inUse(cert);
  }

  /** A resource lets go of the certificate, now or `afterMs` later. Throws when nothing holds it. */
  public detach(region: string, name: string, options: { readonly afterMs?: number } = {}): void {
    const held = this.existing(region, name).attachments.find((a) => a.releaseAt === undefined);
    if (!held) throw new Error(`Certificate ${name} in ${region} is not attached to anything that could be detached.`);
    held.releaseAt = Date.now() + Math.max(0, options.afterMs ?? 0);
  }

  /**
   * Puts a certificate into the account as someone else (a person in the console) made it earlier: no
   * call logged, no fault, its records there already; `ISSUED` unless `status` says otherwise.
   */
  public seedCertificate(options: {
    readonly region: string;
    readonly name: string;
    readonly domainName: string;
    readonly subjectAlternativeNames?: readonly string[];
    readonly tags?: readonly WireTag[];
    readonly status?: CertificateStatus;
  }): EmulatedCertificate {
    const { name, domainName, subjectAlternativeNames = [], tags = [] } = options;
    const spec = { name, domainName, subjectAlternativeNames, tags };
    const cert = this.lightsail.create(options.region, spec, { lateRecordReads: 0, hiddenReads: 0 }, 0);
    if (options.status !== 'PENDING_VALIDATION') this.lightsail.setStatus(cert, options.status ?? 'ISSUED');
    return this.certificate(options.region, options.name)!;
  }

  /** Adds or replaces a distribution, as `GetDistributions` lists it (the driver calls this as it deploys them). */
  public putDistribution(distribution: WireDistribution): void {
    this.targets.distributions.set(distribution.name, distribution);
  }

  /** Removes a distribution. */
  public removeDistribution(name: string): void {
    this.targets.distributions.delete(name);
  }

  /** The distributions, as `GetDistributions` lists them. */
  public listDistributions(): WireDistribution[] {
    return [...this.targets.distributions.values()];
  }

  /**
   * Adds a distribution made outside any stack (the console), with `certificateName` (a us-east-1
   * certificate) attached, as `AttachCertificateToDistribution` would have: it holds the certificate.
   */
  public addDistribution(name: string, options: { readonly certificateName?: string } = {}): WireDistribution {
    const id = Math.random().toString(36).slice(2, 16).padEnd(14, '0');
    const distribution: WireDistribution = {
      name,
      arn: `arn:aws:lightsail:us-east-1:${this.accountId}:Distribution/${id}`,
      domainName: `d${id}.cloudfront.net`,
      ipAddressType: 'dualstack',
      status: 'Deployed',
      certificateName: options.certificateName,
    };
    if (options.certificateName !== undefined) {
      this.existing('us-east-1', options.certificateName).attachments.push({ holder: holderOf('distribution', 'us-east-1', name) });
    }
    this.targets.distributions.set(name, distribution);
    return distribution;
  }

  /** A distribution, up to date, or `undefined`. */
  public distribution(name: string): WireDistribution | undefined {
    return this.targets.distributions.get(name);
  }

  /** Adds a load balancer of `region`, to which load-balancer certificates can be given. */
  public addLoadBalancer(region: string, name: string): void {
    this.targets.addLoadBalancer(region, name);
  }

  /** A load balancer, or `undefined` once deleted (or never made). */
  public loadBalancer(region: string, name: string): LoadBalancerState | undefined {
    return this.targets.loadBalancers.get(`${region}/${name}`);
  }

  /** Deletes a load balancer (with its certificates, which go with it). */
  public removeLoadBalancer(region: string, name: string): void {
    this.lightsail.ofLoadBalancer(region, name).forEach((c) => this.lightsail.delete(c));
    this.targets.loadBalancers.delete(`${region}/${name}`);
  }

  /** Gives a load balancer a certificate made outside (in the console, say): ISSUED, attached unless `attached` is false. */
  public seedLoadBalancerCertificate(
    region: string, loadBalancer: string, name: string, domainName: string, options: { readonly attached?: boolean } = {},
  ): void {
    const spec = { name, domainName, subjectAlternativeNames: [], tags: [] };
    const cert = this.lightsail.create(region, spec, { lateRecordReads: 0, hiddenReads: 0 }, 0, loadBalancer);
    this.lightsail.setStatus(cert, 'ISSUED');
    cert.attached = options.attached ?? true;
  }

  /**
   * A load balancer's certificates as `GetLoadBalancerTlsCertificates` shows them: name, status, attached or
   * not, ARN; `notAfter` (epoch seconds) once issued, and the renewal status once renewal has begun.
   */
  public loadBalancerCertificates(region: string, name: string): Array<{
    name: string; arn: string; status: string; isAttached: boolean; notAfter?: number; renewalStatus?: string;
  }> {
    return this.lightsail.ofLoadBalancer(region, name).map((c) => {
      const rendered = this.lightsail.render(c);
      return {
        name: c.name,
        arn: c.arn,
        status: c.status,
        isAttached: c.attached === true,
        notAfter: rendered.notAfter,
        renewalStatus: rendered.renewalSummary?.renewalStatus,
      };
    });
  }

  /**
   * Adds a container service made outside any stack, serving `publicDomainNames` (certificate name to
   * domains; each certificate of `region`), which hold their certificates.
   */
  public addContainerService(region: string, name: string, publicDomainNames: Record<string, string[]> = {}): ContainerServiceState {
    for (const certificateName of Object.keys(publicDomainNames)) {
      this.existing(region, certificateName).attachments.push({ holder: holderOf('container-service', region, name) });
    }
    return this.targets.addContainerService(region, name, structuredClone(publicDomainNames));
  }

  /** A container service (live), or `undefined`. */
  public containerService(region: string, name: string): ContainerServiceState | undefined {
    return this.targets.containerService(region, name);
  }

  /** Every certificate of every region, up to date, in creation order (faults do not apply here). */
  public certificates(): EmulatedCertificate[] {
    return this.lightsail.all().map((c) => ({ region: c.region, ...this.lightsail.render(c) }));
  }

  /** One certificate, up to date, or `undefined`. */
  public certificate(region: string, name: string): EmulatedCertificate | undefined {
    const cert = this.lightsail.find(region, name);
    return cert ? { region, ...this.lightsail.render(cert) } : undefined;
  }

  /** Stops the server and closes open connections (SDK clients keep them alive). */
  public async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => { server.close(() => resolve()); server.closeAllConnections(); });
  }

  private existing(region: string, name: string): CertificateState {
    const cert = this.lightsail.find(region, name);
    if (!cert) throw notFound(name, region);
    return cert;
  }

  private answer(call: HttpCall): Promise<HttpReply> {
    const authorization = String(call.headers.authorization ?? '');
    const match = /^AWS4-HMAC-SHA256 .*Credential=([^/,\s]+)\/\d{8}\/([a-z0-9-]+)\/([a-z0-9-]+)\/aws4_request/.exec(authorization);
    const scope = match ? { accessKeyId: match[1], region: match[2], service: match[3] } : undefined;
    if (call.path.startsWith(ROUTE53_PATH_PREFIX)) return this.route53.handle(call, scope, this.calls, this.options.accessCheck);
    if (scope?.service === 'monitoring') return Promise.resolve(this.cloudWatch.handle(call, scope, this.calls, this.options.accessCheck));
    const served = scope?.service === 'cloudformation' ? this.options.cloudFormation : scope?.service === 'sts' ? this.options.sts : undefined;
    if (scope && served) {
      const at = Date.now();
      const { reply, operation, input, outcome } = served(call, scope);
      this.calls.add({ at, service: scope.service, operation, region: scope.region, accessKeyId: scope.accessKeyId, input, outcome, httpStatus: reply.kind === 'answer' ? reply.status : undefined });
      return Promise.resolve(reply);
    }
    if (isAcmOrAccount(call)) return this.acm.handle(call, scope, this.calls, this.options.accessCheck);
    const { accessCheck, modes = {}, lightsailRegions: regions = LIGHTSAIL_ENDPOINT_REGIONS, latencyMs } = this.options;
    const { lightsail: certificates, faults, calls, accountId, targets, domains } = this;
    const distributions = targets.distributions;
    return handleLightsail(call, scope, {
      accessCheck, modes, certificates, faults, calls, accountId, distributions, targets, domains, regions, latencyMs,
    });
  }
}
