import { Duration, NestedStack, Stack, Token } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as lightsail from 'aws-cdk-lib/aws-lightsail';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { newStack } from './util';
import { CALL_BUDGET_MS, RESPONSE_BUDGET_MS } from '../lambda/deps';
import { CertificateValidation, DomainTarget, LightsailCertificate, LightsailCertificateProps, LightsailDomainRecords } from '../src';
import { MAX_REASON_BYTES, MAX_RESPONSE_BYTES } from '../src/private/contract';
import { worstCaseFailureBytes } from '../src/private/rules';
import { FUNCTION_TIMEOUT_SECONDS, LINK_WAIT_SECONDS, SERVICE_TIMEOUT_SECONDS } from '../src/private/timing';

function errorOf(props: Partial<LightsailCertificateProps>, stack: Stack = newStack()): string | undefined {
  try {
    new LightsailCertificate(stack, 'Cert', { domainName: 'example.com', ...props });
    Template.fromStack(stack);
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

describe('tags as AWS documents them', () => {
  test.each([
    ['a key starting with aws:', { 'aws:owner': 'me' }, /tag key "aws:owner" starts with "aws:", which AWS reserves/],
    ['a key starting with AWS: in capitals', { 'AWS:Team': 'me' }, /tag key "AWS:Team" starts with "aws:"/],
    ['a value starting with aws:', { team: 'aws:me' }, /tag "team" has the value "aws:me", which starts with "aws:"/],
    ['a tab in a key', { 'a\tb': 'x' }, /tag key "a\\tb" may only hold letters, digits, spaces and \+ - = \. _ : \/ @ \(no tabs/],
    ['a line break in a value', { team: 'a\nb' }, /tag "team" has the value "a\\nb"; values may only hold/],
  ])('%s fails, naming the tag', (_what, tags, message) => {
    expect(errorOf({ tags })).toMatch(message);
  });

  test('Unicode letters and a no-break space (\\p{Z}) pass', () => {
    expect(errorOf({ tags: { équipe: 'Zürich\u00a0Süd', チーム: '東京' } })).toBeUndefined();
  });
});

test('a token timeout fails, naming the prop', () => {
  expect(errorOf({ timeout: Duration.seconds(Token.asNumber({ Ref: 'Wait' })) })).toMatch(/timeout is a token; give a fixed Duration/);
});

test('the same explicit certificateName twice in one stack and region fails, naming both paths; another region is fine', () => {
  const stack = newStack();
  new LightsailCertificate(stack, 'First', { domainName: 'example.com', certificateName: 'site' });
  new LightsailCertificate(stack, 'Elsewhere', { domainName: 'example.com', certificateName: 'site', region: 'eu-west-1' });
  expect(() => new LightsailCertificate(stack, 'Second', { domainName: 'example.net', certificateName: 'site' }))
    .toThrow(/certificateName "site" in us-east-1 is already the name of TestStack\/First; TestStack\/Second needs another one/);
});

describe('answers to CloudFormation', () => {
  test('inside a NestedStack (stack name a token), the size check assumes the longest stack name', () => {
    const parent = newStack();
    const nested = new NestedStack(parent, 'Nested');
    // 10 domains of 118 characters and a long name: they fit under a short stack name, not under one of 128 characters.
    const domains = Array.from({ length: 10 }, (_, i) => `${String(i).padStart(2, '0')}${'a'.repeat(48)}.${'b'.repeat(55)}.example.com`);
    const props = { domainName: domains[0], subjectAlternativeNames: domains.slice(1), certificateName: 'c'.repeat(200) };
    expect(errorOf(props)).toBeUndefined();
    expect(errorOf(props, nested)).toMatch(/the certificate resource's answer to CloudFormation can reach \d+ bytes, over CloudFormation's 4096/);
  });

  test('the FAILED answer fits for the longest stack name, logical id and certificate name', () => {
    const bytes = worstCaseFailureBytes({ stackName: 's'.repeat(128), logicalId: 'L'.repeat(255), region: 'ap-southeast-5', certificateName: 'c'.repeat(255) });
    expect(bytes).toBeLessThanOrEqual(MAX_RESPONSE_BYTES);
    expect(bytes).toBeGreaterThan(MAX_REASON_BYTES);
  });
});

describe('time budgets', () => {
  test('every custom resource carries the ServiceTimeout', () => {
    const stack = newStack();
    const zone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z1', zoneName: 'example.com' });
    const certificate = new LightsailCertificate(stack, 'Cert', { domainName: 'example.com', validation: CertificateValidation.fromRoute53(zone), timeout: Duration.hours(1) });
    const cdn = new lightsail.CfnDistribution(stack, 'Cdn', {
      distributionName: 'cdn',
      bundleId: 'small_1_0',
      defaultCacheBehavior: { behavior: 'cache' },
      origin: { name: 'o', regionName: 'us-east-1' },
      certificateName: certificate.certificateName,
    });
    new LightsailDomainRecords(stack, 'Records', { certificate, target: DomainTarget.distribution(cdn), zone });
    const custom = Object.values(Template.fromStack(stack).toJSON().Resources as Record<string, any>).filter((r) => r.Type.startsWith('Custom::'));
    expect(custom.map((r) => r.Type).sort()).toEqual([
      'Custom::LightsailCertificate', 'Custom::LightsailCertificateIssued', 'Custom::LightsailCertificateIssued',
      'Custom::LightsailCertificateIssued', 'Custom::LightsailCertificateIssued', 'Custom::LightsailCertificateIssued', 'Custom::LightsailDistributionDomain',
    ]);
    expect(new Set(custom.map((r) => r.Properties.ServiceTimeout))).toEqual(new Set([SERVICE_TIMEOUT_SECONDS]));
  });

  test('a link\'s wait, one call and the answer fit the function\'s timeout, which is shorter than CloudFormation\'s wait (1 to 3600 s)', () => {
    expect(LINK_WAIT_SECONDS * 1000 + CALL_BUDGET_MS + RESPONSE_BUDGET_MS).toBeLessThanOrEqual(FUNCTION_TIMEOUT_SECONDS * 1000);
    expect(FUNCTION_TIMEOUT_SECONDS).toBeLessThan(SERVICE_TIMEOUT_SECONDS);
    expect(SERVICE_TIMEOUT_SECONDS).toBeLessThanOrEqual(3600);
  });
});

test('LightsailDomainRecords with a zone imported by id only (no name) skips the zone-name checks', () => {
  const stack = newStack();
  const zone = route53.HostedZone.fromHostedZoneId(stack, 'Zone', 'Z0123');
  const certificate = new LightsailCertificate(stack, 'Cert', { domainName: 'example.com' });
  const cdn = new lightsail.CfnDistribution(stack, 'Cdn', {
    distributionName: 'cdn', bundleId: 'small_1_0', defaultCacheBehavior: { behavior: 'cache' }, origin: { name: 'o', regionName: 'us-east-1' },
  });
  new LightsailDomainRecords(stack, 'Records', { certificate, target: DomainTarget.distribution(cdn), zone });
  expect(Template.fromStack(stack).findResources('AWS::Route53::RecordSet')).not.toEqual({});
});
