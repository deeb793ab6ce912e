import { App, Stack, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lightsail from 'aws-cdk-lib/aws-lightsail';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { AwsSolutionsChecks } from 'cdk-nag';
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

/** The acknowledgments the app carries, by finding id. */
function acknowledgments(scope: App): Record<string, string> {
  return Object.assign({}, ...scope.node
    .findAll()
    .flatMap((c) => c.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY))
    .map((m) => m.data as Record<string, string>));
}

test('cdk-nag judges the provider\'s real policy: its only findings are the acknowledged wildcards', () => {
  // cdk-nag's rules read L1 classes (iam.CfnRole, lambda.CfnFunction); aws-cdk-lib's core provider writes
  // plain CfnResources, which it skips. So the synthesized role is handed to it as an iam.CfnRole.
  const scope = app();
  const stack = scope.node.findChild('NagStack') as Stack;
  const synthesized = Template.fromStack(stack).findResources('AWS::IAM::Role');
  const [role] = Object.values(synthesized) as any[];
  const scratch = new Stack(new App(), 'Scratch', { env: { account: '111111111111', region: 'eu-west-1' } });
  new iam.CfnRole(scratch, 'ProviderRole', {
    assumeRolePolicyDocument: role.Properties.AssumeRolePolicyDocument,
    managedPolicyArns: role.Properties.ManagedPolicyArns,
    policies: role.Properties.Policies.map((p: any) => ({ policyName: p.PolicyName, policyDocument: p.PolicyDocument })),
  });

  const report = new AwsSolutionsChecks(scratch).validateScope(scratch);
  const findings = report.violations.map((v) => v.ruleName).sort();
  expect(findings).toEqual([
    'AwsSolutions-IAM5[Resource::*]',
    'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:cloudformation:<AWS::Region>:<AWS::AccountId>:stack/<AWS::StackName>/*]',
    'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:acm:*:<AWS::AccountId>:certificate/*]',
    'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:lightsail:*:<AWS::AccountId>:Certificate/*]',
    // Lightsail DNS validation: CreateDomainEntry (a dependent action of CreateCertificate) on the account's domains.
    'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:lightsail:*:<AWS::AccountId>:Domain/*]',
    'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:route53:::change/*]',
    'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:route53:::hostedzone/*]',
  ].sort());
  const acknowledged = acknowledgments(scope);
  for (const finding of findings) {
    expect(acknowledged[finding]).toBeDefined();
  }
});

test('every acknowledgment gives a reason', () => {
  const entries = Object.entries(acknowledgments(app()));
  expect(entries.length).toBe(7);
  for (const [id, reason] of entries) {
    expect(id).toMatch(/^AwsSolutions-/);
    expect(reason.length).toBeGreaterThan(40);
  }
});
