import type { CertificateSummary as AcmSummary } from '@aws-sdk/client-acm';
import type { CertificateSummary } from '@aws-sdk/client-lightsail';
import { enabledRegionNames } from './account';
import { describeAcmCertificate, liveAcmCertificates } from './acm';
import { HandlerDeps, hasTimeFor } from './deps';
import { lightsailCertificates, lightsailRegionNames, loadBalancerNames } from './lightsail';
import { asCertificateSummary, loadBalancerCertificates } from './load-balancer-store';
import { normalizeName } from './names';
import { backoff } from './retries';
import { arnOf, isTerminal } from './summary';

/**
 * Which live certificates of the account, other than some, need a validation record: Lightsail's in every
 * region Lightsail has (asked at run time: `GetRegions`), and ACM's in every region the account has enabled
 * (asked at run time: `account:ListRegions`). ACM gives one validation CNAME per account and domain, and
 * Lightsail's certificates are issued by ACM, so an ACM certificate for the same domain (CloudFront, API
 * Gateway) may rely on the same record (not stated by AWS either way: treated as possible).
 */

/** A record to look for: the name and value of a validation CNAME. */
export interface RecordKey {
  readonly name: string;
  readonly value: string;
}

/** What a scan found: for each record (by {@link recordKey}) the ARNs that need it, and whether every region was read. */
export interface ScanResult {
  readonly needers: ReadonlyMap<string, readonly string[]>;
  /** Some region could not be read after retries: a record nobody was seen to need must still be kept. */
  readonly unread: boolean;
}

/** How often a region's certificates are listed (each with the call's own retries) before the scan gives up on it. */
const REGION_READS = 3;

/** Errors that say the account does not use a region (opt-in regions not enabled): it has no certificates there. */
const REGION_NOT_IN_USE = new Set(['UnrecognizedClientException', 'InvalidClientTokenId', 'AuthFailure', 'OptInRequired']);

/** The key of a record: its name and value as DNS compares them. */
export function recordKey(record: RecordKey): string {
  return `${normalizeName(record.name)} ${normalizeName(record.value)}`;
}

/**
 * Scans the account for certificates that need any of `records`, leaving out the certificates in
 * `except` (the one releasing, and those that released and are being deleted).
 *
 * @param homeRegion a region where Lightsail has an endpoint, to ask `GetRegions` in
 */
export async function scanForNeeders(
  deps: HandlerDeps, records: readonly RecordKey[], except: ReadonlySet<string>, homeRegion: string,
): Promise<ScanResult> {
  const wanted = new Set(records.map(recordKey));
  const domains = new Set(records.map((r) => normalizeName(r.name).split('.').slice(1).join('.')));
  const needers = new Map<string, string[]>();
  const need = (arn: string, name: string | undefined, value: string | undefined) => {
    if (!name || !value || except.has(arn)) return;
    const key = recordKey({ name, value });
    if (wanted.has(key) && !needers.get(key)?.includes(arn)) needers.set(key, [...(needers.get(key) ?? []), arn]);
  };
  const [lightsailRegions, acmRegions] = await Promise.all([
    patiently(deps, 'Lightsail regions', () => lightsailRegionNames(deps, deps.lightsail(homeRegion))),
    patiently(deps, 'enabled regions', () => enabledRegionNames(deps)),
  ]);
  const lightsailReads = (lightsailRegions ?? []).map((region) => patiently(deps, `Lightsail certificates of ${region}`, async () => {
    // A load balancer's certificates renew with the same records: they are holders too.
    const all = [...await lightsailCertificates(deps, deps.lightsail(region)), ...await loadBalancerCertificatesOf(deps, region)];
    for (const certificate of all) {
      if (isTerminal(certificate)) continue;
      for (const v of certificate.certificateDetail?.domainValidationRecords ?? []) {
        need(arnOf(certificate), v.resourceRecord?.name, v.resourceRecord?.value);
      }
    }
    return true;
  }));
  const acmReads = (acmRegions ?? []).map((region) => patiently(deps, `ACM certificates of ${region}`, async () => {
    for (const arn of await acmCertificatesFor(deps, region, domains)) {
      if (except.has(arn)) continue;
      const described = await describeAcmCertificate(deps, region, arn);
      for (const option of described?.DomainValidationOptions ?? []) need(arn, option.ResourceRecord?.Name, option.ResourceRecord?.Value);
    }
    return true;
  }));
  const reads = await Promise.all([...lightsailReads, ...acmReads]);
  const unread = lightsailRegions === undefined || acmRegions === undefined || reads.some((r) => r === undefined);
  return { needers, unread };
}

/** Every certificate of every load balancer of the region (`GetLoadBalancers`, then `GetLoadBalancerTlsCertificates` for each). */
async function loadBalancerCertificatesOf(deps: HandlerDeps, region: string): Promise<CertificateSummary[]> {
  const all: CertificateSummary[] = [];
  for (const name of await loadBalancerNames(deps, deps.lightsail(region))) {
    all.push(...(await loadBalancerCertificates(deps, region, name)).map(asCertificateSummary));
  }
  return all;
}

/** The ARNs of a region's live ACM certificates that name one of `domains` (a wildcard counts for its base name). */
async function acmCertificatesFor(deps: HandlerDeps, region: string, domains: ReadonlySet<string>): Promise<string[]> {
  return (await liveAcmCertificates(deps, region)).filter((c) => mayName(c, domains)).map((c) => c.CertificateArn!).filter(Boolean);
}

function mayName(summary: AcmSummary, domains: ReadonlySet<string>): boolean {
  // The summary lists only the first names: with more, only DescribeCertificate can tell.
  if (summary.HasAdditionalSubjectAlternativeNames) return true;
  return [summary.DomainName, ...(summary.SubjectAlternativeNameSummaries ?? [])]
    .some((d) => d !== undefined && domains.has(normalizeName(d).replace(/^\*\./, '')));
}

/**
 * Runs a read of the scan a few times: a region the account has not enabled answers an auth error and has
 * nothing; `undefined` when it still fails (the caller keeps the record: a stray CNAME costs nothing, a
 * missing one stops another certificate from renewing).
 */
async function patiently<T>(deps: HandlerDeps, what: string, read: () => Promise<T>): Promise<T | undefined> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await read();
    } catch (error) {
      if (REGION_NOT_IN_USE.has((error as { name?: string }).name ?? '')) {
        return [] as unknown as T;
      }
      const pause = backoff(deps, attempt, 2_000, 10_000);
      if (attempt >= REGION_READS || !hasTimeFor(deps, pause)) {
        console.log(`Could not read the ${what}: ${String(error)}`);
        return undefined;
      }
      await deps.sleep(pause);
    }
  }
}
