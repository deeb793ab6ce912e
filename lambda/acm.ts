import { CertificateDetail, CertificateSummary, DescribeCertificateCommand, KeyAlgorithm, ListCertificatesCommand } from '@aws-sdk/client-acm';
import { HandlerDeps } from './deps';
import { RetryOptions, withRetries } from './retries';

/** Every call the handler makes to ACM (read only: which ACM certificates rely on a validation record), each with the retry policy. */

/** ListCertificates returns RSA_2048 certificates only unless asked for every key type (ACM API reference, `Filters.keyTypes`). */
const ALL_KEY_TYPES: KeyAlgorithm[] = ['RSA_1024', 'RSA_2048', 'RSA_3072', 'RSA_4096', 'EC_prime256v1', 'EC_secp384r1', 'EC_secp521r1'];

/** ACM statuses of a certificate that still validates or renews with its record. */
const ACM_LIVE_STATUSES = ['PENDING_VALIDATION', 'ISSUED'] as const;

/** The summaries of a region's live ACM certificates, of every key type, page by page. */
export async function liveAcmCertificates(deps: RetryOptions & Pick<HandlerDeps, 'acm'>, region: string): Promise<CertificateSummary[]> {
  const all: CertificateSummary[] = [];
  let NextToken: string | undefined;
  do {
    const page = await withRetries(deps, () => deps.acm(region).send(new ListCertificatesCommand({
      CertificateStatuses: [...ACM_LIVE_STATUSES],
      Includes: { keyTypes: ALL_KEY_TYPES },
      NextToken,
    })));
    all.push(...(page.CertificateSummaryList ?? []));
    NextToken = page.NextToken;
  } while (NextToken);
  return all;
}

/** An ACM certificate's details, with its validation records (`DomainValidationOptions`). */
export async function describeAcmCertificate(deps: RetryOptions & Pick<HandlerDeps, 'acm'>, region: string, arn: string): Promise<CertificateDetail | undefined> {
  const described = await withRetries(deps, () => deps.acm(region).send(new DescribeCertificateCommand({ CertificateArn: arn })));
  return described.Certificate;
}
