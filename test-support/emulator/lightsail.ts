/**
 * Lightsail's certificates, as the service keeps them (per region: the same name may exist in two) and
 * moves them along: validation against the emulated DNS, Lightsail DNS zones whose records Lightsail
 * writes itself, domains that fail, the 72-hour validation timeout, and the resources that hold a
 * certificate (`inUseResourceCount`). Where the real service is not documented the comment says
 * `unverified`, and {@link EmulatorModes} offers each plausible behaviour.
 *
 * Nothing runs on timers: a certificate is brought up to date whenever it is read and whenever the DNS
 * changes, by `Date.now()`, so a faked `Date` moves the service's time.
 */
import { createHash, randomUUID } from 'node:crypto';
import { EmulatorDns, normalizeDnsName } from './dns';
import { CertificateFaults } from './faults';
import type { DomainEntryModes, DomainEntryNamesMode, DomainEntryTargetsMode, DuplicateDomainEntryMode } from './lightsail-domains';

/** `CertificateStatus` from the model. */
export type CertificateStatus = 'PENDING_VALIDATION' | 'ISSUED' | 'INACTIVE' | 'EXPIRED' | 'VALIDATION_TIMED_OUT' | 'REVOKED' | 'FAILED';

/** `DnsRecordCreationStateCode` from the model: how Lightsail's own record writing goes. */
export const DNS_RECORD_CREATION_CODES = ['STARTED', 'SUCCEEDED', 'FAILED'] as const;
/** One of {@link DNS_RECORD_CREATION_CODES}. */
export type DnsRecordCreationStateCode = typeof DNS_RECORD_CREATION_CODES[number];

/** `CertificateDomainValidationStatus` from the model: one domain's validation. */
export const DOMAIN_VALIDATION_STATUSES = ['PENDING_VALIDATION', 'FAILED', 'SUCCESS'] as const;
/** One of {@link DOMAIN_VALIDATION_STATUSES}. */
export type DomainValidationStatus = typeof DOMAIN_VALIDATION_STATUSES[number];

/** Every `CertificateStatus` the model allows. */
export const CERTIFICATE_STATUSES: readonly CertificateStatus[] = ['PENDING_VALIDATION', 'ISSUED', 'INACTIVE', 'EXPIRED', 'VALIDATION_TIMED_OUT', 'REVOKED', 'FAILED'];

/** A Lightsail `Tag` (the value is optional). */
export interface WireTag {
  readonly key: string;
  readonly value?: string;
}

/** A Lightsail `ResourceRecord`: the CNAME that validates one domain. */
export interface WireResourceRecord {
  readonly name: string;
  readonly type: string;
  readonly value: string;
}

/** A Lightsail `Certificate` as the API answers it; timestamps are epoch seconds, as awsJson1_1 sends them. */
export interface WireCertificate {
  readonly arn: string;
  readonly name: string;
  readonly domainName: string;
  readonly status: CertificateStatus;
  /** Every domain, the primary first (Lightsail adds it itself). */
  readonly subjectAlternativeNames: string[];
  readonly domainValidationRecords: Array<{
    readonly domainName: string;
    readonly resourceRecord?: WireResourceRecord;
    readonly dnsRecordCreationState?: { readonly code: string; readonly message?: string };
    readonly validationStatus: DomainValidationStatus;
  }>;
  readonly requestFailureReason?: string;
  readonly inUseResourceCount: number;
  readonly createdAt: number;
  readonly issuedAt?: number;
  readonly notBefore?: number;
  readonly notAfter?: number;
  readonly serialNumber?: string;
  readonly keyAlgorithm: string;
  readonly issuerCA: string;
  readonly eligibleToRenew: string;
  readonly renewalSummary?: WireRenewalSummary;
  readonly revokedAt?: number;
  readonly revocationReason?: string;
  readonly tags: WireTag[];
  readonly supportCode: string;
}

/** `RenewalStatus` from the model: how Lightsail's managed renewal stands. */
export const RENEWAL_STATUSES = ['PendingAutoRenewal', 'PendingValidation', 'Success', 'Failed'] as const;
/** One of {@link RENEWAL_STATUSES}. */
export type RenewalStatus = typeof RENEWAL_STATUSES[number];

/** A Lightsail `RenewalSummary` as the API answers it. */
export interface WireRenewalSummary {
  readonly domainValidationRecords: WireCertificate['domainValidationRecords'];
  readonly renewalStatus: RenewalStatus;
  readonly renewalStatusReason?: string;
  readonly updatedAt: number;
}

/** A Lightsail distribution as `GetDistributions` lists it: what reading its domain needs. */
export interface WireDistribution {
  readonly name: string;
  readonly arn: string;
  /** Its own domain, `<id>.cloudfront.net`. */
  readonly domainName: string;
  /** `dualstack` (Lightsail's default) or `ipv4`. */
  readonly ipAddressType: string;
  readonly status: string;
  /** The certificate attached (`AttachCertificateToDistribution`), if any. */
  readonly certificateName?: string;
}

/** Answers of {@link EmulatorModes.distributionAttach}. */
export type DistributionAttachMode = 'applied' | 'in-progress';

/** A certificate as the emulator shows it to tests: the wire shape and its region. */
export interface EmulatedCertificate extends WireCertificate {
  readonly region: string;
}

/** Answers of {@link EmulatorModes.missingName}. */
export type MissingNameMode = 'empty-list' | 'not-found';
/** Answers of {@link EmulatorModes.validationRecords}. */
export type ValidationRecordsMode = 'per-account-domain' | 'per-certificate';
/** Answers of {@link EmulatorModes.deleteInUse}. */
export type DeleteInUseMode = 'error' | 'deletes';

/**
 * How the emulator behaves where the real service is not documented. Every member is unverified: a
 * client must work with each answer, and the lifecycle tests run the handlers against them.
 */
export interface EmulatorModes extends DomainEntryModes {
  /** `GetCertificates` naming a certificate that does not exist: an empty list (default) or `NotFoundException`. */
  readonly missingName?: MissingNameMode;
  /**
   * Whether a validation CNAME is shared: per account and domain (default; what ACM documents for
   * itself: certificates for one domain, in any region, ask for the same record), or per certificate.
   */
  readonly validationRecords?: ValidationRecordsMode;
  /** How long (ms) after `CreateCertificate` the service produces a domain's `resourceRecord`; until then the domain cannot validate. Default 0. */
  readonly recordDelayMs?: number;
  /** Domains (exact names) for which the service never produces a `resourceRecord`: their certificate times out. */
  readonly recordsNeverFor?: readonly string[];
  /** `DeleteCertificate` of a certificate in use: `InvalidInputException` (default, code `ResourceInUse`), or deleted anyway. */
  readonly deleteInUse?: DeleteInUseMode;
  /** How long (ms) after a resource lets go `DeleteCertificate` still counts it in use, while `inUseResourceCount` already reads without it. Default 0. */
  readonly inUseLagMs?: number;
  /**
   * Lightsail's certificate quotas (Lightsail's endpoints and quotas page: 10 certificates per region, 20
   * certificate requests per region per 365 days), enforced only when given, since tests and benchmarks
   * make more. How the refusal is worded is not documented: see {@link quotaRefusal}.
   */
  readonly certificateQuotas?: { readonly activePerRegion?: number; readonly requestsPerRegionPerYear?: number };
  /**
   * `AttachCertificateToDistribution`: whether the next `GetDistributions` already shows the new
   * certificate (`applied`, default), or still the one before with status `InProgress` (`in-progress`)
   * for one read, as a distribution being updated might.
   */
  readonly distributionAttach?: DistributionAttachMode;
  /** `CreateCertificate` over a quota: `InvalidInputException` (default) or `ServiceException`, each with a message naming the limit. */
  readonly quotaRefusal?: QuotaRefusalMode;
  /**
   * How many days before `notAfter` Lightsail starts renewing (`PendingAutoRenewal`). Default 60, what ACM
   * documents for its managed renewal ("Managed renewal for ACM certificates"); Lightsail publishes no figure.
   */
  readonly renewalWindowDays?: number;
  /**
   * unverified: what "in use" (which renewal needs: `RenewalSummary`, "your certificate remains in use") means
   * for a load balancer's certificate, which Lightsail does not say: `attached` (default), only the attached
   * one; `held`, any certificate of a load balancer, attached or not.
   */
  readonly loadBalancerCertificateInUse?: 'attached' | 'held';
}

/** Answers of {@link EmulatorModes.quotaRefusal}. */
export type QuotaRefusalMode = 'invalid-input' | 'service-exception';

/** Every value of each enumerated mode, the default first. */
export const MODE_VALUES = {
  missingName: ['empty-list', 'not-found'] as readonly MissingNameMode[],
  validationRecords: ['per-account-domain', 'per-certificate'] as readonly ValidationRecordsMode[],
  deleteInUse: ['error', 'deletes'] as readonly DeleteInUseMode[],
  quotaRefusal: ['invalid-input', 'service-exception'] as readonly QuotaRefusalMode[],
  distributionAttach: ['applied', 'in-progress'] as readonly DistributionAttachMode[],
  domainEntryNames: ['lower-case', 'as-written', 'trailing-dot'] as readonly DomainEntryNamesMode[],
  domainEntryTargets: ['as-written', 'trailing-dot'] as readonly DomainEntryTargetsMode[],
  duplicateDomainEntry: ['refused', 'duplicated'] as readonly DuplicateDomainEntryMode[],
};

/** Settings of {@link LightsailCertificates}. */
export interface LightsailSettings {
  readonly accountId: string;
  readonly dns: EmulatorDns;
  readonly modes: EmulatorModes;
  /** How long a CNAME must be in DNS before its domain counts as validated (ms). */
  readonly validationDelayMs: number;
}

/** One domain of a certificate and its validation. */
interface DomainState {
  readonly domainName: string;
  /** Its CNAME and from when the service shows it; none when it never does (mode `recordsNeverFor`). */
  readonly record?: { readonly at: number; readonly cname: WireResourceRecord };
  /** When the right CNAME was first seen in DNS; cleared if it goes before the domain validates. */
  seenSince?: number;
  /** When the domain validated; it stays validated, as with ACM. */
  validatedAt?: number;
  failed?: boolean;
  /** Lightsail's own record creation, for domains in a Lightsail DNS zone. */
  lightsailRecord?: { code: DnsRecordCreationStateCode; message?: string };
}

/** A certificate as the service holds it. */
export interface CertificateState {
  /** Creation order: orders listings and anchors page tokens. */
  readonly seq: number;
  readonly region: string;
  readonly name: string;
  readonly id: string;
  readonly arn: string;
  readonly domainName: string;
  readonly domains: DomainState[];
  /** Tags by key; `undefined` is a tag without value. */
  readonly tags: Map<string, string | undefined>;
  readonly createdAt: number;
  status: CertificateStatus;
  requestFailureReason?: string;
  issuedAt?: number;
  /** When the certificate now in force began: `issuedAt`, then each renewal. */
  validFrom?: number;
  /** Lightsail's managed renewal, once it has started; `since`: when the current attempt began. */
  renewal?: { status: RenewalStatus; reason?: string; updatedAt: number; since: number };
  revokedAt?: number;
  revocationReason?: string;
  /** Resources holding it; `releaseAt` once one lets go (now or later). */
  readonly attachments: Array<{ releaseAt?: number; holder?: string }>;
  /** Faults: detailed reads still without records, reads still leaving it out of the list. */
  lateRecordReads: number;
  /** The load balancer that holds it, for a load balancer's TLS certificate; `attached` while it is the one in use. */
  readonly loadBalancer?: string;
  attached?: boolean;
  hiddenReads: number;
}

/** Documented: 72 hours to add the CNAMEs, after which a certificate is `VALIDATION_TIMED_OUT`. */
const VALIDATION_TIMEOUT_MS = 72 * 3600 * 1000;

/** Validity of an issued certificate: 13 months, as the Lightsail documentation says (395 days here). */
export const VALIDITY_MS = 395 * 24 * 3600 * 1000;

const DAY_MS = 24 * 3600 * 1000;

/** unverified: how long one automatic renewal attempt takes once the records and the use are there. */
export const RENEWAL_ATTEMPT_MS = DAY_MS;

/**
 * The validation CNAME of a domain, derived from a hash so that tests can predict it. By default it
 * depends on the account and the domain only, as ACM's (mode `validationRecords`); given a certificate
 * ARN it is that certificate's own (name and value).
 */
export function validationRecordFor(domain: string, accountId: string, certificateArn?: string): WireResourceRecord {
  const fqdn = normalizeDnsName(domain);
  const owner = certificateArn === undefined ? '' : `|${certificateArn}`;
  const hex = (input: string) => createHash('sha256').update(input).digest('hex');
  const valueHash = hex(`value|${accountId}|${fqdn}${owner}`);
  // The middle label of real values is all letters.
  const letters = [...valueHash.slice(32, 42)].map((c) => String.fromCharCode(97 + parseInt(c, 16))).join('');
  return {
    name: `_${hex(`name|${fqdn}${owner}`).slice(0, 32)}.${fqdn}.`,
    type: 'CNAME',
    value: `_${valueHash.slice(0, 32)}.${letters}.acm-validations.aws.`,
  };
}

/** The certificates of every region, with what the service knows of domains (Lightsail DNS zones, bad domains). */
export class LightsailCertificates {
  private readonly regions = new Map<string, Map<string, CertificateState>>();
  /** Load balancers' certificates by `<region>/<load balancer>`, then by name: they are not in `GetCertificates`. */
  private readonly loadBalancerCertificates = new Map<string, Map<string, CertificateState>>();
  private readonly lightsailZones = new Map<string, string | undefined>();
  private readonly badDomains = new Map<string, string>();
  private seq = 0;
  private evaluating = false;
  private dnsChangedMeanwhile = false;

  constructor(private readonly settings: LightsailSettings) {
    // A record written to DNS can validate a domain at once.
    settings.dns.onChange(() => this.evaluate(this.everything()));
  }

  /** Requests a certificate: `PENDING_VALIDATION`, its records shown `recordDelayMs` from now. Throws {@link NameTaken}. */
  public create(
    region: string, spec: { name: string; domainName: string; subjectAlternativeNames: readonly string[]; tags: readonly WireTag[] },
    faults: CertificateFaults, recordDelayMs = this.settings.modes.recordDelayMs ?? 0, loadBalancer?: string,
  ): CertificateState {
    const store = loadBalancer === undefined ? this.regions : this.loadBalancerCertificates;
    const key = loadBalancer === undefined ? region : `${region}/${loadBalancer}`;
    if (store.get(key)?.has(spec.name)) throw new NameTaken(spec.name, region);
    const id = randomUUID();
    const now = Date.now();
    const arn = `arn:aws:lightsail:${region}:${this.settings.accountId}:${loadBalancer === undefined ? 'Certificate' : 'LoadBalancerTlsCertificate'}/${id}`;
    const never = new Set((this.settings.modes.recordsNeverFor ?? []).map(normalizeDnsName));
    const owner = this.settings.modes.validationRecords === 'per-certificate' ? arn : undefined;
    // unverified: that Lightsail drops repeated names (documented for load-balancer certificates) and keeps the order.
    const requested = [spec.domainName, ...spec.subjectAlternativeNames];
    const domains = requested.filter((d, i) => requested.findIndex((o) => normalizeDnsName(o) === normalizeDnsName(d)) === i);
    const cert: CertificateState = {
      seq: ++this.seq,
      region,
      name: spec.name,
      id,
      arn,
      domainName: spec.domainName,
      domains: domains.map((domainName): DomainState => ({
        domainName,
        record: never.has(normalizeDnsName(domainName))
          ? undefined : { at: now + recordDelayMs, cname: validationRecordFor(domainName, this.settings.accountId, owner) },
        lightsailRecord: this.lightsailZoneFor(domainName) ? { code: 'STARTED' } : undefined,
      })),
      tags: new Map(spec.tags.map((t) => [t.key, t.value])),
      createdAt: now,
      status: 'PENDING_VALIDATION',
      attachments: [],
      lateRecordReads: faults.lateRecordReads,
      hiddenReads: faults.hiddenReads,
      loadBalancer,
      attached: loadBalancer === undefined ? undefined : false,
    };
    if (!store.has(key)) store.set(key, new Map());
    store.get(key)!.set(spec.name, cert);
    return cert;
  }

  /** A certificate, up to date, or `undefined`. */
  public find(region: string, name: string): CertificateState | undefined {
    const cert = this.regions.get(region)?.get(name);
    if (cert) this.evaluate([cert]);
    return cert;
  }

  /** The certificates of a region (every region with no region given), up to date, in creation order. */
  public all(region?: string, evaluate = true): CertificateState[] {
    const certs = [...this.regions.entries()].filter(([r]) => region === undefined || r === region)
      .flatMap(([, m]) => [...m.values()]).sort((a, b) => a.seq - b.seq);
    if (evaluate) this.evaluate(certs);
    return certs;
  }

  /** Deletes a certificate. */
  public delete(cert: CertificateState): void {
    if (cert.loadBalancer !== undefined) {
      this.loadBalancerCertificates.get(`${cert.region}/${cert.loadBalancer}`)?.delete(cert.name);
      return;
    }
    this.regions.get(cert.region)?.delete(cert.name);
  }

  /** A load balancer's certificates, up to date, in creation order. */
  public ofLoadBalancer(region: string, loadBalancer: string): CertificateState[] {
    const certs = [...this.loadBalancerCertificates.get(`${region}/${loadBalancer}`)?.values() ?? []].sort((a, b) => a.seq - b.seq);
    this.evaluate(certs);
    return certs;
  }

  /** Every certificate, load balancers' included, in creation order, not evaluated. */
  private everything(): CertificateState[] {
    const ofLoadBalancers = [...this.loadBalancerCertificates.values()].flatMap((m) => [...m.values()]);
    return [...this.all(undefined, false), ...ofLoadBalancers].sort((a, b) => a.seq - b.seq);
  }

  /**
   * Forces a status (the lifecycle leaves other statuses than `PENDING_VALIDATION` alone). unverified:
   * what a timeout, revocation or expiry does to each domain's validation status; left as it was.
   */
  public setStatus(cert: CertificateState, status: CertificateStatus, reason?: string): void {
    cert.status = status;
    if (status === 'ISSUED') cert.issuedAt ??= Date.now();
    if (status === 'FAILED') cert.requestFailureReason = reason ?? 'OTHER';
    if (status === 'REVOKED') {
      cert.revokedAt = Date.now();
      cert.revocationReason = reason ?? 'UNSPECIFIED';
    }
  }

  /** Registers a Lightsail DNS zone (its apex and subdomains); `recordCreationFailure` makes Lightsail's record creation fail. */
  public addLightsailZone(zone: string, recordCreationFailure?: string): void {
    this.lightsailZones.set(normalizeDnsName(zone), recordCreationFailure);
  }

  /** Declares a domain (exactly that name) bad: a pending certificate naming it fails with `reason`. */
  public failDomain(domain: string, reason: string): void {
    this.badDomains.set(normalizeDnsName(domain), reason);
    this.evaluate(this.everything());
  }

  /** How many resources hold the certificate now; a released one counts `lagMs` longer (mode `inUseLagMs`). */
  public inUse(cert: CertificateState, lagMs = 0): number {
    if (cert.loadBalancer !== undefined) return cert.attached || this.settings.modes.loadBalancerCertificateInUse === 'held' ? 1 : 0;
    return cert.attachments.filter((a) => a.releaseAt === undefined || a.releaseAt + lagMs > Date.now()).length;
  }

  /** The certificate in the `Certificate` wire shape; `hideRecords` leaves out the records (the late-records fault). */
  public render(cert: CertificateState, hideRecords = false): WireCertificate {
    const now = Date.now();
    const issued = cert.issuedAt !== undefined && cert.status !== 'PENDING_VALIDATION' ? cert.issuedAt : undefined;
    const validFrom = issued === undefined ? undefined : cert.validFrom ?? issued;
    const inUse = this.inUse(cert);
    const records = cert.domains.map((d) => ({
      domainName: d.domainName,
      resourceRecord: hideRecords ? undefined : shownRecord(d, now),
      // unverified: whether the field is there for domains outside Lightsail DNS; here only for those inside.
      dnsRecordCreationState: d.lightsailRecord ? { ...d.lightsailRecord } : undefined,
      validationStatus: (d.failed ? 'FAILED' : d.validatedAt !== undefined || cert.status === 'ISSUED' ? 'SUCCESS' : 'PENDING_VALIDATION') as DomainValidationStatus,
    }));
    return {
      arn: cert.arn,
      name: cert.name,
      domainName: cert.domainName,
      status: cert.status,
      // Documented: Lightsail puts the primary domain into the list itself.
      subjectAlternativeNames: cert.domains.map((d) => d.domainName),
      domainValidationRecords: records,
      requestFailureReason: cert.status === 'FAILED' ? cert.requestFailureReason : undefined,
      inUseResourceCount: inUse,
      createdAt: cert.createdAt / 1000,
      issuedAt: issued === undefined ? undefined : issued / 1000,
      notBefore: validFrom === undefined ? undefined : validFrom / 1000,
      notAfter: validFrom === undefined ? undefined : (validFrom + VALIDITY_MS) / 1000,
      serialNumber: issued === undefined ? undefined : createHash('sha256').update(cert.arn).digest('hex').slice(0, 32).match(/../g)!.join(':'),
      keyAlgorithm: 'RSA-2048',
      issuerCA: 'Amazon',
      // unverified: the exact values (ACM's are ELIGIBLE / INELIGIBLE; only certificates in use renew).
      eligibleToRenew: cert.status === 'ISSUED' && inUse > 0 ? 'ELIGIBLE' : 'INELIGIBLE',
      renewalSummary: cert.renewal && {
        domainValidationRecords: records.map((r) => ({ ...r, validationStatus: cert.renewal!.status === 'Success' ? 'SUCCESS' : cert.renewal!.status === 'Failed' ? 'FAILED' : 'PENDING_VALIDATION' })),
        renewalStatus: cert.renewal.status,
        renewalStatusReason: cert.renewal.reason,
        updatedAt: cert.renewal.updatedAt / 1000,
      },
      revokedAt: cert.revokedAt === undefined ? undefined : cert.revokedAt / 1000,
      revocationReason: cert.revocationReason,
      tags: [...cert.tags].map(([key, value]) => (value === undefined ? { key } : { key, value })),
      // unverified: the format of supportCode.
      supportCode: `${this.settings.accountId}/${cert.id}`,
    };
  }

  /** Whether a domain is in one of the account's Lightsail DNS zones (Lightsail then writes its record itself). */
  public inLightsailZone(domain: string): boolean {
    return this.lightsailZoneFor(domain) !== undefined;
  }

  private lightsailZoneFor(domain: string): { recordCreationFailure?: string } | undefined {
    for (let name = normalizeDnsName(domain); name !== ''; name = name.slice(name.indexOf('.') + 1 || name.length)) {
      if (this.lightsailZones.has(name)) return { recordCreationFailure: this.lightsailZones.get(name) };
    }
    return undefined;
  }

  /**
   * Brings certificates up to date, never two evaluations at once: Lightsail's own record creation writes
   * to DNS, which calls back here; the change is noted and everything evaluated once more afterwards
   * (this ends: each domain's record is created once).
   */
  private evaluate(certs: readonly CertificateState[]): void {
    if (this.evaluating) {
      this.dnsChangedMeanwhile = true;
      return;
    }
    this.evaluating = true;
    try {
      certs.forEach((c) => this.evaluateOne(c));
      while (this.dnsChangedMeanwhile) {
        this.dnsChangedMeanwhile = false;
        this.everything().forEach((c) => this.evaluateOne(c));
      }
    } finally {
      this.evaluating = false;
      this.dnsChangedMeanwhile = false;
    }
  }

  /** Moves a pending certificate along; any other status is final (or forced) and left alone. */
  private evaluateOne(cert: CertificateState): void {
    if (cert.status === 'ISSUED') {
      this.evaluateRenewal(cert, Date.now());
      return;
    }
    if (cert.status !== 'PENDING_VALIDATION') return;
    const now = Date.now();
    // unverified: when a bad domain fails the request (ACM: shortly after it); here at the first evaluation.
    const bad = cert.domains.find((d) => this.badDomains.has(normalizeDnsName(d.domainName)));
    if (bad) {
      bad.failed = true;
      cert.status = 'FAILED';
      cert.requestFailureReason = this.badDomains.get(normalizeDnsName(bad.domainName));
      return;
    }
    for (const domain of cert.domains) {
      // Lightsail writes the CNAME of a domain in its DNS once it has produced it. unverified: how long
      // that takes (here: at once), and that a FAILED record creation leaves the certificate pending (it
      // can still be validated by hand).
      const record = shownRecord(domain, now);
      if (domain.lightsailRecord?.code === 'STARTED' && record) {
        const failure = this.lightsailZoneFor(domain.domainName)?.recordCreationFailure;
        domain.lightsailRecord = failure === undefined ? { code: 'SUCCEEDED' } : { code: 'FAILED', message: failure };
        if (failure === undefined) this.settings.dns.upsert(record);
      }
    }
    for (const domain of cert.domains) {
      // A domain validates once its CNAME has been in DNS for the validation delay, counted from when the
      // service has produced the record (a CNAME already there, another certificate's, counts from then).
      if (domain.validatedAt !== undefined) continue;
      const record = shownRecord(domain, now);
      if (!record || !this.settings.dns.has(record)) {
        domain.seenSince = undefined;
        continue;
      }
      domain.seenSince ??= now;
      if (now >= domain.seenSince + this.settings.validationDelayMs) domain.validatedAt = domain.seenSince + this.settings.validationDelayMs;
    }
    if (cert.domains.every((d) => d.validatedAt !== undefined)) {
      // Issued when the last domain validated, not at the (maybe later) read that notices.
      cert.status = 'ISSUED';
      cert.issuedAt = Math.max(...cert.domains.map((d) => d.validatedAt!));
    } else if (now >= cert.createdAt + VALIDATION_TIMEOUT_MS) {
      cert.status = 'VALIDATION_TIMED_OUT';
    }
  }

  /**
   * Lightsail's managed renewal. Its `RenewalSummary` documents the statuses and what renewal needs: "Check
   * to make sure your certificate's domain validation records exist in your domain's DNS, and that your
   * certificate remains in use". From {@link EmulatorModes.renewalWindowDays} before `notAfter` it tries
   * (`PendingAutoRenewal`); after one attempt ({@link RENEWAL_ATTEMPT_MS}) with the records in DNS and the
   * certificate in use it renews (`Success`: a new 13-month validity from then); without them it waits for
   * them (`PendingValidation`, the reason naming what is missing); at `notAfter` without a renewal it gives
   * up (`Failed`) and the certificate is `EXPIRED`. unverified: the reason texts (the model's
   * `RenewalStatusReason` is a free string) and when each step happens; renewal is judged whenever the
   * certificate is read, as everything here.
   */
  private evaluateRenewal(cert: CertificateState, now: number): void {
    const validFrom = cert.validFrom ?? cert.issuedAt!;
    const notAfter = validFrom + VALIDITY_MS;
    const windowStart = notAfter - (this.settings.modes.renewalWindowDays ?? 60) * DAY_MS;
    if (now < windowStart || cert.renewal?.status === 'Success' && cert.renewal.updatedAt >= windowStart) return;
    const missing = cert.domains.filter((d) => !d.record || !this.settings.dns.has(d.record.cname)).map((d) => d.domainName);
    const inUse = this.inUse(cert) > 0;
    const why = [
      ...(missing.length > 0 ? [`The domain validation records of ${missing.join(', ')} are not in DNS.`] : []),
      ...(inUse ? [] : ['The certificate is not in use.']),
    ].join(' ');
    if (cert.renewal === undefined || cert.renewal.status === 'Success') {
      cert.renewal = { status: 'PendingAutoRenewal', updatedAt: windowStart, since: windowStart };
    }
    const renewal = cert.renewal;
    if (renewal.status === 'PendingAutoRenewal' && why === '' && now >= renewal.since + RENEWAL_ATTEMPT_MS
      && renewal.since + RENEWAL_ATTEMPT_MS < notAfter) {
      const renewedAt = renewal.since + RENEWAL_ATTEMPT_MS;
      cert.validFrom = renewedAt;
      cert.renewal = { status: 'Success', updatedAt: renewedAt, since: renewedAt };
      return;
    }
    if (now >= notAfter) {
      cert.status = 'EXPIRED';
      cert.renewal = { status: 'Failed', reason: `The certificate expired before its domains were validated. ${why}`.trim(), updatedAt: notAfter, since: notAfter };
      return;
    }
    if (why !== '' && renewal.status !== 'PendingValidation') {
      cert.renewal = { status: 'PendingValidation', reason: why, updatedAt: now, since: now };
    } else if (why !== '' && renewal.reason !== why) {
      renewal.reason = why;
      renewal.updatedAt = now;
    } else if (why === '' && renewal.status === 'PendingValidation') {
      cert.renewal = { status: 'PendingAutoRenewal', updatedAt: now, since: now };
    }
  }
}

/** A certificate name already taken in its region. */
export class NameTaken extends Error {
  constructor(name: string, region: string) {
    super(`The certificate name "${name}" is already in use in ${region}: a certificate with that name already exists.`);
  }
}

/** A domain's CNAME once the service shows it. */
function shownRecord(domain: DomainState, now: number): WireResourceRecord | undefined {
  return domain.record !== undefined && now >= domain.record.at ? domain.record.cname : undefined;
}
