import { CfnOutput, Stack, StackProps } from 'aws-cdk-lib';
import * as lightsail from 'aws-cdk-lib/aws-lightsail';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { Construct } from 'constructs';
import { CertificateValidation, DomainTarget, LightsailCertificate, LightsailDomainRecords } from '../src';

/**
 * Where the example deploys: us-east-1, the only region CloudFormation has `AWS::Lightsail::Distribution`
 * in (cfn-lint's per-region schemas, rule E3006; CloudFormation: "You can create distributions only in
 * the us-east-1 AWS Region"). A stack elsewhere can hold a certificate for a container service.
 */
export const EXAMPLE_ENVIRONMENT = { account: '123456789012', region: 'us-east-1' } as const;

/** Options of the example stack. */
export interface WebsiteStackProps extends StackProps {
  /** The apex domain; its hosted zone is created by the stack. */
  readonly domainName?: string;
}

/**
 * The README's example: a Lightsail bucket served by a Lightsail distribution on a custom domain, in
 * us-east-1 (where distributions are). The certificate is requested in us-east-1, validated through the
 * stack's Route 53 zone, and ISSUED before the distribution is created; then alias records send
 * the apex and `www` to the distribution.
 */
export class WebsiteStack extends Stack {
  /** The certificate the distribution uses. */
  public readonly certificate: LightsailCertificate;

  constructor(scope: Construct, id: string, props: WebsiteStackProps = {}) {
    super(scope, id, props);
    const domainName = props.domainName ?? 'example.com';

    const zone = new route53.PublicHostedZone(this, 'Zone', { zoneName: domainName });

    this.certificate = new LightsailCertificate(this, 'Certificate', {
      domainName,
      subjectAlternativeNames: [`www.${domainName}`],
      validation: CertificateValidation.fromRoute53(zone),
      tags: { project: 'website' },
    });

    const bucket = new lightsail.CfnBucket(this, 'Content', {
      bucketName: `${domainName.replace(/\./g, '-')}-content`,
      bundleId: 'small_1_0',
    });

    const distribution = new lightsail.CfnDistribution(this, 'Cdn', {
      distributionName: `${domainName.replace(/\./g, '-')}-cdn`,
      bundleId: 'small_1_0',
      origin: { name: bucket.bucketName, regionName: this.region, protocolPolicy: 'https-only' },
      defaultCacheBehavior: { behavior: 'cache' },
      isEnabled: true,
      certificateName: this.certificate.certificateName,
    });
    distribution.addDependency(bucket);

    new LightsailDomainRecords(this, 'DomainRecords', {
      certificate: this.certificate,
      target: DomainTarget.distribution(distribution),
      zone,
    });

    new CfnOutput(this, 'CertificateName', { value: this.certificate.certificateName });
    new CfnOutput(this, 'CertificateArn', { value: this.certificate.certificateArn });
    this.certificate.validationRecords.forEach((record, index) => {
      new CfnOutput(this, `ValidationRecord${index}`, {
        description: `Validates ${record.domainName}`,
        value: `${record.name} ${record.type} ${record.value}`,
      });
    });
  }
}
