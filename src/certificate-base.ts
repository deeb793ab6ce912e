import { IResource } from 'aws-cdk-lib';
import * as lightsail from 'aws-cdk-lib/aws-lightsail';
import { DISTRIBUTION_REGION } from './private/regions';

export { DISTRIBUTION_REGION };

/**
 * A DNS record that proves control of one domain of a certificate.
 */
export interface ValidationRecord {
  /** The domain this record validates. */
  readonly domainName: string;
  /** The record name, e.g. `_a1b2c3.www.example.com.`. */
  readonly name: string;
  /** The record type; Lightsail uses `CNAME`. */
  readonly type: string;
  /** The record value. */
  readonly value: string;
}

/**
 * A Lightsail SSL/TLS certificate.
 */
export interface ILightsailCertificate extends IResource, lightsail.ICertificateRef {
  /**
   * The name of the certificate, which distributions and container services take.
   *
   * @attribute
   */
  readonly certificateName: string;

  /**
   * The ARN of the certificate.
   *
   * @attribute
   */
  readonly certificateArn: string;
}

/**
 * What identifies an existing Lightsail certificate.
 */
export interface LightsailCertificateAttributes {
  /** The name of the certificate. */
  readonly certificateName: string;

  /**
   * The ARN of the certificate.
   *
   * @default - not known: reading `certificateArn` fails at synth
   */
  readonly certificateArn?: string;

  /**
   * The region the certificate lives in.
   *
   * @default - the region of the certificate ARN when it is given, else `us-east-1` (as for
   * `LightsailCertificate`: the region distributions take certificates from)
   */
  readonly region?: string;
}
