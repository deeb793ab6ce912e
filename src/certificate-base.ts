import { Arn, ArnFormat, IResource, Lazy, Resource } from 'aws-cdk-lib';
import * as lightsail from 'aws-cdk-lib/aws-lightsail';
import { Construct } from 'constructs';
import { throwIfAny } from './private/errors';
import { DISTRIBUTION_REGION } from './private/regions';
import { checkCertificateName, quote } from './private/rules';

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

/**
 * What `LightsailCertificate` and imported certificates share.
 */
export abstract class LightsailCertificateBase extends Resource implements ILightsailCertificate {
  public abstract readonly certificateName: string;
  public abstract readonly certificateArn: string;

  /** A reference to this certificate, for aws-cdk-lib's Lightsail constructs. */
  public get certificateRef(): lightsail.CertificateReference {
    return { certificateName: this.certificateName, certificateArn: this.certificateArn };
  }
}

/** A certificate that exists outside this stack. */
export class ImportedCertificate extends LightsailCertificateBase {
  public readonly certificateName: string;
  public readonly certificateArn: string;

  constructor(scope: Construct, id: string, attrs: LightsailCertificateAttributes) {
    // The ARN gives the account and the region; without one, the region is the construct's default.
    super(scope, id, attrs.certificateArn !== undefined && attrs.region === undefined
      ? { environmentFromArn: attrs.certificateArn }
      : { region: attrs.region ?? DISTRIBUTION_REGION });
    throwIfAny(this, checkCertificateName(attrs.certificateName));
    if (attrs.certificateArn !== undefined) {
      // Reads the ARN as aws-cdk-lib does, which refuses one that is not an ARN at all.
      Arn.split(attrs.certificateArn, ArnFormat.SLASH_RESOURCE_NAME);
    }
    this.certificateName = attrs.certificateName;
    this.certificateArn =
      attrs.certificateArn ??
      Lazy.string({
        produce: () => {
          throw new Error(
            `${this.node.path}: the ARN of certificate ${quote(attrs.certificateName)} is not known; import it with fromCertificateAttributes({ certificateName, certificateArn })`,
          );
        },
      });
  }
}
