import type { CertificateSummary } from '@aws-sdk/client-lightsail';

/** Statuses a certificate never leaves on its own: waiting any longer is pointless. */
const TERMINAL_STATUSES: ReadonlySet<string> = new Set(['FAILED', 'VALIDATION_TIMED_OUT', 'REVOKED', 'EXPIRED', 'INACTIVE']);

/** The status of a certificate read with its details. */
export function statusOf(certificate: CertificateSummary): string | undefined {
  return certificate.certificateDetail?.status;
}

/**
 * Throws when the certificate is in a terminal status, with the status, the reason Lightsail gives and
 * the name, so that the deploy fails now instead of at its timeout.
 */
export function failIfTerminal(certificate: CertificateSummary, certificateName: string, region: string): void {
  const status = statusOf(certificate);
  if (status !== undefined && TERMINAL_STATUSES.has(status)) {
    const reason = certificate.certificateDetail?.requestFailureReason ?? 'none given';
    throw new Error(`Certificate "${certificateName}" in ${region} is ${status} (requestFailureReason: ${reason}); it will not be issued`);
  }
}
