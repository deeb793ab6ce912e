import type { CertificateResourceProperties } from '../src/private/contract';

/**
 * Whether CreateCertificate refused because a quota is reached. Lightsail's API reference documents no
 * error for it (CreateCertificate declares InvalidInputException and ServiceException among others), so
 * any error of those, or one named for a limit, whose message speaks of a limit, quota or maximum counts.
 */
export function isQuotaRefusal(error: unknown): boolean {
  const e = error as { name?: string; message?: string } | undefined;
  const names = ['InvalidInputException', 'OperationFailureException', 'ServiceException', 'LimitExceededException', 'ServiceQuotaExceededException'];
  return names.includes(e?.name ?? '') && /quota|limit|maximum number|too many certificates/i.test(e?.message ?? '');
}

/**
 * The refusal in the user's terms. Lightsail's service quotas (10 active certificates per region and
 * account, 20 certificate requests per region in 365 days: the Lightsail quotas page, as transcribed in
 * the project's published-facts reference); each change of the domains or the region is a new request.
 */
export function quotaError(props: Pick<CertificateResourceProperties, 'CertificateName' | 'Region'>, error: unknown): Error {
  return new Error(`Lightsail refused to create certificate "${props.CertificateName}" in ${props.Region} because a quota is reached: `
    + 'Lightsail allows 10 certificates per region, and 20 certificate requests per region in any 365 days (deleted certificates count, '
    + 'and every change of domains or region requests a new certificate). Delete certificates you no longer use, wait, or ask AWS Support '
    + `for more. Lightsail said: ${(error as { message?: string } | undefined)?.message ?? String(error)}`);
}
