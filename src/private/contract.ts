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

/**
 * Prefix of the tags in which the handler writes, on this library's own certificate and before it attaches
 * that certificate to a target made outside the stack, what the target had before: the record survives a
 * Create whose answer is lost, with the physical id that also holds it. Users cannot set these keys.
 */
export const BEFORE_TAG_PREFIX = 'cdk-lightsail-certificate:before:';

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

/** How the validation records get into DNS: `ROUTE53`, `LIGHTSAIL_DOMAIN` or `MANUAL`. */
export type ValidationMethodName = 'ROUTE53' | 'LIGHTSAIL_DOMAIN' | 'MANUAL';

/** Properties of a `Custom::LightsailCertificateIssued` (one link of the wait). */
export interface IssuedResourceProperties {
  /** The certificate name, from the certificate resource or the link before, so the links run in order. */
  readonly CertificateName: string;
  /** The region of the certificate. */
  readonly Region: string;
  /** How long this link waits, in whole seconds (at most 13 minutes: `LINK_WAIT_SECONDS` in `timing.ts`). */
  readonly WaitSeconds: string;
  /** The whole wait (the construct's `timeout`) in seconds, set on the last link only: it fails when its wait runs out. */
  readonly TimeoutSeconds?: string;
  /** How the validation records are published; decides which failures are reported. */
  readonly ValidationMethod: ValidationMethodName;
  /** The load balancer, for a load balancer's TLS certificate (read with `GetLoadBalancerTlsCertificates`). */
  readonly LoadBalancerName?: string;
}

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
} as const;

/**
 * The physical id of a certificate resource: `lightsail-certificate:<region>:<certificateName>`. It carries
 * the region and the name so that a Delete (including the one CloudFormation sends for the old resource
 * after a replacement) knows what to delete without trusting its properties.
 */
export function certificatePhysicalId(region: string, certificateName: string): string {
  return `${CERTIFICATE_PHYSICAL_ID_PREFIX}:${region}:${certificateName}`;
}

/** The first part of every physical id {@link certificatePhysicalId} mints. */
export const CERTIFICATE_PHYSICAL_ID_PREFIX = 'lightsail-certificate';

/**
 * A certificate's domains from the resource's properties: the primary, then the alternates in the order
 * given. Validation records are indexed by a domain's position here, which is the order the construct
 * reads them in.
 */
export function propertyDomains(props: Pick<CertificateResourceProperties, 'DomainName' | 'SubjectAlternativeNames'>): string[] {
  return [props.DomainName, ...(props.SubjectAlternativeNames ?? [])];
}

/** What one domain's validation record attributes hold; a field Lightsail has not filled in yet is empty. */
export interface RecordFields {
  readonly name?: string;
  readonly type?: string;
  readonly value?: string;
}

/** What the `Data` of a certificate resource or a wait link is built from. */
export interface CertificateData {
  readonly certificateName: string;
  readonly certificateArn: string;
  /** Lightsail's status of the certificate; empty when it gave none. */
  readonly status: string;
  /** One per domain, in the order of {@link propertyDomains}; none for a wait link. */
  readonly records?: readonly (RecordFields | undefined)[];
}

/**
 * The `Data` (attributes) of a certificate resource or a wait link. Only names, ARN, status and records:
 * the whole answer must fit in {@link MAX_RESPONSE_BYTES}, which the synth check sizes with this builder.
 */
export function certificateData(data: CertificateData): Record<string, string> {
  const attributes: Record<string, string> = {
    [Attr.CERTIFICATE_NAME]: data.certificateName,
    [Attr.CERTIFICATE_ARN]: data.certificateArn,
    [Attr.STATUS]: data.status,
  };
  (data.records ?? []).forEach((record, i) => {
    attributes[recordAttribute(i, 'Name')] = record?.name ?? '';
    attributes[recordAttribute(i, 'Type')] = record?.type ?? '';
    attributes[recordAttribute(i, 'Value')] = record?.value ?? '';
  });
  return attributes;
}

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
 * Attaches an ISSUED certificate to a distribution made outside the app (by name), and gives back what
 * it took: the certificate attached before is re-attached on delete, or the certificate detached when
 * there was none. The physical id records what was there before, so a Delete needs nothing else.
 */
export const DISTRIBUTION_CERTIFICATE_RESOURCE_TYPE = 'Custom::LightsailDistributionCertificate';

/** Properties of a `Custom::LightsailDistributionCertificate`. */
export interface DistributionCertificateProperties {
  /** The distribution's name. */
  readonly DistributionName: string;
  /** The certificate to attach (us-east-1), from the last wait link, so it is ISSUED. */
  readonly CertificateName: string;
}

/**
 * Adds a certificate's domains to the `publicDomainNames` of a container service made outside the app
 * (by name and region), leaving the others as they are; on delete removes only the domains it added.
 */
export const CONTAINER_SERVICE_CERTIFICATE_RESOURCE_TYPE = 'Custom::LightsailContainerServiceCertificate';

/** Properties of a `Custom::LightsailContainerServiceCertificate`. */
export interface ContainerServiceCertificateProperties {
  /** The container service's name. */
  readonly ServiceName: string;
  /** The container service's region, which is the certificate's. */
  readonly Region: string;
  /** The certificate, from the last wait link, so it is ISSUED. */
  readonly CertificateName: string;
  /** The domains to serve with it. */
  readonly DomainNames: string[];
}

/** Attribute of both attachment types: what alias records point at (the distribution's or service's own domain). */
export const TARGET_DOMAIN_NAME_ATTRIBUTE = 'TargetDomainName';

/** Documented (botocore `ContainerService.publicDomainNames`): "up to four public domain names for a container service". */
export const MAX_CONTAINER_SERVICE_DOMAINS = 4;

/** The key that marks an event as the renewal watch's (CloudFormation's events never have it). */
export const WATCH_EVENT_KEY = 'LightsailCertificateRenewalWatch';

/**
 * The renewal watch: the stack's schedule rule hands the provider's function this event (its target's
 * `Input`), which `lambda/index.ts` routes to the watch instead of aws-cdk-lib's entrypoint.
 */
export interface WatchEvent {
  /** The watched certificates: where each lives and its name (and its load balancer, for a load balancer's certificate). */
  readonly [WATCH_EVENT_KEY]: ReadonlyArray<WatchedCertificate>;
}

/** One certificate of the renewal watch. */
export interface WatchedCertificate {
  readonly Region: string;
  readonly CertificateName: string;
  /** Set for a load balancer's TLS certificate, which `GetLoadBalancerTlsCertificates` reads instead of `GetCertificates`. */
  readonly LoadBalancerName?: string;
}

/** The CloudWatch namespace of the watch's metrics (custom namespaces may not start with `AWS/`). */
export const METRIC_NAMESPACE = 'LightsailCertificate';

/** The watch's metric names. */
export const Metric = {
  /** Days until `notAfter`, fractional (ACM's `DaysToExpiry`). */
  DAYS_TO_EXPIRY: 'DaysToExpiry',
  /** 1 while Lightsail's renewal is `PendingValidation` or `Failed` (or the certificate is not `ISSUED`), else 0. */
  RENEWAL_FAILING: 'RenewalFailing',
  /** 1 while Lightsail's renewal is `PendingAutoRenewal`, else 0. */
  RENEWAL_PENDING: 'RenewalPending',
} as const;

/**
 * The dimensions of every watch metric: certificate names are unique per region only. A load balancer's
 * certificate adds `LoadBalancerName`: its name lives beside the region's certificates, not among them, so
 * a certificate of the same name must not share its metrics.
 */
export const MetricDimension = { CERTIFICATE_NAME: 'CertificateName', REGION: 'Region', LOAD_BALANCER_NAME: 'LoadBalancerName' } as const;

/**
 * A Lightsail load balancer's TLS certificate (`CreateLoadBalancerTlsCertificate`): the same job as
 * {@link CERTIFICATE_RESOURCE_TYPE}, on the load balancer's certificates, in the load balancer's region.
 */
export const LOAD_BALANCER_CERTIFICATE_RESOURCE_TYPE = 'Custom::LightsailLoadBalancerCertificate';

/** Properties of a `Custom::LightsailLoadBalancerCertificate`: a certificate's, plus its load balancer. */
export interface LoadBalancerCertificateProperties extends CertificateResourceProperties {
  /** The load balancer that holds the certificate (in `Region`). */
  readonly LoadBalancerName: string;
}

/**
 * Attaches an ISSUED load-balancer certificate (`AttachLoadBalancerTlsCertificate`), remembering the one
 * attached before in its physical id, and re-attaches that one on delete.
 */
export const LOAD_BALANCER_ATTACHMENT_RESOURCE_TYPE = 'Custom::LightsailLoadBalancerCertificateAttachment';

/** Properties of a `Custom::LightsailLoadBalancerCertificateAttachment`. */
export interface LoadBalancerAttachmentProperties {
  /** The load balancer. */
  readonly LoadBalancerName: string;
  /** The load balancer's region. */
  readonly Region: string;
  /** The certificate to attach, from the last wait link, so it is ISSUED. */
  readonly CertificateName: string;
}

/** The first part of every physical id {@link loadBalancerCertificatePhysicalId} mints. */
export const LOAD_BALANCER_CERTIFICATE_PHYSICAL_ID_PREFIX = 'lightsail-load-balancer-certificate';

/**
 * The physical id of a load-balancer certificate resource or wait link:
 * `lightsail-load-balancer-certificate:<region>:<load balancer>:<certificate>`. Lightsail resource names
 * are letters, digits, `_` and `-` (botocore `ResourceName`), so `:` separates them.
 */
export function loadBalancerCertificatePhysicalId(region: string, loadBalancerName: string, certificateName: string): string {
  return `${LOAD_BALANCER_CERTIFICATE_PHYSICAL_ID_PREFIX}:${region}:${loadBalancerName}:${certificateName}`;
}

/**
 * Documented (botocore `CreateLoadBalancerTlsCertificate`, `certificateName`): "Each Lightsail load balancer can
 * have up to 2 certificates associated with it at one time."
 */
export const MAX_LOAD_BALANCER_CERTIFICATES = 2;
