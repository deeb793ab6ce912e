/** Prefix of every physical id this project mints; anything else was not minted here. */
const PREFIX = 'lightsail-certificate';

/** Where a certificate lives and what it is called: everything a Delete needs. */
export interface CertificateLocation {
  /** The region of the certificate. */
  readonly region: string;
  /** The certificate name. */
  readonly certificateName: string;
}

/**
 * The physical id of a certificate resource: `lightsail-certificate:<region>:<certificateName>`.
 *
 * The id carries the region and the name so that a Delete (including the one CloudFormation sends for
 * the old resource after a replacement) knows what to delete without trusting its properties.
 */
export function mintPhysicalId(region: string, certificateName: string): string {
  return `${PREFIX}:${region}:${certificateName}`;
}

/**
 * Reads a physical id minted by {@link mintPhysicalId}.
 *
 * @returns the region and name, or `undefined` for any other id (for example the one CloudFormation
 * makes up for a Create it cancelled before the answer came).
 */
export function parsePhysicalId(physicalId: string | undefined): CertificateLocation | undefined {
  const match = /^lightsail-certificate:([a-z0-9-]+):(.+)$/.exec(physicalId ?? '');
  if (!match) {
    return undefined;
  }
  return { region: match[1], certificateName: match[2] };
}
