#!/usr/bin/env node
// Checks the template that a language's example app synthesized (the same checks for every language):
//
//   node bindings/check-template.js <cdk.out> [stackName]
//
// - the stack is in eu-west-1 with an explicit account,
// - one Custom::LightsailCertificate, created in us-east-1,
// - one CNAME AWS::Route53::RecordSet per domain of the certificate, in the stack's hosted zone, each
//   named by an Fn::GetAtt of the certificate resource's validation record of that domain,
// - a Custom::LightsailCertificateIssued that depends on those record sets,
// - the AWS::Lightsail::Distribution's CertificateName is Fn::GetAtt of the Issued resource (so the
//   distribution is created after issuance),
// - the tag added with Tags.of(certificate) reached the certificate, and the output taken from
//   validationRecordFor('www.example.com') is that domain's record name.
'use strict';
const fs = require('fs');
const path = require('path');

const [outdir, stackName = 'LightsailCdn'] = process.argv.slice(2);
if (!outdir) {
  console.error('usage: check-template.js <cdk.out> [stackName]');
  process.exit(2);
}

let failed = 0;
function check(description, ok, detail) {
  if (ok) {
    console.log(`  ok - ${description}`);
  } else {
    failed++;
    console.log(`  not ok - ${description}${detail === undefined ? '' : `\n      got: ${JSON.stringify(detail)}`}`);
  }
}
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8'));
const artifact = manifest.artifacts?.[stackName];
if (!artifact) {
  console.log(`  not ok - the cloud assembly has a stack ${stackName} (artifacts: ${Object.keys(manifest.artifacts ?? {}).join(', ')})`);
  process.exit(1);
}
check('the stack is aws://123456789012/eu-west-1', artifact.environment === 'aws://123456789012/eu-west-1', artifact.environment);

const template = JSON.parse(fs.readFileSync(path.join(outdir, artifact.properties.templateFile), 'utf8'));
const resources = Object.entries(template.Resources ?? {});
const ofType = (type) => resources.filter(([, r]) => r.Type === type);

const zones = ofType('AWS::Route53::HostedZone');
const certs = ofType('Custom::LightsailCertificate');
const issuedList = ofType('Custom::LightsailCertificateIssued');
const distributions = ofType('AWS::Lightsail::Distribution');
const recordSets = ofType('AWS::Route53::RecordSet');

check('one AWS::Route53::HostedZone', zones.length === 1, zones.length);
check('one Custom::LightsailCertificate', certs.length === 1, certs.length);
check('one Custom::LightsailCertificateIssued', issuedList.length === 1, issuedList.length);
check('one AWS::Lightsail::Distribution', distributions.length === 1, distributions.length);
if (zones.length !== 1 || certs.length !== 1 || issuedList.length !== 1 || distributions.length !== 1) {
  process.exit(1);
}
const [[zoneId]] = zones;
const [[certId, cert]] = certs;
const [[issuedId, issued]] = issuedList;
const [[, distribution]] = distributions;

check('the certificate is created in us-east-1', cert.Properties.Region === 'us-east-1', cert.Properties.Region);
const domains = [cert.Properties.DomainName, ...(cert.Properties.SubjectAlternativeNames ?? [])];
check('the certificate covers example.com and www.example.com', same(domains, ['example.com', 'www.example.com']), domains);
check('Tags.of(certificate).add("project", "cdn") reached the certificate', cert.Properties.Tags?.project === 'cdn', cert.Properties.Tags);

check(`one CNAME record set per domain (${domains.length})`, recordSets.length === domains.length, recordSets.length);
domains.forEach((domain, index) => {
  const expected = { 'Fn::GetAtt': [certId, `ValidationRecord.${index}.Name`] };
  const match = recordSets.find(([, r]) => same(r.Properties.Name, expected));
  check(`the record set of ${domain} is named by ${JSON.stringify(expected)}`, match !== undefined, recordSets.map(([, r]) => r.Properties.Name));
  if (match) {
    const props = match[1].Properties;
    check(`the record set of ${domain} is a CNAME in the stack's zone with the record's value`,
      props.Type === 'CNAME' && same(props.HostedZoneId, { Ref: zoneId }) &&
        same(props.ResourceRecords, [{ 'Fn::GetAtt': [certId, `ValidationRecord.${index}.Value`] }]),
      props);
  }
});

const dependsOn = [].concat(issued.DependsOn ?? []);
check('the Issued resource depends on every record set', recordSets.every(([id]) => dependsOn.includes(id)), dependsOn);
check('the Issued resource takes the name from the certificate resource',
  same(issued.Properties.CertificateName, { 'Fn::GetAtt': [certId, 'CertificateName'] }), issued.Properties.CertificateName);
check('the distribution\'s CertificateName is Fn::GetAtt of the Issued resource',
  same(distribution.Properties.CertificateName, { 'Fn::GetAtt': [issuedId, 'CertificateName'] }), distribution.Properties.CertificateName);

const wwwOutput = template.Outputs?.WwwValidationRecord;
check('validationRecordFor("www.example.com") gives the record of www.example.com',
  same(wwwOutput?.Value, { 'Fn::GetAtt': [certId, 'ValidationRecord.1.Name'] }), wwwOutput);

console.log(failed === 0 ? `  template of ${stackName} in ${outdir}: all checks passed` : `  template of ${stackName} in ${outdir}: ${failed} check(s) failed`);
process.exit(failed === 0 ? 0 : 1);
