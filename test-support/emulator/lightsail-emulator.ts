/**
 * The Lightsail emulator: an in-process HTTP server that speaks Lightsail's wire protocol for the
 * certificate operations, with a DNS the certificates validate against, and knobs for tests: faults,
 * and modes for what the real service leaves undocumented (`LightsailEmulatorOptions.modes`).
 *
 * ```ts
 * const emu = await LightsailEmulator.start();
 * process.env.AWS_ENDPOINT_URL_LIGHTSAIL = emu.endpoint;
 * const client = new LightsailClient({ region: 'us-east-1' });
 * await client.send(new CreateCertificateCommand({ certificateName: 'c', domainName: 'example.com' }));
 * emu.publishValidationRecords('us-east-1', 'c'); // or write them into emu.dns yourself
 * // GetCertificates now reports ISSUED
 * await emu.stop();
 * ```
 */
import { CallLog } from './call-log';
import { CertificateState, recordOf } from './certificate-state';
import { CertificateStore } from './certificate-store';
import { toWireCertificate } from './certificate-view';
import { Clock, systemClock } from './clock';
import { DnsRecord, EmulatorDns } from './dns-store';
import { DomainRegistry, RequestFailureReason } from './domain-registry';
import { FaultInjector } from './faults';
import { HttpTransport } from './http-server';
import { EmulatorModes, ResolvedModes, resolveModes } from './modes';
import { AccessCheck, createRequestHandler } from './request-handler';
import { Route53Emulator, Route53EmulatorOptions } from './route53';
import { createRoute53RequestHandler, isRoute53Call } from './route53-wire';
import { CertificateStatus, WireCertificate, WireDistribution, WireResourceRecord, WireTag } from './types';

/** Options of {@link LightsailEmulator.start}. */
export interface LightsailEmulatorOptions {
  /** The account id in ARNs. Default `123456789012`. */
  readonly accountId?: string;
  /** The time source (epoch ms). Default: `Date.now()`, read on every call, so a faked `Date` applies. */
  readonly clock?: Clock;
  /** `GetCertificates` page size. Default 10. */
  readonly pageSize?: number;
  /** How long a CNAME must be in DNS before its domain counts as validated (clock ms). Default 0. */
  readonly validationDelayMs?: number;
  /** How long Lightsail takes to write the records of domains in Lightsail DNS (clock ms). Default 0. */
  readonly lightsailRecordDelayMs?: number;
  /** How long a certificate may stay pending before `VALIDATION_TIMED_OUT` (clock ms). Default 72 hours. */
  readonly validationTimeoutMs?: number;
  /**
   * How to behave where the real service's behaviour is undocumented (unverified): one plausible
   * answer per mode, so tests can run a client against each. Default: every mode's default.
   */
  readonly modes?: EmulatorModes;
  /** The port to listen on. Default 0: a free port. */
  readonly port?: number;
  /**
   * IAM's say on each call, asked with the access key it is signed with, the action and the resource
   * ARN: a message refuses the call with `AccessDeniedException` (HTTP 400, after faults). Default:
   * every call is allowed.
   */
  readonly accessCheck?: AccessCheck;
  /** Options of the emulator's Route 53 ({@link LightsailEmulator.route53}). */
  readonly route53?: Route53EmulatorOptions;
}

/** Options of {@link LightsailEmulator.addLightsailDomain}. */
export interface LightsailDomainOptions {
  /** When set, Lightsail's automatic record creation ends `FAILED` with this message. */
  readonly recordCreationFailure?: string;
}

/** Options of {@link LightsailEmulator.detach}. */
export interface DetachOptions {
  /** Release the certificate this many clock milliseconds from now. Default 0 (at once). */
  readonly afterMs?: number;
}

/** A certificate made outside the API, by "someone else": options of {@link LightsailEmulator.seedCertificate}. */
export interface SeedCertificateOptions {
  /** The region it lives in. */
  readonly region: string;
  /** The certificate name. */
  readonly name: string;
  /** The primary domain. */
  readonly domainName: string;
  /** Alternate names. Default none. */
  readonly subjectAlternativeNames?: readonly string[];
  /** Its tags. Default none. */
  readonly tags?: readonly WireTag[];
  /** Its status. Default `ISSUED`; `PENDING_VALIDATION` validates like any new certificate. */
  readonly status?: CertificateStatus;
  /** `requestFailureReason` for `FAILED`, `revocationReason` for `REVOKED`. */
  readonly reason?: string;
}

/**
 * A certificate as the emulator holds it: the full `Certificate` wire shape (timestamps in epoch
 * seconds, as on the wire), plus its region. Validation records are shown whatever the faults, once
 * the service has produced them (modes `recordDelayMs`, `recordsNeverFor`).
 */
export interface EmulatedCertificate extends WireCertificate {
  /** The region the certificate lives in. */
  readonly region: string;
}

/** The running emulator. */
export class LightsailEmulator {
  /**
   * Starts an emulator on 127.0.0.1.
   *
   * @param options account, clock, page size, delays, modes, port.
   */
  public static async start(options: LightsailEmulatorOptions = {}): Promise<LightsailEmulator> {
    const emulator = new LightsailEmulator(options);
    const route53 = createRoute53RequestHandler({ route53: emulator.route53, calls: emulator.calls, clock: emulator.clock });
    const lightsail = createRequestHandler({
      store: emulator.store,
      faults: emulator.faults,
      calls: emulator.calls,
      clock: emulator.clock,
      accountId: emulator.accountId,
      pageSize: options.pageSize ?? 10,
      modes: emulator.modes,
      distributions: emulator.distributions,
      accessCheck: options.accessCheck,
    });
    emulator.transport = await HttpTransport.listen((call) => (isRoute53Call(call) ? route53(call) : lightsail(call)), options.port ?? 0);
    return emulator;
  }

  /** The emulator's DNS: write validation CNAMEs here (as a user or a deploy driver would). */
  public readonly dns = new EmulatorDns();
  /** Fault injection: rates, script, late records, empty lists. */
  public readonly faults = new FaultInjector();
  /** Every call received. */
  public readonly calls = new CallLog();
  /** The account id in ARNs. */
  public readonly accountId: string;
  /** The behaviour modes in force, defaults filled in. */
  public readonly modes: ResolvedModes;
  /**
   * Route 53, served on the same endpoint (`AWS_ENDPOINT_URL_ROUTE_53`): hosted zones
   * (`route53.addZone`) whose record sets the Route 53 API changes, written through into {@link dns}.
   */
  public readonly route53: Route53Emulator;

  private readonly clock: Clock;
  private readonly domains = new DomainRegistry();
  private readonly store: CertificateStore;
  private readonly distributions = new Map<string, WireDistribution>();
  private transport?: HttpTransport;

  private constructor(options: LightsailEmulatorOptions) {
    this.accountId = options.accountId ?? '123456789012';
    this.clock = options.clock ?? systemClock;
    this.modes = resolveModes(options.modes);
    this.route53 = new Route53Emulator(this.dns, this.clock, options.route53);
    this.store = new CertificateStore({
      accountId: this.accountId,
      clock: this.clock,
      dns: this.dns,
      domains: this.domains,
      validationDelayMs: options.validationDelayMs ?? 0,
      lightsailRecordDelayMs: options.lightsailRecordDelayMs ?? 0,
      validationTimeoutMs: options.validationTimeoutMs ?? 72 * 3600 * 1000,
      modes: this.modes,
    });
  }

  /** The base URL, `http://127.0.0.1:<port>`: give it to the SDK as `AWS_ENDPOINT_URL_LIGHTSAIL` or `endpoint`. */
  public get endpoint(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The port listened on. */
  public get port(): number {
    if (!this.transport) {
      throw new Error('The emulator is not running.');
    }
    return this.transport.port;
  }

  /**
   * Registers a Lightsail DNS zone: Lightsail writes the validation records of the zone's domains
   * (apex and subdomains) itself, `dnsRecordCreationState` `STARTED` then `SUCCEEDED`, and they
   * validate without anyone touching DNS. Applies to certificates requested afterwards.
   *
   * @param zone the zone apex, e.g. `example.com`.
   * @param options make the record creation fail.
   */
  public addLightsailDomain(zone: string, options: LightsailDomainOptions = {}): void {
    this.domains.addLightsailZone(zone, options.recordCreationFailure);
  }

  /**
   * Declares a domain bad: a pending certificate that names it (exactly) becomes `FAILED` with this
   * `requestFailureReason` on its next evaluation.
   *
   * @param domain the domain.
   * @param reason the failure reason; default `DOMAIN_NOT_ALLOWED`.
   */
  public failDomain(domain: string, reason: RequestFailureReason | string = 'DOMAIN_NOT_ALLOWED'): void {
    this.domains.failDomain(domain, reason);
    this.store.evaluateAll();
  }

  /**
   * Forces a certificate's status (e.g. `VALIDATION_TIMED_OUT`, `REVOKED`, `EXPIRED`).
   *
   * @param region the region.
   * @param name the certificate name.
   * @param status the status.
   * @param options `reason`: `requestFailureReason` for FAILED, `revocationReason` for REVOKED.
   * @throws the emulator's NotFoundException error when there is no such certificate.
   */
  public setStatus(region: string, name: string, status: CertificateStatus, options: { reason?: string } = {}): void {
    this.store.setStatus(region, name, status, options);
  }

  /**
   * A resource (distribution, container service) starts using the certificate.
   *
   * @param region the region.
   * @param name the certificate name.
   * @returns the new `inUseResourceCount`.
   */
  public attach(region: string, name: string): number {
    return this.store.attach(region, name);
  }

  /**
   * A resource stops using the certificate, at once or `afterMs` later by the clock.
   *
   * @param region the region.
   * @param name the certificate name.
   * @param options when the release takes effect.
   */
  public detach(region: string, name: string, options: DetachOptions = {}): void {
    this.store.detach(region, name, options.afterMs ?? 0);
  }

  /**
   * Writes a certificate's validation CNAMEs into the emulator's DNS, as a user or Route 53 would:
   * those the service has produced so far (see the modes `recordDelayMs` and `recordsNeverFor`).
   *
   * @param region the region.
   * @param name the certificate name.
   * @returns the records written.
   */
  public publishValidationRecords(region: string, name: string): DnsRecord[] {
    const cert = this.store.get(region, name);
    const now = this.clock();
    const records = cert.domains.map((d) => recordOf(d, now)).filter((r): r is WireResourceRecord => r !== undefined);
    records.forEach((r) => this.dns.upsert(r));
    return records.map((r) => ({ ...r }));
  }

  /**
   * Puts a certificate into the account without the API, as if someone else (a person in the console,
   * another tool) had made it earlier: no call is logged, no fault applies, and its validation records
   * exist already (except for domains in the mode `recordsNeverFor`).
   *
   * @param options where, name, domains, tags and status.
   * @returns the certificate.
   * @throws the emulator's InvalidInputException error when the name is taken in the region.
   */
  public seedCertificate(options: SeedCertificateOptions): EmulatedCertificate {
    const { region, name, status = 'ISSUED', reason } = options;
    this.store.create(region, {
      name,
      domainName: options.domainName,
      subjectAlternativeNames: options.subjectAlternativeNames ?? [],
      tags: options.tags ?? [],
    }, { lateRecordReads: 0, hiddenReads: 0 }, 0);
    if (status !== 'PENDING_VALIDATION') {
      this.store.setStatus(region, name, status, { reason });
    }
    return this.certificate(region, name)!;
  }

  /** Adds or replaces a distribution, as `GetDistributions` lists it (the local driver calls this). */
  public putDistribution(distribution: WireDistribution): void {
    this.distributions.set(distribution.name, distribution);
  }

  /** Removes a distribution. */
  public removeDistribution(name: string): void {
    this.distributions.delete(name);
  }

  /** The distributions, as `GetDistributions` lists them. */
  public listDistributions(): WireDistribution[] {
    return [...this.distributions.values()];
  }

  /** Every certificate in every region, up to date, in creation order. Faults do not apply here. */
  public certificates(): EmulatedCertificate[] {
    return this.store.all().map((c) => this.render(c));
  }

  /**
   * One certificate, up to date, or undefined.
   *
   * @param region the region.
   * @param name the certificate name.
   */
  public certificate(region: string, name: string): EmulatedCertificate | undefined {
    const cert = this.store.find(region, name);
    return cert ? this.render(cert) : undefined;
  }

  /**
   * Forgets all certificates, DNS records, Lightsail zones, bad domains, faults and calls, and Route 53's
   * record sets and changes (its hosted zones stay: a deploy driver may still hold them).
   */
  public reset(): void {
    this.store.clear();
    this.route53.clear();
    this.dns.clear();
    this.domains.clear();
    this.faults.clear();
    this.calls.clear();
  }

  /** Stops the server and closes open connections. */
  public async stop(): Promise<void> {
    await this.transport?.close();
    this.transport = undefined;
  }

  private render(cert: CertificateState): EmulatedCertificate {
    return { region: cert.region, ...toWireCertificate(cert, { now: this.clock(), accountId: this.accountId }) };
  }
}
