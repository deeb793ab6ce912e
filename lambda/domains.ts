import type { Certificate, CertificateSummary } from '@aws-sdk/client-lightsail';
import type { CertificateResourceProperties } from '../src/private/contract';

/** The certificate's domains from its properties: the primary first, then the alternates in the order given. */
export function domainsOf(props: Pick<CertificateResourceProperties, 'DomainName' | 'SubjectAlternativeNames'>): string[] {
  return [props.DomainName, ...(props.SubjectAlternativeNames ?? [])];
}

/** The domains of an existing certificate: its primary and its alternates (which Lightsail says include the primary). */
export function domainsOfCertificate(summary: CertificateSummary): string[] {
  const detail: Certificate | undefined = summary.certificateDetail;
  const primary = detail?.domainName ?? summary.domainName;
  return [...(primary ? [primary] : []), ...(detail?.subjectAlternativeNames ?? [])];
}

/**
 * Whether two domain lists name the same domains. DNS names are case-insensitive, and neither the
 * order nor which domain is primary changes what a certificate covers, so the lists compare as sets.
 */
export function sameDomainSet(a: readonly string[], b: readonly string[]): boolean {
  const left = new Set(a.map(normalize));
  const right = new Set(b.map(normalize));
  return left.size === right.size && [...left].every((d) => right.has(d));
}

/** Whether two domain names are the same name. */
export function sameDomain(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && normalize(a) === normalize(b);
}

function normalize(domain: string): string {
  return domain.toLowerCase();
}
