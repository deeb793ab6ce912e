/**
 * The contract between the constructs and the custom-resource handler in `lambda/`.
 *
 * Both sides import this file, so a property or attribute is named once. CloudFormation passes every
 * scalar property to the handler as a string, which is why numbers and booleans are typed as strings.
 */

/** Creates the certificate, keeps its tags, returns its validation records, deletes it. */
export const CERTIFICATE_RESOURCE_TYPE = 'Custom::LightsailCertificate';

/**
 * One link of the wait for ISSUED. A Lambda invocation lasts at most 15 minutes, so a longer wait is a
 * chain of these, each taking the certificate name from the one before; the last one's `CertificateName`
 * attribute is what consumers take.
 */
export const ISSUED_RESOURCE_TYPE = 'Custom::LightsailCertificateIssued';

/**
 * The tag the handler puts on every certificate it creates: `<stack id>/<logical id>` of the resource
 * that made it. Create, adopt, replace and delete act only on certificates whose tag names the resource
 * at hand (or that the user handed over with `adoptExisting`). Users cannot set this key.
 */
export const OWNER_TAG_KEY = 'cdk-lightsail-certificate:owner';

/** Properties of a `Custom::LightsailCertificate`. */
export interface CertificateResourceProperties {
  /** The Lightsail certificate name. */
  readonly CertificateName: string;
  /** The primary domain. */
  readonly DomainName: string;
  /** The alternate names, without the primary domain and without duplicates. */
  readonly SubjectAlternativeNames?: string[];
  /** The region the certificate is created in. */
  readonly Region: string;
  /** The certificate's tags (the owner tag is added by the handler). */
  readonly Tags?: Record<string, string>;
  /** `'true'` when an existing certificate of this name and domains may be taken over whoever made it. */
  readonly AdoptExisting?: string;
  /**
   * The Route 53 hosted zone of each domain, in the order of the domains (primary, then alternates), for
   * validation through Route 53: the handler writes each domain's validation CNAME there.
   */
  readonly HostedZoneIds?: string[];
  /**
   * The role to assume for each hosted zone (by id) that lives in another account; zones not listed are
   * the stack's account's, reached with the function's own role.
   */
  readonly HostedZoneAccess?: Record<string, ZoneAccessProperties>;
}

/** How the handler reaches a hosted zone of another account: the role it assumes there (STS `AssumeRole`). */
export interface ZoneAccessProperties {
  /** The ARN of the role in the zone's account. */
  readonly RoleArn: string;
  /** The external id the role's trust policy asks for (`sts:ExternalId`). */
  readonly ExternalId?: string;
}

/** The TTL of the validation records the handler writes. */
export const VALIDATION_RECORD_TTL = 60;

/**
 * The handler's copy of {@link LIGHTSAIL_REGIONS} (the regions it looks in for other certificates that
 * need a validation record), until it asks Lightsail (`GetRegions`) instead.
 */
export { LIGHTSAIL_REGIONS } from './regions';

/** How the validation records get into DNS: `ROUTE53`, `LIGHTSAIL_DOMAIN` or `MANUAL`. */
export type ValidationMethodName = 'ROUTE53' | 'LIGHTSAIL_DOMAIN' | 'MANUAL';

/** Properties of a `Custom::LightsailCertificateIssued` (one link of the wait). */
export interface IssuedResourceProperties {
  /** The certificate name, from the certificate resource or the link before, so the links run in order. */
  readonly CertificateName: string;
  /** The region of the certificate. */
  readonly Region: string;
  /** How long this link waits, in whole seconds (at most {@link LINK_WAIT_SECONDS}). */
  readonly WaitSeconds: string;
  /** The whole wait (the construct's `timeout`) in seconds, set on the last link only: it fails when its wait runs out. */
  readonly TimeoutSeconds?: string;
  /** How the validation records are published; decides which failures are reported. */
  readonly ValidationMethod: ValidationMethodName;
}

/**
 * The longest one link waits. With the function's 15-minute limit, this leaves two minutes for the last
 * read (with its retries) and the response, so the handler always answers before Lambda stops it.
 */
export const LINK_WAIT_SECONDS = 13 * 60;

/** The function's timeout: Lambda's maximum. */
export const FUNCTION_TIMEOUT_SECONDS = 15 * 60;

/**
 * The `ServiceTimeout` of every custom resource (CloudFormation accepts 1 to 3600 seconds; 3600 when
 * absent): how long CloudFormation waits for an answer. Above one invocation (which answers within the
 * function's timeout) plus a few minutes for an invocation queued or started late, so a killed
 * invocation leaves CloudFormation waiting 20 minutes, not an hour.
 */
export const SERVICE_TIMEOUT_SECONDS = 20 * 60;

/** CloudFormation's limit on a custom resource's answer: status, reason, ids and data. */
export const MAX_RESPONSE_BYTES = 4096;

/**
 * The most a failure's reason takes in the answer (UTF-8 bytes, as JSON text): the handler cuts longer
 * messages, and the synth check adds it to the longest ids.
 */
export const MAX_REASON_BYTES = 2048;

/** aws-cdk-lib's entrypoint answers a failed Create with this physical id. */
export const CREATE_FAILED_MARKER = 'AWSCDK::CustomResourceProviderFramework::CREATE_FAILED';

/**
 * Reads a Lightsail distribution's own domain (`*.cloudfront.net`) at deploy time: CloudFormation's
 * `AWS::Lightsail::Distribution` does not return it, and alias records need it.
 */
export const DISTRIBUTION_DOMAIN_RESOURCE_TYPE = 'Custom::LightsailDistributionDomain';

/** Properties of a `Custom::LightsailDistributionDomain`. */
export interface DistributionDomainProperties {
  /** The distribution's name (its `Ref`), which the read is by. */
  readonly DistributionName: string;
  /** The distribution's ARN: a replaced distribution has a new one, so the domain is read again. */
  readonly DistributionArn: string;
}

/** Lightsail keeps every distribution in us-east-1. */
export const DISTRIBUTION_API_REGION = 'us-east-1';

/** Attribute names (`Fn::GetAtt`) of the resource types. */
export const Attr = {
  /** The certificate name. */
  CERTIFICATE_NAME: 'CertificateName',
  /** The certificate ARN. */
  CERTIFICATE_ARN: 'CertificateArn',
  /** The status when the resource finished (`PENDING_VALIDATION`, `ISSUED`, ...). */
  STATUS: 'Status',
  /** A distribution's own domain, e.g. `d111111abcdef8.cloudfront.net`. */
  DOMAIN_NAME: 'DomainName',
  /** A distribution's IP address type: `dualstack` or `ipv4`. */
  IP_ADDRESS_TYPE: 'IpAddressType',
} as const;

/** Which field of a validation record an attribute holds. */
export type RecordField = 'Name' | 'Type' | 'Value';

/**
 * The attribute that holds one field of the validation record of the domain at `index` in the
 * certificate's domain list (primary first, then the alternate names in the order given).
 */
export function recordAttribute(index: number, field: RecordField): string {
  return `ValidationRecord.${index}.${field}`;
}

/**
 * The wait links a `timeout` needs: the wait of each, in seconds. Every link but the last waits
 * {@link LINK_WAIT_SECONDS}; together they wait exactly `timeoutSeconds`.
 */
export function linkWaits(timeoutSeconds: number): number[] {
  const waits: number[] = [];
  for (let left = timeoutSeconds; left > 0; left -= LINK_WAIT_SECONDS) {
    waits.push(Math.min(left, LINK_WAIT_SECONDS));
  }
  return waits;
}

/**
 * Writes alias `A` entries into a Lightsail DNS zone (a Lightsail "domain") and removes exactly those
 * entries again: on delete, and on update for the names or target it no longer serves.
 */
export const DOMAIN_ENTRIES_RESOURCE_TYPE = 'Custom::LightsailDomainEntries';

/** Properties of a `Custom::LightsailDomainEntries`. */
export interface DomainEntriesProperties {
  /** The Lightsail DNS zone, e.g. `example.com`; a change replaces the resource. */
  readonly DomainName: string;
  /** The full names of the entries, e.g. `example.com`, `www.example.com`. */
  readonly Names: string[];
  /** What every entry points at: a distribution's or a container service's own domain. */
  readonly Target: string;
}

/**
 * Lightsail serves its DNS zones in us-east-1 only: the API model (botocore `lightsail/2016-11-28`,
 * `InvalidInputException`) says "Domain and distribution APIs are only available in the N. Virginia
 * (us-east-1) Amazon Web Services Region".
 */
export const DOMAIN_API_REGION = 'us-east-1';
