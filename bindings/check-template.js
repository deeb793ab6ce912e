#!/usr/bin/env node
// Checks the template that a language's example app synthesized (the same checks for every language):
//
//   node bindings/check-template.js <cdk.out> [stackName]
//
// - the stack is in us-east-1 with an explicit account, and CloudFormation has each of its resource types
//   there (test-support/driver/resource-types-by-region.json, which the facts check holds to cfn-lint's schemas),
// - one Custom::LightsailCertificate, created in us-east-1,
// - the certificate names the stack's hosted zone for each of its domains (the handler writes the
//   validation CNAMEs there), and no CNAME AWS::Route53::RecordSet is in the template,
// - the wait for ISSUED is a chain of Custom::LightsailCertificateIssued links (three for the default
//   30 minutes), the first taking the name from the certificate resource, each next from the one before,
// - the AWS::Lightsail::Distribution's CertificateName is Fn::GetAtt of the last link (so the
//   distribution is created after issuance),
// - the tag added with Tags.of(certificate) reached the certificate, and the output taken from
//   validationRecordFor('www.example.com') is that domain's record name,
// - LightsailDomainRecords: one Custom::LightsailDistributionDomain that reads the distribution's own
//   domain (DistributionName its Ref, DistributionArn its DistributionArn), and an A and an AAAA
//   AWS::Route53::RecordSet for each of example.com. and www.example.com. (4 in all) in the stack's
//   zone, each an alias to that domain (Fn::GetAtt of the lookup's DomainName) in CloudFront's zone.
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
check('the stack is aws://123456789012/us-east-1', artifact.environment === 'aws://123456789012/us-east-1', artifact.environment);

const template = JSON.parse(fs.readFileSync(path.join(outdir, artifact.properties.templateFile), 'utf8'));
const resources = Object.entries(template.Resources ?? {});
const typeRegions = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'test-support', 'driver', 'resource-types-by-region.json'), 'utf8')).types;
const region = artifact.environment.split('/').pop();
const absent = [...new Set(resources.map(([, r]) => r.Type))].filter((t) => typeRegions[t] && !typeRegions[t].includes(region));
check(`CloudFormation has every resource type of the stack in ${region}`, absent.length === 0, absent);
const ofType = (type) => resources.filter(([, r]) => r.Type === type);

const zones = ofType('AWS::Route53::HostedZone');
const certs = ofType('Custom::LightsailCertificate');
const links = ofType('Custom::LightsailCertificateIssued');
const distributions = ofType('AWS::Lightsail::Distribution');
const recordSets = ofType('AWS::Route53::RecordSet');
const lookups = ofType('Custom::LightsailDistributionDomain');

check('one AWS::Route53::HostedZone', zones.length === 1, zones.length);
check('one Custom::LightsailCertificate', certs.length === 1, certs.length);
check('one AWS::Lightsail::Distribution', distributions.length === 1, distributions.length);
if (zones.length !== 1 || certs.length !== 1 || distributions.length !== 1) {
  process.exit(1);
}
const [[zoneId]] = zones;
const [[certId, cert]] = certs;
const [[distributionId, distribution]] = distributions;

check('the certificate is created in us-east-1', cert.Properties.Region === 'us-east-1', cert.Properties.Region);
const domains = [cert.Properties.DomainName, ...(cert.Properties.SubjectAlternativeNames ?? [])];
check('the certificate covers example.com and www.example.com', same(domains, ['example.com', 'www.example.com']), domains);
check('Tags.of(certificate).add("project", "cdn") reached the certificate', cert.Properties.Tags?.project === 'cdn', cert.Properties.Tags);
check('each domain\'s validation records go to the stack\'s zone', same(cert.Properties.HostedZoneIds, domains.map(() => ({ Ref: zoneId }))), cert.Properties.HostedZoneIds);
const cnames = recordSets.filter(([, r]) => r.Properties.Type === 'CNAME');
check('no CNAME AWS::Route53::RecordSet (the handler writes the validation records)', cnames.length === 0, cnames.map(([id]) => id));

// Follow the chain: each link takes the certificate name from the resource before it.
const chain = [];
for (let from = certId; ;) {
  const next = links.find(([, r]) => same(r.Properties.CertificateName, { 'Fn::GetAtt': [from, 'CertificateName'] }));
  if (!next) break;
  chain.push(next);
  from = next[0];
}
check('three wait links, one after the other, from the certificate resource', chain.length === 3 && links.length === 3, links.map(([id]) => id));
const lastId = chain.length > 0 ? chain[chain.length - 1][0] : undefined;
check('the distribution\'s CertificateName is Fn::GetAtt of the last link',
  same(distribution.Properties.CertificateName, { 'Fn::GetAtt': [lastId, 'CertificateName'] }), distribution.Properties.CertificateName);

const wwwOutput = template.Outputs?.WwwValidationRecord;
check('validationRecordFor("www.example.com") gives the record of www.example.com',
  same(wwwOutput?.Value, { 'Fn::GetAtt': [certId, 'ValidationRecord.1.Name'] }), wwwOutput);

// LightsailDomainRecords: the distribution's own domain, read at deploy time, and alias records to it.
check('one Custom::LightsailDistributionDomain', lookups.length === 1, lookups.map(([id]) => id));
const [lookupId, lookup] = lookups[0] ?? [];
check('the lookup\'s DistributionName is the distribution\'s Ref',
  same(lookup?.Properties.DistributionName, { Ref: distributionId }), lookup?.Properties.DistributionName);
check('the lookup\'s DistributionArn is Fn::GetAtt of the distribution\'s DistributionArn',
  same(lookup?.Properties.DistributionArn, { 'Fn::GetAtt': [distributionId, 'DistributionArn'] }), lookup?.Properties.DistributionArn);
const records = recordSets.map(([, r]) => `${r.Properties.Name} ${r.Properties.Type}`).sort();
check('4 record sets: A and AAAA for example.com. and www.example.com.',
  same(records, ['example.com. A', 'example.com. AAAA', 'www.example.com. A', 'www.example.com. AAAA']), records);
const aliases = recordSets.filter(([, r]) => same(r.Properties.HostedZoneId, { Ref: zoneId })
  && same(r.Properties.AliasTarget, { DNSName: { 'Fn::GetAtt': [lookupId, 'DomainName'] }, HostedZoneId: 'Z2FDTNDATAQYW2' }));
check('each is in the stack\'s zone, an alias to the lookup\'s DomainName in zone Z2FDTNDATAQYW2',
  recordSets.length === 4 && aliases.length === 4,
  recordSets.filter((entry) => !aliases.includes(entry)).map(([id, r]) => ({ [id]: { HostedZoneId: r.Properties.HostedZoneId, AliasTarget: r.Properties.AliasTarget } })));

console.log(failed === 0 ? `  template of ${stackName} in ${outdir}: all checks passed` : `  template of ${stackName} in ${outdir}: ${failed} check(s) failed`);
process.exit(failed === 0 ? 0 : 1);
