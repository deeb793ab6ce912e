import { Resource } from 'aws-cdk-lib';
import * as lightsail from 'aws-cdk-lib/aws-lightsail';
import type { ILightsailCertificate } from '../certificate-base';

/**
 * What `LightsailCertificate` and imported certificates share. Not exported from the package: jsii
 * folds its members into `LightsailCertificate`, so it is no API users must keep working.
 *
 * @internal
 */
export abstract class LightsailCertificateBase extends Resource implements ILightsailCertificate {
  public abstract readonly certificateName: string;
  public abstract readonly certificateArn: string;

  /** A reference to this certificate, for aws-cdk-lib's Lightsail constructs. */
  public get certificateRef(): lightsail.CertificateReference {
    return { certificateName: this.certificateName, certificateArn: this.certificateArn };
  }
}
