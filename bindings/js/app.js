#!/usr/bin/env node
// A Lightsail distribution on a custom domain, deployed from a stack in us-east-1 (the only region CloudFormation has AWS::Lightsail::Distribution in), in plain JavaScript
// against the package the README's pre-release lines install: the same app as ../python/app.py, so
// check-template.js checks its template the same way.
//
//   node app.js [OUTDIR]
'use strict';
const cdk = require('aws-cdk-lib');
const lightsail = require('aws-cdk-lib/aws-lightsail');
const route53 = require('aws-cdk-lib/aws-route53');
const { CertificateValidation, DomainTarget, LightsailCertificate, LightsailDomainRecords } = require('cdk-lightsail-certificate');

const app = new cdk.App({ outdir: process.argv[2] ?? 'cdk.out' });
const stack = new cdk.Stack(app, 'LightsailCdn', { env: { account: '123456789012', region: 'us-east-1' } });
const domainName = 'example.com';

const zone = new route53.PublicHostedZone(stack, 'Zone', { zoneName: domainName });
const certificate = new LightsailCertificate(stack, 'Certificate', {
  domainName,
  subjectAlternativeNames: [`www.${domainName}`],
  validation: CertificateValidation.fromRoute53(zone),
});
cdk.Tags.of(certificate).add('project', 'cdn');
const distribution = new lightsail.CfnDistribution(stack, 'Cdn', {
  distributionName: 'example-cdn',
  bundleId: 'small_1_0',
  origin: { name: 'example-bucket', regionName: stack.region, protocolPolicy: 'https-only' },
  defaultCacheBehavior: { behavior: 'cache' },
  certificateName: certificate.certificateName,
});
new LightsailDomainRecords(stack, 'DomainRecords', { certificate, target: DomainTarget.distribution(distribution), zone });
new cdk.CfnOutput(stack, 'WwwValidationRecord', { value: certificate.validationRecordFor(`www.${domainName}`).name });
new cdk.CfnOutput(stack, 'CertificateArn', { value: certificate.certificateArn });

// Plain JavaScript has no types to stop undefined: the library must say what is missing.
try {
  CertificateValidation.fromRoute53(undefined);
  throw new Error('fromRoute53(undefined) did not throw');
} catch (e) {
  if (!/hostedZone is undefined/.test(e.message)) throw e;
}

app.synth();
console.log(`synthesized LightsailCdn into ${app.outdir}`);
