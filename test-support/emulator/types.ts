/**
 * Shared types of the Lightsail emulator: the wire shapes it answers with (as the Lightsail API model
 * `Lightsail_20161128` defines them) and the names it uses for operations and statuses.
 *
 * The wire shapes are declared here rather than imported from `@aws-sdk/client-lightsail` because the
 * SDK's types describe what a client sees after deserialisation (`Date` objects, optional everything),
 * while the emulator writes JSON: timestamps are epoch seconds, as awsJson1_1 encodes them.
 */

/** The operations the emulator implements. */
export type OperationName =
  | 'CreateCertificate'
  | 'GetCertificates'
  | 'DeleteCertificate'
  | 'TagResource'
  | 'UntagResource'
  | 'GetDistributions';

/** Every operation the emulator implements, in the order the model lists them. */
export const OPERATION_NAMES: readonly OperationName[] = [
  'CreateCertificate',
  'GetCertificates',
  'DeleteCertificate',
  'TagResource',
  'UntagResource',
  'GetDistributions',
];

/** A Lightsail distribution as `GetDistributions` lists it: only what reading its domain needs. */
export interface WireDistribution {
  readonly name: string;
  readonly arn: string;
  /** The distribution's own domain, `<id>.cloudfront.net`. */
  readonly domainName: string;
  /** `dualstack` (Lightsail's default) or `ipv4`. */
  readonly ipAddressType: string;
  readonly status: string;
}

/** `CertificateStatus` from the model. */
export type CertificateStatus =
  | 'PENDING_VALIDATION'
  | 'ISSUED'
  | 'INACTIVE'
  | 'EXPIRED'
  | 'VALIDATION_TIMED_OUT'
  | 'REVOKED'
  | 'FAILED';

/** Every `CertificateStatus` value the model allows. */
export const CERTIFICATE_STATUSES: readonly CertificateStatus[] = [
  'PENDING_VALIDATION',
  'ISSUED',
  'INACTIVE',
  'EXPIRED',
  'VALIDATION_TIMED_OUT',
  'REVOKED',
  'FAILED',
];

/** `CertificateDomainValidationStatus` from the model. */
export type DomainValidationStatus = 'PENDING_VALIDATION' | 'FAILED' | 'SUCCESS';

/** `DnsRecordCreationStateCode` from the model. */
export type DnsRecordCreationStateCode = 'SUCCEEDED' | 'STARTED' | 'FAILED';

/** A Lightsail `Tag`: the value is optional in the model. */
export interface WireTag {
  /** The tag key. */
  readonly key: string;
  /** The tag value, absent when the tag has none. */
  readonly value?: string;
}

/** A Lightsail `ResourceRecord`: the CNAME to publish for one domain. */
export interface WireResourceRecord {
  /** The record name, fully qualified with a trailing dot (`_abc.example.com.`). */
  readonly name: string;
  /** Always `CNAME` for Lightsail certificates. */
  readonly type: string;
  /** The record value (`_def.xyz.acm-validations.aws.`). */
  readonly value: string;
}

/** A Lightsail `DnsRecordCreationState`. */
export interface WireDnsRecordCreationState {
  /** Where Lightsail's own record creation stands. */
  readonly code: DnsRecordCreationStateCode;
  /** Why it failed, when it did. */
  readonly message?: string;
}

/** A Lightsail `DomainValidationRecord`. */
export interface WireDomainValidationRecord {
  /** The domain the record validates. */
  readonly domainName: string;
  /** The CNAME to publish; absent while the service has not produced it yet. */
  readonly resourceRecord?: WireResourceRecord;
  /** Present only for domains whose DNS zone is in Lightsail. */
  readonly dnsRecordCreationState?: WireDnsRecordCreationState;
  /** The validation status of this one domain. */
  readonly validationStatus: DomainValidationStatus;
}

/** A Lightsail `Certificate` (the detail shape). Timestamps are epoch seconds. */
export interface WireCertificate {
  /** The certificate ARN, `arn:aws:lightsail:<region>:<account>:Certificate/<uuid>`. */
  readonly arn: string;
  /** The certificate name. */
  readonly name: string;
  /** The primary domain. */
  readonly domainName: string;
  /** The certificate status. */
  readonly status: CertificateStatus;
  /** The serial number, once issued. */
  readonly serialNumber?: string;
  /** Every domain of the certificate, the primary first (Lightsail adds it itself). */
  readonly subjectAlternativeNames: string[];
  /** One validation record per domain, in `subjectAlternativeNames` order. */
  readonly domainValidationRecords: WireDomainValidationRecord[];
  /** Why the request failed (`DOMAIN_NOT_ALLOWED`, ...), when the status is `FAILED`. */
  readonly requestFailureReason?: string;
  /** How many Lightsail resources (distributions, container services) use the certificate. */
  readonly inUseResourceCount: number;
  /** The key algorithm (`RSA-2048`). */
  readonly keyAlgorithm: string;
  /** When the certificate was requested, in epoch seconds. */
  readonly createdAt: number;
  /** When the certificate was issued, in epoch seconds. */
  readonly issuedAt?: number;
  /** The issuing certificate authority. */
  readonly issuerCA: string;
  /** Start of the validity period, in epoch seconds. */
  readonly notBefore?: number;
  /** End of the validity period, in epoch seconds. */
  readonly notAfter?: number;
  /** Whether the certificate is eligible for managed renewal. */
  readonly eligibleToRenew: string;
  /** When the certificate was revoked, in epoch seconds. */
  readonly revokedAt?: number;
  /** Why the certificate was revoked. */
  readonly revocationReason?: string;
  /** The certificate's tags. */
  readonly tags: WireTag[];
  /** A code that identifies the certificate to AWS Support. */
  readonly supportCode: string;
}

/** A Lightsail `CertificateSummary`. */
export interface WireCertificateSummary {
  /** The certificate ARN. */
  readonly certificateArn: string;
  /** The certificate name. */
  readonly certificateName: string;
  /** The primary domain. */
  readonly domainName: string;
  /** The full certificate; only with `includeCertificateDetails` (and in the CreateCertificate result). */
  readonly certificateDetail?: WireCertificate;
  /** The certificate's tags. */
  readonly tags: WireTag[];
}

/** A Lightsail `Operation`, as the mutating calls return it. */
export interface WireOperation {
  /** A generated operation id. */
  readonly id: string;
  /** The certificate name. */
  readonly resourceName: string;
  /** Always `Certificate` here. */
  readonly resourceType: 'Certificate';
  /** When the operation started, in epoch seconds. */
  readonly createdAt: number;
  /** Where the operation ran (availability zone `all`, region of the request). */
  readonly location: { readonly availabilityZone: string; readonly regionName: string };
  /** Always true: the emulator finishes every operation before answering. */
  readonly isTerminal: boolean;
  /** Free-form details; empty here. */
  readonly operationDetails: string;
  /** The operation name (`CreateCertificate`, ...). */
  readonly operationType: string;
  /** Always `Succeeded`: failures are answered as errors instead. */
  readonly status: 'Succeeded';
  /** When the status last changed, in epoch seconds. */
  readonly statusChangedAt: number;
}
