/**
 * Renders certificates into the wire shapes of the model (`Certificate`, `CertificateSummary`,
 * `Operation`). Timestamps become epoch seconds, as awsJson1_1 encodes them.
 */
import { createHash, randomUUID } from 'node:crypto';
import { validityOf } from './certificate-lifecycle';
import { CertificateState, inUseResourceCount, recordOf } from './certificate-state';
import { WireCertificate, WireCertificateSummary, WireDomainValidationRecord, WireOperation, WireTag } from './types';

/** How to render. */
export interface ViewOptions {
  /** The current time (epoch ms). */
  readonly now: number;
  /** The account (in `supportCode`). */
  readonly accountId: string;
  /** Leave `resourceRecord` out (the "late validation records" fault). */
  readonly hideRecords?: boolean;
}

/**
 * The `Certificate` (detail) shape.
 *
 * @param cert the certificate.
 * @param options time, account, and whether to hide the records.
 */
export function toWireCertificate(cert: CertificateState, options: ViewOptions): WireCertificate {
  const issued = cert.issuedAt !== undefined && cert.status !== 'PENDING_VALIDATION' ? cert.issuedAt : undefined;
  const validity = issued !== undefined ? validityOf(issued) : undefined;
  const inUse = inUseResourceCount(cert, options.now);
  return {
    arn: cert.arn,
    name: cert.name,
    domainName: cert.domainName,
    status: cert.status,
    serialNumber: issued !== undefined ? serialNumberOf(cert) : undefined,
    // Documented: Lightsail puts the primary domain into the list itself.
    subjectAlternativeNames: cert.domains.map((d) => d.domainName),
    domainValidationRecords: cert.domains.map((d): WireDomainValidationRecord => ({
      domainName: d.domainName,
      resourceRecord: options.hideRecords ? undefined : copyOf(recordOf(d, options.now)),
      // unverified: the model has the field, but not whether it is present for domains outside Lightsail DNS.
      // The emulator sends it only for domains in a Lightsail zone.
      dnsRecordCreationState: d.lightsailRecord ? { ...d.lightsailRecord } : undefined,
      validationStatus: d.failed ? 'FAILED' : d.validatedAt !== undefined || cert.status === 'ISSUED' ? 'SUCCESS' : 'PENDING_VALIDATION',
    })),
    requestFailureReason: cert.status === 'FAILED' ? cert.requestFailureReason : undefined,
    inUseResourceCount: inUse,
    keyAlgorithm: 'RSA-2048',
    createdAt: seconds(cert.createdAt),
    issuedAt: issued !== undefined ? seconds(issued) : undefined,
    issuerCA: 'Amazon',
    notBefore: validity ? seconds(validity.notBefore) : undefined,
    notAfter: validity ? seconds(validity.notAfter) : undefined,
    // unverified: the exact values; ACM's are ELIGIBLE / INELIGIBLE, and only certificates in use renew.
    eligibleToRenew: cert.status === 'ISSUED' && inUse > 0 ? 'ELIGIBLE' : 'INELIGIBLE',
    revokedAt: cert.revokedAt !== undefined ? seconds(cert.revokedAt) : undefined,
    revocationReason: cert.revocationReason,
    tags: tagsOf(cert),
    // unverified: the format of supportCode; Lightsail support codes pair the account with an id.
    supportCode: `${options.accountId}/${cert.id}`,
  };
}

/**
 * The `CertificateSummary` shape. Without details only ARN, name, domain and tags come back, as the
 * GetCertificates documentation says.
 *
 * @param cert the certificate.
 * @param includeDetail whether to add `certificateDetail`.
 * @param options time, account, and whether to hide the records.
 */
export function toWireSummary(cert: CertificateState, includeDetail: boolean, options: ViewOptions): WireCertificateSummary {
  return {
    certificateArn: cert.arn,
    certificateName: cert.name,
    domainName: cert.domainName,
    certificateDetail: includeDetail ? toWireCertificate(cert, options) : undefined,
    tags: tagsOf(cert),
  };
}

/**
 * The `Operation` a mutating call returns.
 *
 * unverified: the operation type of TagResource/UntagResource (the model's OperationType enum has no
 * value for them; the emulator sends the operation name, which the SDK accepts as any string).
 *
 * @param cert the certificate operated on.
 * @param operationType the operation name.
 * @param now the current time (epoch ms).
 */
export function toWireOperation(cert: CertificateState, operationType: string, now: number): WireOperation {
  return {
    id: randomUUID(),
    resourceName: cert.name,
    resourceType: 'Certificate',
    createdAt: seconds(now),
    // unverified: Lightsail reports regional resources with availability zone "all".
    location: { availabilityZone: 'all', regionName: cert.region },
    isTerminal: true,
    operationDetails: '',
    operationType,
    status: 'Succeeded',
    statusChangedAt: seconds(now),
  };
}

function copyOf<T extends object>(value: T | undefined): T | undefined {
  return value === undefined ? undefined : { ...value };
}

function tagsOf(cert: CertificateState): WireTag[] {
  return [...cert.tags].map(([key, value]) => (value === undefined ? { key } : { key, value }));
}

function serialNumberOf(cert: CertificateState): string {
  const hex = createHash('sha256').update(cert.arn).digest('hex').slice(0, 32);
  return hex.match(/../g)!.join(':');
}

function seconds(ms: number): number {
  return ms / 1000;
}
