/**
 * Finds the region a request is meant for, and who signed it.
 *
 * A real Lightsail endpoint is regional (`lightsail.<region>.amazonaws.com`); the emulator has one
 * endpoint for all regions, so it reads the region from the SigV4 credential scope the client signs
 * with: `Authorization: AWS4-HMAC-SHA256 Credential=<key>/<yyyymmdd>/<region>/lightsail/aws4_request, ...`.
 * Signatures are not verified: the emulator trusts any credentials. Any region name is accepted
 * (unverified what a region without Lightsail answers: there, the endpoint simply does not exist).
 */

const CREDENTIAL_SCOPE = /Credential=([^/,\s]+)\/\d{8}\/([a-z0-9-]+)\/([a-z0-9-]+)\/aws4_request/;

/** What the `Authorization` header says. */
export interface SignedScope {
  /** The region of the credential scope. */
  readonly region: string;
  /** The service of the credential scope (the SDK signs Lightsail requests for `lightsail`). */
  readonly service: string;
  /** The access key the request is signed with. */
  readonly accessKeyId: string;
}

/**
 * Parses the credential scope out of a SigV4 `Authorization` header.
 *
 * @param authorization the header value, if any.
 * @returns the scope, or undefined when the header is missing or not SigV4.
 */
export function parseSignedScope(authorization: string | undefined): SignedScope | undefined {
  if (!authorization || !authorization.startsWith('AWS4-HMAC-SHA256')) {
    return undefined;
  }
  const match = CREDENTIAL_SCOPE.exec(authorization);
  return match ? { region: match[2], service: match[3], accessKeyId: match[1] } : undefined;
}
