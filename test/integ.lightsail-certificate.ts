import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, Duration, Stack } from 'aws-cdk-lib';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { CertificateValidation, LightsailCertificate } from '../src';

/*
 * Deploys a certificate validated through a real Route 53 zone, from a stack outside us-east-1,
 * then checks from us-east-1 that Lightsail reports it ISSUED. With an AWS account that owns a
 * public hosted zone:
 *
 *   INTEG_ZONE_ID=Z0123456789 INTEG_ZONE_NAME=example.com npx integ-runner --directory test
 *
 * Without those variables it synthesizes against a placeholder zone, which is what the committed
 * snapshot holds (`npx integ-runner --directory test --dry-run` checks it).
 */
const app = new App();
const stack = new Stack(app, 'LightsailCertificateInteg', { env: { region: 'eu-west-1' } });
const zoneName = process.env.INTEG_ZONE_NAME ?? 'example.com';
const zone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', {
  hostedZoneId: process.env.INTEG_ZONE_ID ?? 'Z0000000000000000000',
  zoneName,
});

// An explicit name lets the assertion stack in us-east-1 look the certificate up.
const certificateName = 'cdk-lightsail-certificate-integ';
new LightsailCertificate(stack, 'Certificate', {
  domainName: `integ.${zoneName}`,
  subjectAlternativeNames: [`www.integ.${zoneName}`],
  certificateName,
  validation: CertificateValidation.fromRoute53(zone),
  tags: { purpose: 'integ' },
});

const integ = new IntegTest(app, 'LightsailCertificateTest', {
  testCases: [stack],
  assertionStack: new Stack(app, 'LightsailCertificateAssertions', { env: { region: 'us-east-1' } }),
  regions: ['eu-west-1'],
});
integ.assertions
  .awsApiCall('Lightsail', 'getCertificates', { certificateName, includeCertificateDetails: true })
  .expect(ExpectedResult.objectLike({ certificates: [{ certificateName, certificateDetail: { status: 'ISSUED' } }] }))
  .waitForAssertions({ totalTimeout: Duration.minutes(5) });

app.synth();
