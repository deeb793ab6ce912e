#!/usr/bin/env node
// Checks the templates of the README's "Serve your domain" examples (readme_serve.py, ReadmeServe.java,
// serve/main.go), the same way for every language: each target's stack has the resources that serve it.
//
//   node bindings/check-serve.js OUTDIR
'use strict';
const fs = require('fs');
const path = require('path');

const outdir = process.argv[2];
if (!outdir) {
  console.error('usage: check-serve.js OUTDIR');
  process.exit(2);
}

// Per stack: how many resources of each type (a type not listed must be absent when listed as 0).
const EXPECTED = {
  // A and AAAA aliases for example.com and www.example.com, to the domain the provider reads.
  ServeDistribution: { 'Custom::LightsailDistributionDomain': 1, 'AWS::Route53::RecordSet': 4, 'Custom::LightsailDomainEntries': 0 },
  // A aliases only: AWS documents no IPv6 for container services.
  ServeContainerService: { 'AWS::Lightsail::Container': 1, 'AWS::Route53::RecordSet': 2 },
  // Entries in the Lightsail DNS zone, written by the provider; nothing in Route 53.
  ServeLightsailDns: { 'Custom::LightsailDomainEntries': 1, 'AWS::Route53::RecordSet': 0 },
  // The certificate attached by the provider, then A and AAAA aliases for shop.example.com.
  ServeExistingDistribution: { 'Custom::LightsailDistributionCertificate': 1, 'AWS::Route53::RecordSet': 2, 'AWS::Lightsail::Distribution': 0 },
  // The domain added to the service by the provider, then an A alias for api.example.com.
  ServeExistingContainerService: { 'Custom::LightsailContainerServiceCertificate': 1, 'AWS::Route53::RecordSet': 1, 'AWS::Lightsail::Container': 0 },
};

const failures = [];
for (const [stack, counts] of Object.entries(EXPECTED)) {
  const file = path.join(outdir, `${stack}.template.json`);
  if (!fs.existsSync(file)) {
    failures.push(`${file}: missing`);
    continue;
  }
  const resources = Object.values(JSON.parse(fs.readFileSync(file, 'utf8')).Resources ?? {});
  for (const [type, want] of Object.entries(counts)) {
    const got = resources.filter((r) => r.Type === type).length;
    if (got !== want) {
      failures.push(`${stack}: ${got} ${type}, expected ${want}`);
    }
  }
}
if (failures.length > 0) {
  console.error(failures.join('\n'));
  process.exit(1);
}
console.log(`${Object.keys(EXPECTED).length} stacks serve their targets`);
