import type { CertificateSummary } from '@aws-sdk/client-lightsail';
import type { CdkCustomResourceEvent, CdkCustomResourceResponse } from 'aws-lambda';
import { CertificateStore, lightsailCertificateStore } from './certificate-store';
import { HandlerDeps, pauseBefore } from './deps';
import { loadBalancerStore } from './load-balancer-store';
import { sameDomain } from './names';
import { attributesOf, domainsOfCertificate, isTerminal, recordFor, statusOf, terminalError } from './summary';
import { IssuedResourceProperties } from '../src/private/contract';

/** A request for a `Custom::LightsailCertificateIssued`, one link of the wait for ISSUED. */
export type IssuedEvent = CdkCustomResourceEvent<IssuedResourceProperties>;

/** The pause between two reads: ISSUED is noticed at most this long (plus one call) after it happens. */
export const ISSUED_POLL_MS = 10_000;

/**
 * One link of the wait for ISSUED: reads the certificate once per {@link ISSUED_POLL_MS} for at most the
 * link's `WaitSeconds`, and answers as soon as it is ISSUED. A link that runs out of time hands over to the
 * next one (its answer carries the status); the last one (the one with `TimeoutSeconds`) fails, naming each
 * pending domain and the CNAME it needs. A terminal status fails any link at once.
 *
 * An Update fails on a terminal status or at the timeout only while the certificate has never been issued:
 * one that was issued has passed its wait, and a rollback must be able to return to it even if it has
 * since expired. A Delete owns nothing and does nothing.
 */
export async function onIssuedEvent(event: IssuedEvent, deps: HandlerDeps): Promise<CdkCustomResourceResponse> {
  if (event.RequestType === 'Delete') {
    return { PhysicalResourceId: event.PhysicalResourceId };
  }
  const props = event.ResourceProperties;
  const name = props.CertificateName;
  const forgiving = event.RequestType === 'Update';
  const until = deps.now() + seconds(props.WaitSeconds, 'WaitSeconds') * 1000;
  const store = storeOf(deps, props);
  for (;;) {
    const certificate = await store.find(name);
    if (!certificate) {
      throw new Error(`Certificate "${name}" in ${props.Region} no longer exists while waiting for it to be ISSUED`);
    }
    const answer = { PhysicalResourceId: store.physicalId(name), Data: attributesOf(certificate, name) };
    if (statusOf(certificate) === 'ISSUED' || (forgiving && wasIssued(certificate))) {
      return answer;
    }
    if (isTerminal(certificate)) {
      throw terminalError(certificate, name, props.Region);
    }
    checkLightsailRecords(certificate, props);
    const pause = pauseBefore(deps, ISSUED_POLL_MS, until);
    if (pause === undefined) {
      if (props.TimeoutSeconds === undefined) {
        return answer;
      }
      throw new Error(`Certificate "${name}" in ${props.Region} was not ISSUED within ${describe(seconds(props.TimeoutSeconds, 'TimeoutSeconds'))} `
        + `(status ${statusOf(certificate) ?? 'unknown'}). Still pending: ${listWithin(pendingDomains(certificate), PENDING_LIST_CHARS)}`);
    }
    await deps.sleep(pause);
  }
}

/** A link waits on a Lightsail certificate, or on a load balancer's when the link names one. */
function storeOf(deps: HandlerDeps, props: IssuedResourceProperties): CertificateStore {
  return props.LoadBalancerName === undefined
    ? lightsailCertificateStore(deps, props.Region)
    : loadBalancerStore(deps, props.Region, props.LoadBalancerName);
}

/** Lightsail writes the records into its own DNS zones; when it says it cannot, nothing else will. */
function checkLightsailRecords(certificate: CertificateSummary, props: IssuedResourceProperties): void {
  if (props.ValidationMethod !== 'LIGHTSAIL_DOMAIN') {
    return;
  }
  const failed = (certificate.certificateDetail?.domainValidationRecords ?? []).find((r) => r.dnsRecordCreationState?.code === 'FAILED');
  if (failed) {
    throw new Error(`Lightsail could not create the validation record of ${failed.domainName} for certificate "${props.CertificateName}" `
      + `in ${props.Region}: ${failed.dnsRecordCreationState?.message ?? 'no message given'}`);
  }
}

/** Whether the certificate has been issued at some point (it may have expired or been revoked since). */
function wasIssued(certificate: CertificateSummary): boolean {
  return certificate.certificateDetail?.issuedAt !== undefined;
}

/**
 * How much of the timeout message the pending domains may take: ten of the longest domains with their
 * CNAMEs take about 4,800 characters, and the whole answer to CloudFormation must fit in 4,096 bytes.
 */
const PENDING_LIST_CHARS = 1_500;

/** The items joined with "; " while they fit in `limit` characters, then "and N more". */
export function listWithin(items: readonly string[], limit: number): string {
  let text = '';
  for (let i = 0; i < items.length; i++) {
    const next = text ? `${text}; ${items[i]}` : items[i];
    const rest = items.length - i - 1;
    if (next.length + (rest > 0 ? ` and ${rest} more`.length : 0) > limit && text) {
      return `${text}; and ${items.length - i} more`;
    }
    text = next;
  }
  return text;
}

/** Each domain not yet validated, with the CNAME it needs. */
function pendingDomains(certificate: CertificateSummary): string[] {
  const records = certificate.certificateDetail?.domainValidationRecords ?? [];
  return domainsOfCertificate(certificate)
    .filter((domain) => records.find((r) => sameDomain(r.domainName, domain))?.validationStatus !== 'SUCCESS')
    .map((domain) => {
      const record = recordFor(certificate, domain);
      return record ? `${domain} needs ${record.name} CNAME ${record.value}` : `${domain} (no validation record yet)`;
    });
}

function seconds(value: string, prop: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) {
    throw new Error(`${prop} must be a positive number of seconds, got "${value}"`);
  }
  return n;
}

function describe(totalSeconds: number): string {
  if (totalSeconds % 60 === 0) {
    const minutes = totalSeconds / 60;
    return `${minutes} minute${minutes === 1 ? '' : 's'}`;
  }
  return `${totalSeconds} second${totalSeconds === 1 ? '' : 's'}`;
}
