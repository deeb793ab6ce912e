import type { CertificateSummary, ResourceRecord } from '@aws-sdk/client-lightsail';
import { sameDomain } from './names';
import { TagMap, toTagMap } from './tags';
import { certificateData, OWNER_TAG_KEY } from '../src/private/contract';

/** What reading a certificate (`GetCertificates` with details) tells: domains, status, owner, records. */

/** Statuses a certificate never leaves on its own: waiting any longer is pointless. */
const TERMINAL_STATUSES: ReadonlySet<string> = new Set(['FAILED', 'VALIDATION_TIMED_OUT', 'REVOKED', 'EXPIRED', 'INACTIVE']);

/** The status of a certificate read with its details. */
export function statusOf(certificate: CertificateSummary): string | undefined {
  return certificate.certificateDetail?.status;
}

/** Whether the certificate is in a status it never leaves on its own. */
export function isTerminal(certificate: CertificateSummary): boolean {
  return TERMINAL_STATUSES.has(statusOf(certificate) ?? '');
}

/** Why the certificate will not be issued, with the reason Lightsail gives. */
export function terminalError(certificate: CertificateSummary, certificateName: string, region: string): Error {
  const reason = certificate.certificateDetail?.requestFailureReason ?? 'none given';
  return new Error(`Certificate "${certificateName}" in ${region} is ${statusOf(certificate)} (requestFailureReason: ${reason}); it will not be issued`);
}

/** The ARN of a certificate. */
export function arnOf(certificate: CertificateSummary): string {
  return certificate.certificateArn ?? certificate.certificateDetail?.arn ?? '';
}

/** The tags of a certificate, as a map. */
export function tagsOf(certificate: CertificateSummary): TagMap {
  return toTagMap(certificate.tags ?? certificate.certificateDetail?.tags);
}

/** The value of the certificate's owner tag, if it has one. */
export function ownerOf(certificate: CertificateSummary): string | undefined {
  return tagsOf(certificate)[OWNER_TAG_KEY];
}

/** The number of distributions and container services that use the certificate. */
export function inUseCount(certificate: CertificateSummary): number {
  return certificate.certificateDetail?.inUseResourceCount ?? 0;
}

/** The domains of an existing certificate, each once: its primary and its alternates. */
export function domainsOfCertificate(summary: CertificateSummary): string[] {
  const detail = summary.certificateDetail;
  const primary = detail?.domainName ?? summary.domainName;
  const all = [...(primary ? [primary] : []), ...(detail?.subjectAlternativeNames ?? [])];
  return all.filter((d, i) => all.findIndex((other) => sameDomain(other, d)) === i);
}

/** The complete validation record of one domain, if Lightsail has it yet. */
export function recordFor(certificate: CertificateSummary, domain: string): ResourceRecord | undefined {
  return (certificate.certificateDetail?.domainValidationRecords ?? [])
    .filter((r) => sameDomain(r.domainName, domain))
    .map((r) => r.resourceRecord)
    .find((r) => r?.name && r.type && r.value);
}

/**
 * The attributes of a certificate resource (`domains` from its properties) or of a wait link (no
 * domains): records are indexed by the domain's position in `domains`.
 */
export function attributesOf(certificate: CertificateSummary, certificateName: string, domains: readonly string[] = []): Record<string, string> {
  return certificateData({
    certificateName,
    certificateArn: arnOf(certificate),
    status: statusOf(certificate) ?? '',
    records: domains.map((domain) => recordFor(certificate, domain)),
  });
}
