/**
 * The certificates, per region. The same name can exist in two regions, as with the real service,
 * whose endpoints are regional.
 *
 * The store owns the lifecycle: it re-evaluates pending certificates whenever the DNS changes and
 * before anyone reads them, so what a reader sees is always up to date with the clock and the DNS.
 */
import { randomUUID } from 'node:crypto';
import { evaluateCertificate, LifecycleContext } from './certificate-lifecycle';
import { CertificateState, DomainState, inUseResourceCount, ScheduledRecord } from './certificate-state';
import { Clock } from './clock';
import { EmulatorDns, normalizeDnsName } from './dns-store';
import { DomainRegistry } from './domain-registry';
import { certificateNotFound, invalidInput } from './errors';
import { CertificateFaults } from './faults';
import { ResolvedModes } from './modes';
import { CertificateStatus, WireTag } from './types';
import { validationRecordFor } from './validation-records';

/** Settings of the store. */
export interface CertificateStoreSettings {
  /** The account in ARNs. */
  readonly accountId: string;
  /** The time source. */
  readonly clock: Clock;
  /** The emulator's DNS. */
  readonly dns: EmulatorDns;
  /** Lightsail zones and bad domains. */
  readonly domains: DomainRegistry;
  /** See {@link LifecycleContext.validationDelayMs}. */
  readonly validationDelayMs: number;
  /** See {@link LifecycleContext.lightsailRecordDelayMs}. */
  readonly lightsailRecordDelayMs: number;
  /** See {@link LifecycleContext.validationTimeoutMs}. */
  readonly validationTimeoutMs: number;
  /** The behaviour modes (records, deletion). */
  readonly modes: ResolvedModes;
}

/** What a new certificate is made of. */
export interface NewCertificate {
  /** The certificate name. */
  readonly name: string;
  /** The primary domain. */
  readonly domainName: string;
  /** Alternate names as requested. */
  readonly subjectAlternativeNames: readonly string[];
  /** Tags. */
  readonly tags: readonly WireTag[];
}

/** Options of {@link CertificateStore.setStatus}. */
export interface SetStatusOptions {
  /** `requestFailureReason` for FAILED (default `OTHER`), `revocationReason` for REVOKED (default `UNSPECIFIED`). */
  readonly reason?: string;
}

/** Certificates per region, with their lifecycle. */
export class CertificateStore {
  private readonly regions = new Map<string, Map<string, CertificateState>>();
  private seq = 0;
  private evaluating = false;
  private dnsChangedMeanwhile = false;

  /**
   * @param settings account, clock, DNS, registry and lifecycle settings.
   */
  constructor(private readonly settings: CertificateStoreSettings) {
    // A record written to DNS can validate a domain right away (if there is no validation delay).
    settings.dns.onChange(() => this.evaluateAll());
  }

  /** The current time by the store's clock (epoch ms). */
  public now(): number {
    return this.settings.clock();
  }

  /**
   * Creates a certificate in `PENDING_VALIDATION`.
   *
   * @param region the region.
   * @param spec name, domains and tags.
   * @param faults per-certificate faults to stamp on it.
   * @param recordDelayMs when its validation records appear; default the mode `recordDelayMs`.
   */
  public create(
    region: string,
    spec: NewCertificate,
    faults: CertificateFaults,
    recordDelayMs = this.settings.modes.recordDelayMs,
  ): CertificateState {
    const certificates = this.regionOf(region);
    // A certificate deleted less than `deleteLagMs` ago still takes its name.
    if (this.lookup(region, spec.name)) {
      // unverified: the real error for a name already taken is not documented (the CloudFormation
      // provider checks first and raises AlreadyExists itself; for instances Lightsail answers
      // "NameExists"-style InvalidInputException). The emulator answers InvalidInputException.
      throw invalidInput(`The certificate name "${spec.name}" is already in use in ${region}: a certificate with that name already exists.`, 'AlreadyExists');
    }
    const id = randomUUID();
    const now = this.now();
    const arn = `arn:aws:lightsail:${region}:${this.settings.accountId}:Certificate/${id}`;
    const cert: CertificateState = {
      seq: ++this.seq,
      region,
      name: spec.name,
      id,
      arn,
      domainName: spec.domainName,
      domains: distinctDomains([spec.domainName, ...spec.subjectAlternativeNames]).map((domainName): DomainState => ({
        domainName,
        record: this.recordSchedule(domainName, arn, now + recordDelayMs),
        lightsailRecord: this.settings.domains.lightsailZoneFor(domainName) ? { code: 'STARTED' } : undefined,
      })),
      tags: new Map(spec.tags.map((t) => [t.key, t.value])),
      createdAt: now,
      status: 'PENDING_VALIDATION',
      attachments: [],
      lateRecordReads: faults.lateRecordReads,
      hiddenReads: faults.hiddenReads,
    };
    certificates.set(spec.name, cert);
    return cert;
  }

  /**
   * A certificate, evaluated first; undefined when it does not exist.
   *
   * @param region the region.
   * @param name the certificate name.
   */
  public find(region: string, name: string): CertificateState | undefined {
    const cert = this.lookup(region, name);
    if (cert) {
      this.evaluate(cert);
    }
    return cert;
  }

  /**
   * A certificate, evaluated first; throws `NotFoundException` when it does not exist.
   *
   * @param region the region.
   * @param name the certificate name.
   */
  public get(region: string, name: string): CertificateState {
    const cert = this.find(region, name);
    if (!cert) {
      throw certificateNotFound(name, region);
    }
    return cert;
  }

  /**
   * The certificates of one region, evaluated, in creation order.
   *
   * @param region the region.
   */
  public list(region: string): CertificateState[] {
    const names = [...(this.regions.get(region)?.keys() ?? [])];
    const certs = names.map((n) => this.lookup(region, n)).filter((c): c is CertificateState => c !== undefined);
    certs.sort((a, b) => a.seq - b.seq).forEach((c) => this.evaluate(c));
    return certs;
  }

  /** Every certificate of every region, evaluated, in creation order. */
  public all(): CertificateState[] {
    return [...this.regions.keys()].flatMap((r) => this.list(r)).sort((a, b) => a.seq - b.seq);
  }

  /**
   * Deletes a certificate: at once, or (mode `deleteLagMs`) once the lag has passed; until then it is
   * still found and listed. Deleting it again meanwhile does not restart the lag.
   *
   * @param region the region.
   * @param name the certificate name.
   */
  public delete(region: string, name: string): void {
    const cert = this.lookup(region, name);
    if (cert) {
      cert.deletedAt ??= this.now();
      this.lookup(region, name); // drops it now if there is no lag
    }
  }

  /**
   * Forces a status, as a test wants it (the lifecycle leaves non-pending certificates alone;
   * forcing `PENDING_VALIDATION` resumes normal evaluation).
   *
   * unverified: what happens to per-domain validation statuses when the service times out, revokes or
   * expires a certificate; the emulator leaves them as they were.
   *
   * @param region the region.
   * @param name the certificate name.
   * @param status the new status.
   * @param options the reason for FAILED or REVOKED.
   */
  public setStatus(region: string, name: string, status: CertificateStatus, options: SetStatusOptions = {}): void {
    const cert = this.get(region, name);
    const now = this.now();
    cert.status = status;
    if (status === 'ISSUED') {
      cert.issuedAt ??= now;
    }
    if (status === 'FAILED') {
      cert.requestFailureReason = options.reason ?? 'OTHER';
    }
    if (status === 'REVOKED') {
      cert.revokedAt = now;
      cert.revocationReason = options.reason ?? 'UNSPECIFIED';
    }
  }

  /**
   * One more resource uses the certificate (a distribution or container service attaches it).
   *
   * @param region the region.
   * @param name the certificate name.
   * @returns the new `inUseResourceCount`.
   */
  public attach(region: string, name: string): number {
    const cert = this.get(region, name);
    cert.attachments.push({});
    return inUseResourceCount(cert, this.now());
  }

  /**
   * One resource lets go of the certificate, now or `afterMs` later by the clock.
   *
   * @param region the region.
   * @param name the certificate name.
   * @param afterMs delay before the release takes effect; default 0.
   * @throws Error when no attachment is left to release.
   */
  public detach(region: string, name: string, afterMs = 0): void {
    const cert = this.get(region, name);
    const held = cert.attachments.find((a) => a.releaseAt === undefined);
    if (!held) {
      throw new Error(`Certificate ${name} in ${region} is not attached to anything that could be detached.`);
    }
    held.releaseAt = this.now() + Math.max(0, afterMs);
  }

  /** Re-evaluates every pending certificate. */
  public evaluateAll(): void {
    this.run(() => this.forEachCertificate((c) => evaluateCertificate(c, this.context())));
  }

  /** Removes every certificate. */
  public clear(): void {
    this.regions.clear();
  }

  private evaluate(cert: CertificateState): void {
    this.run(() => evaluateCertificate(cert, this.context()));
  }

  /**
   * Runs an evaluation, never two at once. Lightsail's own record creation writes to DNS, which
   * notifies the store while it is evaluating; instead of re-entering, the store notes that the DNS
   * changed and evaluates everything once more when the current evaluation is done (this ends: each
   * domain's record is created at most once).
   */
  private run(evaluation: () => void): void {
    if (this.evaluating) {
      this.dnsChangedMeanwhile = true;
      return;
    }
    this.evaluating = true;
    try {
      evaluation();
      while (this.dnsChangedMeanwhile) {
        this.dnsChangedMeanwhile = false;
        this.forEachCertificate((c) => evaluateCertificate(c, this.context()));
      }
    } finally {
      this.evaluating = false;
      this.dnsChangedMeanwhile = false;
    }
  }

  private forEachCertificate(action: (cert: CertificateState) => void): void {
    for (const certificates of this.regions.values()) {
      for (const cert of certificates.values()) {
        action(cert);
      }
    }
  }

  private context(): LifecycleContext {
    const { dns, domains, validationDelayMs, lightsailRecordDelayMs, validationTimeoutMs } = this.settings;
    return { now: this.now(), dns, domains, validationDelayMs, lightsailRecordDelayMs, validationTimeoutMs };
  }

  /**
   * The stored certificate, unevaluated; a deleted one whose lag has passed is dropped here, so that
   * the lag needs no timer either.
   */
  private lookup(region: string, name: string): CertificateState | undefined {
    const certificates = this.regions.get(region);
    const cert = certificates?.get(name);
    if (cert?.deletedAt !== undefined && this.now() >= cert.deletedAt + this.settings.modes.deleteLagMs) {
      certificates!.delete(name);
      return undefined;
    }
    return cert;
  }

  /** A domain's validation CNAME, per the modes: shared or the certificate's own, or none at all. */
  private recordSchedule(domainName: string, arn: string, at: number): ScheduledRecord | undefined {
    const { accountId, modes } = this.settings;
    if (modes.recordsNeverFor.has(normalizeDnsName(domainName))) {
      return undefined;
    }
    const owner = modes.validationRecords === 'per-certificate' ? arn : undefined;
    return { at, cname: validationRecordFor(domainName, accountId, owner) };
  }

  private regionOf(region: string): Map<string, CertificateState> {
    let certificates = this.regions.get(region);
    if (!certificates) {
      certificates = new Map();
      this.regions.set(region, certificates);
    }
    return certificates;
  }
}

/**
 * The certificate's domains: the primary first, then the alternates, duplicates removed
 * case-insensitively. unverified: that Lightsail de-duplicates certificate names (documented for
 * load-balancer certificates only) and keeps the requested order.
 */
function distinctDomains(domains: readonly string[]): string[] {
  const seen = new Set<string>();
  return domains.filter((d) => {
    const key = d.toLowerCase();
    if (seen.has(key)) {
      return false;
    }
    seen.add(key);
    return true;
  });
}
