/**
 * The contract between the constructs and the custom-resource handlers in `lambda/`.
 *
 * Both sides import this file, so a property or attribute is named once. CloudFormation passes every
 * scalar property to the handler as a string, which is why numbers and booleans are typed as strings.
 */

/** Creates the certificate, keeps its tags, returns its validation records, deletes it. */
export const CERTIFICATE_RESOURCE_TYPE = 'Custom::LightsailCertificate';

/** Waits until the certificate is ISSUED; its `CertificateName` attribute is what consumers take. */
export const ISSUED_RESOURCE_TYPE = 'Custom::LightsailCertificateIssued';

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
  /** The certificate's tags. */
  readonly Tags?: Record<string, string>;
}

/** How the validation records get into DNS; decides which failures the wait for ISSUED reports. */
export type ValidationMethod = 'ROUTE53' | 'LIGHTSAIL_DOMAIN' | 'MANUAL';

/** Properties of a `Custom::LightsailCertificateIssued`. */
export interface IssuedResourceProperties {
  /** The certificate name, taken from the certificate resource so that the wait runs after it. */
  readonly CertificateName: string;
  /** The region of the certificate. */
  readonly Region: string;
  /** How long the wait for ISSUED may take, in whole seconds. */
  readonly TimeoutSeconds: string;
  /** How the validation records are published. */
  readonly ValidationMethod: ValidationMethod;
}

/** Attribute names (`Fn::GetAtt`) of both resource types. */
export const Attr = {
  /** The certificate name. */
  CERTIFICATE_NAME: 'CertificateName',
  /** The certificate ARN. */
  CERTIFICATE_ARN: 'CertificateArn',
  /** The status at the time the resource finished (`PENDING_VALIDATION`, `ISSUED`, ...). */
  STATUS: 'Status',
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
 * A Data key the handlers use between onEvent and isComplete. The Provider framework merges it into
 * the resource's attributes, where it is harmless; nothing outside the handlers reads it.
 */
export const DEADLINE_KEY = 'WaitDeadline';
