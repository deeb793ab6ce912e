/**
 * Moves a pending certificate along: fails it for a bad domain, lets Lightsail write the records of
 * domains whose zone is in Lightsail, validates each domain whose CNAME is in the emulator's DNS, issues
 * it once all are validated, and times it out.
 *
 * Evaluation is lazy (on every read, and whenever the DNS changes): no timers run, so time only moves
 * when the clock says so, and a faked `Date` controls everything.
 */
import { CertificateState, DomainState, recordOf } from './certificate-state';
import { EmulatorDns } from './dns-store';
import { DomainRegistry } from './domain-registry';

/** Everything the lifecycle needs to evaluate a certificate. */
export interface LifecycleContext {
  /** The current time (epoch ms). */
  readonly now: number;
  /** The emulator's DNS. */
  readonly dns: EmulatorDns;
  /** Lightsail zones and bad domains. */
  readonly domains: DomainRegistry;
  /** How long a CNAME must be present before its domain counts as validated (ms). */
  readonly validationDelayMs: number;
  /** How long after the request Lightsail's own record creation finishes (ms). */
  readonly lightsailRecordDelayMs: number;
  /** How long a certificate may stay pending before `VALIDATION_TIMED_OUT` (ms). */
  readonly validationTimeoutMs: number;
}

/** Validity period of an issued certificate: 13 months, as the Lightsail documentation says (395 days here). */
const VALIDITY_MS = 395 * 24 * 3600 * 1000;

/**
 * Brings a certificate up to date. Only `PENDING_VALIDATION` certificates move; any other status is
 * final (or forced by a test) and left alone.
 *
 * @param cert the certificate, changed in place.
 * @param ctx time, DNS, registry and settings.
 */
export function evaluateCertificate(cert: CertificateState, ctx: LifecycleContext): void {
  if (cert.status !== 'PENDING_VALIDATION') {
    return;
  }
  // unverified: when a bad domain makes the request fail. ACM fails such requests asynchronously,
  // shortly after the request; the emulator fails it on the first evaluation after CreateCertificate.
  const bad = cert.domains.find((d) => ctx.domains.failureFor(d.domainName) !== undefined);
  if (bad) {
    bad.failed = true;
    cert.status = 'FAILED';
    cert.requestFailureReason = ctx.domains.failureFor(bad.domainName);
    return;
  }
  for (const domain of cert.domains) {
    runLightsailRecordCreation(cert, domain, ctx);
  }
  for (const domain of cert.domains) {
    observeDns(domain, ctx);
  }
  if (cert.domains.every((d) => d.validatedAt !== undefined)) {
    // Issued at the moment the last domain validated, not at the (possibly later) read that notices.
    const issuedAt = Math.max(...cert.domains.map((d) => d.validatedAt ?? 0));
    cert.status = 'ISSUED';
    cert.issuedAt = issuedAt;
    return;
  }
  // Documented: 72 hours to add the CNAMEs (stated for load-balancer certificates and in the FAQ).
  if (ctx.now >= cert.createdAt + ctx.validationTimeoutMs) {
    cert.status = 'VALIDATION_TIMED_OUT';
  }
}

/**
 * The validity window of an issued certificate.
 *
 * @param issuedAt when it was issued (epoch ms).
 */
export function validityOf(issuedAt: number): { notBefore: number; notAfter: number } {
  return { notBefore: issuedAt, notAfter: issuedAt + VALIDITY_MS };
}

/**
 * Lightsail writes the CNAME itself when the domain's zone is in Lightsail: `STARTED` at request time,
 * `SUCCEEDED` (record written to DNS) or `FAILED` once the configured delay has passed and the service
 * has produced the record (a record that never comes leaves it `STARTED`).
 *
 * unverified: how long Lightsail takes, and that a FAILED record creation leaves the certificate
 * `PENDING_VALIDATION` (it can still be validated by writing the record by hand) rather than failing it.
 */
function runLightsailRecordCreation(cert: CertificateState, domain: DomainState, ctx: LifecycleContext): void {
  const record = recordOf(domain, ctx.now);
  if (domain.lightsailRecord?.code !== 'STARTED' || record === undefined || ctx.now < cert.createdAt + ctx.lightsailRecordDelayMs) {
    return;
  }
  const zone = ctx.domains.lightsailZoneFor(domain.domainName);
  if (zone?.recordCreationFailure !== undefined) {
    domain.lightsailRecord = { code: 'FAILED', message: zone.recordCreationFailure };
    return;
  }
  domain.lightsailRecord = { code: 'SUCCEEDED' };
  ctx.dns.upsert(record);
}

/**
 * A domain validates once its CNAME has been present, with the right value, for the validation delay.
 * The service looks for the record only once it has produced it: a CNAME already in DNS (say, for
 * another certificate that shares it) counts from the first evaluation after that.
 */
function observeDns(domain: DomainState, ctx: LifecycleContext): void {
  if (domain.validatedAt !== undefined) {
    return;
  }
  const record = recordOf(domain, ctx.now);
  const present = record !== undefined && ctx.dns.has(record);
  if (!present) {
    domain.seenSince = undefined;
    return;
  }
  domain.seenSince ??= ctx.now;
  if (ctx.now >= domain.seenSince + ctx.validationDelayMs) {
    domain.validatedAt = domain.seenSince + ctx.validationDelayMs;
  }
}
