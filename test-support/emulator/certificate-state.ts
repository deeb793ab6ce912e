/**
 * The emulator's internal, mutable record of one certificate. Only the store and the lifecycle
 * change it; everything outside sees rendered copies.
 */
import { CertificateStatus, DnsRecordCreationStateCode, WireResourceRecord } from './types';

/** A domain's validation CNAME and when the service produces it. */
export interface ScheduledRecord {
  /** From when the record exists (epoch ms). */
  readonly at: number;
  /** The record. */
  readonly cname: WireResourceRecord;
}

/** Validation progress of one domain of a certificate. */
export interface DomainState {
  /** The domain as requested. */
  readonly domainName: string;
  /** Its validation CNAME; undefined when the service never produces one (mode `recordsNeverFor`). */
  readonly record?: ScheduledRecord;
  /** When the emulator first saw the right CNAME in its DNS (epoch ms); cleared if it disappears before validation. */
  seenSince?: number;
  /** When the domain counted as validated (epoch ms). Once set it stays, as with ACM. */
  validatedAt?: number;
  /** Set when the domain failed (bad domain). */
  failed?: boolean;
  /** Lightsail's own record creation, for domains whose DNS zone is in Lightsail. */
  lightsailRecord?: { code: DnsRecordCreationStateCode; message?: string };
}

/** One held resource (distribution, container service) that uses the certificate. */
export interface Attachment {
  /** When the resource lets go of the certificate (epoch ms); undefined while it holds it. */
  releaseAt?: number;
}

/** The full state of one emulated certificate. */
export interface CertificateState {
  /** Creation sequence number: orders listings and anchors page tokens. */
  readonly seq: number;
  /** The region the certificate lives in. */
  readonly region: string;
  /** The certificate name. */
  readonly name: string;
  /** The generated id at the end of the ARN. */
  readonly id: string;
  /** The ARN. */
  readonly arn: string;
  /** The primary domain. */
  readonly domainName: string;
  /** Per-domain state, primary first, de-duplicated case-insensitively. */
  readonly domains: DomainState[];
  /** Tags by key; an undefined value is a tag without value. */
  readonly tags: Map<string, string | undefined>;
  /** When the certificate was requested (epoch ms). */
  readonly createdAt: number;
  /** Current status. */
  status: CertificateStatus;
  /** Why the request failed. */
  requestFailureReason?: string;
  /** When the certificate was issued (epoch ms). */
  issuedAt?: number;
  /** When the certificate was revoked (epoch ms). */
  revokedAt?: number;
  /** Why it was revoked. */
  revocationReason?: string;
  /** Resources using the certificate. */
  attachments: Attachment[];
  /** Fault: how many more detailed reads show no `resourceRecord`. */
  lateRecordReads: number;
  /** Fault: how many more reads leave the certificate out of `GetCertificates`. */
  hiddenReads: number;
  /** When `DeleteCertificate` succeeded (epoch ms); it stays listed for the mode `deleteLagMs`. */
  deletedAt?: number;
}

/**
 * A domain's validation CNAME at time `now`, or undefined while the service has not produced it (or
 * never will).
 *
 * @param domain the domain.
 * @param now the current time (epoch ms).
 */
export function recordOf(domain: DomainState, now: number): WireResourceRecord | undefined {
  return domain.record !== undefined && now >= domain.record.at ? domain.record.cname : undefined;
}

/**
 * How many resources use the certificate at time `now`: attachments whose release time has passed no
 * longer count. Computed on read so that a delayed detach needs no timer.
 *
 * @param cert the certificate.
 * @param now the current time (epoch ms).
 * @param lagMs count a released attachment for this much longer (mode `inUseLagMs`); default 0.
 */
export function inUseResourceCount(cert: CertificateState, now: number, lagMs = 0): number {
  return cert.attachments.filter((a) => a.releaseAt === undefined || a.releaseAt + lagMs > now).length;
}
