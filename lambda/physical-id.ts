import { CERTIFICATE_PHYSICAL_ID_PREFIX, certificatePhysicalId } from '../src/private/contract';

/** Where a certificate lives and what it is called: everything a Delete needs. */
export interface CertificateLocation {
  /** The region of the certificate. */
  readonly region: string;
  /** The certificate name. */
  readonly certificateName: string;
}

/** The physical id of a certificate resource (the contract's, which the synth size check uses too). */
export const mintPhysicalId = certificatePhysicalId;

/**
 * Reads a physical id minted by {@link mintPhysicalId}.
 *
 * @returns the region and name, or `undefined` for any other id (for example the one CloudFormation
 * makes up for a Create it cancelled before the answer came).
 */
export function parsePhysicalId(physicalId: string | undefined): CertificateLocation | undefined {
  const match = new RegExp(`^${CERTIFICATE_PHYSICAL_ID_PREFIX}:([a-z0-9-]+):(.+)$`).exec(physicalId ?? '');
  if (!match) {
    return undefined;
  }
  return { region: match[1], certificateName: match[2] };
}
