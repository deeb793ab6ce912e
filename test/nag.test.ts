import { App, Stack, Validations } from 'aws-cdk-lib';
import * as lightsail from 'aws-cdk-lib/aws-lightsail';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { AwsSolutionsChecks } from 'cdk-nag';
import { Node } from 'constructs';
import { CertificateValidation, LightsailCertificate } from '../src';

/** A stack with every validation mode and two regions, as a user might build it. */
function app(): App {
  const result = new App();
  const stack = new Stack(result, 'NagStack', { env: { account: '111111111111', region: 'eu-west-1' } });
  const zone = new route53.PublicHostedZone(stack, 'Zone', { zoneName: 'example.com' });
  const cert = new LightsailCertificate(stack, 'Route53', {
    domainName: 'example.com',
    subjectAlternativeNames: ['www.example.com'],
    validation: CertificateValidation.fromRoute53(zone),
  });
  new LightsailCertificate(stack, 'LightsailDns', { domainName: 'shop.example.net', validation: CertificateValidation.fromLightsailDomain() });
  new LightsailCertificate(stack, 'Manual', { domainName: 'api.example.org', region: 'eu-west-1' });
  new lightsail.CfnDistribution(stack, 'Cdn', {
    distributionName: 'cdn',
    bundleId: 'small_1_0',
    defaultCacheBehavior: { behavior: 'cache' },
    origin: { name: 'origin', regionName: 'eu-west-1', protocolPolicy: 'https-only' },
    certificateName: cert.certificateName,
  });
  // An env-agnostic stack too: its ARNs and findings name pseudo parameters instead of literals.
  const agnostic = new Stack(result, 'AgnosticStack');
  new LightsailCertificate(agnostic, 'Cert', { domainName: 'example.com' });
  return result;
}

test('cdk-nag AwsSolutions reports no unacknowledged finding', () => {
  const scope = app();
  const report = new AwsSolutionsChecks(scope).validateScope(scope);
  const findings = report.violations.map((v) => `${v.ruleName}: ${v.violatingResources.map((r) => r.constructPath).join(', ')}`);
  expect(findings).toEqual([]);
});

test('the same app without the acknowledgments has findings, so the check above can fail', () => {
  const addMetadata = Node.prototype.addMetadata;
  const spy = jest.spyOn(Node.prototype, 'addMetadata').mockImplementation(function (this: Node, type, data, options) {
    if (type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) {
      addMetadata.call(this, type, data, options);
    }
  });
  try {
    const scope = app();
    const report = new AwsSolutionsChecks(scope).validateScope(scope);
    expect(report.violations.map((v) => v.ruleName)).toEqual(
      expect.arrayContaining(['AwsSolutions-IAM5[Resource::*]', 'AwsSolutions-SF2', 'AwsSolutions-L1']),
    );
  } finally {
    spy.mockRestore();
  }
});

test('every acknowledgment gives a reason', () => {
  const scope = app();
  const entries = scope.node
    .findAll()
    .flatMap((c) => c.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY))
    .flatMap((m) => Object.entries(m.data as Record<string, string>));
  expect(entries.length).toBeGreaterThan(5);
  for (const [id, reason] of entries) {
    expect(id).toMatch(/^AwsSolutions-/);
    expect(reason.length).toBeGreaterThan(40);
  }
});
