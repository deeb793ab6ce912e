import type { CertificateSummary, DomainValidationRecord } from '@aws-sdk/client-lightsail';
import type {
  CdkCustomResourceEvent,
  CdkCustomResourceIsCompleteEvent,
  CdkCustomResourceIsCompleteResponse,
  CdkCustomResourceResponse,
} from 'aws-lambda';
import { deadlineOf, WaitData } from './deadline';
import type { HandlerDeps } from './deps';
import { domainsOfCertificate, sameDomain } from './domains';
import { findCertificate } from './lightsail';
import { mintPhysicalId } from './physical-id';
import { failIfTerminal, statusOf } from './status';
import { Attr, DEADLINE_KEY, IssuedResourceProperties } from '../src/private/contract';

/** An onEvent request for a `Custom::LightsailCertificateIssued`. */
export type IssuedEvent = CdkCustomResourceEvent<IssuedResourceProperties>;

/** An isComplete request for a `Custom::LightsailCertificateIssued`: the request plus what onEvent answered. */
export type IssuedIsCompleteEvent = CdkCustomResourceIsCompleteEvent<IssuedResourceProperties, WaitData>;

/**
 * Handles onEvent for the wait for ISSUED: it only sets the deadline. The resource owns nothing, so a
 * Delete does nothing (the certificate belongs to the certificate resource, which shares the physical id).
 */
export async function onIssuedEvent(event: IssuedEvent, deps: HandlerDeps): Promise<CdkCustomResourceResponse<WaitData>> {
  if (event.RequestType === 'Delete') {
    return { PhysicalResourceId: event.PhysicalResourceId };
  }
  const props = event.ResourceProperties;
  return {
    PhysicalResourceId: mintPhysicalId(props.Region, props.CertificateName),
    Data: { [DEADLINE_KEY]: deps.now() + timeoutSecondsOf(props) * 1000 },
  };
}

/**
 * One poll of the wait for ISSUED: exactly one `GetCertificates` call, so that the Provider's query
 * interval alone decides how soon ISSUED is noticed and how many calls a long wait costs.
 */
export async function isIssuedComplete(event: IssuedIsCompleteEvent, deps: HandlerDeps): Promise<CdkCustomResourceIsCompleteResponse> {
  if (event.RequestType === 'Delete') {
    return { IsComplete: true };
  }
  const props = event.ResourceProperties;
  const name = props.CertificateName;
  const certificate = await findCertificate(deps, deps.lightsail(props.Region), name);
  if (!certificate) {
    throw new Error(`Certificate "${name}" in ${props.Region} no longer exists while waiting for it to be ISSUED`);
  }

  if (statusOf(certificate) === 'ISSUED') {
    return {
      IsComplete: true,
      Data: {
        [Attr.CERTIFICATE_NAME]: name,
        [Attr.CERTIFICATE_ARN]: certificate.certificateArn ?? certificate.certificateDetail?.arn ?? '',
        [Attr.STATUS]: 'ISSUED',
      },
    };
  }
  failIfTerminal(certificate, name, props.Region);

  const records = certificate.certificateDetail?.domainValidationRecords ?? [];
  if (props.ValidationMethod === 'LIGHTSAIL_DOMAIN') {
    // Lightsail writes the records into its own DNS zones; when it says it cannot, nothing else will.
    const failed = records.find((r) => r.dnsRecordCreationState?.code === 'FAILED');
    if (failed) {
      throw new Error(`Lightsail could not create the validation record of ${failed.domainName} for certificate "${name}" in ${props.Region}: `
        + `${failed.dnsRecordCreationState?.message ?? 'no message given'}`);
    }
  }

  if (deps.now() >= deadlineOf(event)) {
    throw new Error(`Certificate "${name}" in ${props.Region} was not ISSUED within ${describeSeconds(timeoutSecondsOf(props))} `
      + `(status ${statusOf(certificate) ?? 'unknown'}). Still pending: ${pendingDomains(certificate, records).join('; ')}`);
  }
  return { IsComplete: false };
}

/** Each domain not yet validated, with the CNAME it needs. */
function pendingDomains(certificate: CertificateSummary, records: DomainValidationRecord[]): string[] {
  const domains = domainsOfCertificate(certificate).filter((d, i, all) => all.findIndex((o) => sameDomain(o, d)) === i);
  const pending: string[] = [];
  for (const domain of domains) {
    const record = records.find((r) => sameDomain(r.domainName, domain));
    if (record?.validationStatus === 'SUCCESS') {
      continue;
    }
    const rr = record?.resourceRecord;
    pending.push(rr?.name && rr.value ? `${domain} needs ${rr.name} CNAME ${rr.value}` : `${domain} (no validation record yet)`);
  }
  return pending;
}

function timeoutSecondsOf(props: IssuedResourceProperties): number {
  const seconds = Number(props.TimeoutSeconds);
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw new Error(`TimeoutSeconds must be a positive number of seconds, got "${props.TimeoutSeconds}"`);
  }
  return seconds;
}

function describeSeconds(seconds: number): string {
  if (seconds % 60 === 0) {
    const minutes = seconds / 60;
    return `${minutes} minute${minutes === 1 ? '' : 's'}`;
  }
  return `${seconds} second${seconds === 1 ? '' : 's'}`;
}
