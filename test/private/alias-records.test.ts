/** `LightsailDomainRecords` with a hosted zone of another account: what synth writes, grants and refuses. */
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lightsail from 'aws-cdk-lib/aws-lightsail';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { CertificateValidation, DomainTarget, LightsailCertificate, LightsailDomainRecords } from '../../src';
import type { HostedZoneAccess } from '../../src';
import { only, zone } from '../util';

const ROLE_ARN = 'arn:aws:iam::210987654321:role/LightsailDns';

function usEast1(app = new App()): Stack {
  return new Stack(app, 'Web', { env: { account: '123456789012', region: 'us-east-1' } });
}

function site(stack: Stack, ipAddressType?: string) {
  const certificate = new LightsailCertificate(stack, 'Cert', {
    domainName: 'example.com',
    subjectAlternativeNames: ['www.example.com'],
    validation: CertificateValidation.manual({ waitForIssued: true }),
  });
  const distribution = new lightsail.CfnDistribution(stack, 'Cdn', {
    distributionName: 'cdn',
    bundleId: 'small_1_0',
    defaultCacheBehavior: { behavior: 'cache' },
    origin: { name: 'origin', regionName: 'us-east-1', protocolPolicy: 'https-only' },
    certificateName: certificate.certificateName,
    ipAddressType,
  });
  return { certificate, distribution };
}

function statements(template: Template): any[] {
  return only(template, 'AWS::IAM::Role').resource.Properties.Policies.flatMap((p: any) => p.PolicyDocument.Statement);
}

describe('zoneAccess', () => {
  test('the provider writes the aliases through the role: one resource, no record sets, sts:AssumeRole on exactly that role and nothing in Route 53', () => {
    const stack = usEast1();
    const { certificate, distribution } = site(stack);
    const role = iam.Role.fromRoleArn(stack, 'DnsRole', ROLE_ARN);
    const records = new LightsailDomainRecords(stack, 'Records', {
      certificate, target: DomainTarget.distribution(distribution), zone: zone(stack), zoneAccess: { role, externalId: 'ext-1' },
    });

    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Route53::RecordSet', 0);
    expect(records.records).toEqual([]);
    const lookup = only(template, 'Custom::LightsailDistributionDomain');
    const written = only(template, 'Custom::LightsailAliasRecords');
    expect(stack.resolve(records.crossAccountRecords!.logicalId)).toBe(written.id);
    expect(written.resource.Properties).toMatchObject({
      HostedZoneId: 'Z0123456789',
      Names: ['example.com', 'www.example.com'],
      Types: ['A', 'AAAA'],
      TargetDnsName: { 'Fn::GetAtt': [lookup.id, 'DomainName'] },
      TargetHostedZoneId: 'Z2FDTNDATAQYW2',
      RoleArn: ROLE_ARN,
      ExternalId: 'ext-1',
    });
    const all = statements(template);
    expect(all.filter((s) => [s.Action].flat().includes('sts:AssumeRole'))).toEqual([{ Sid: 'AssumeZoneRoles', Effect: 'Allow', Action: 'sts:AssumeRole', Resource: [ROLE_ARN] }]);
    expect(all.filter((s) => JSON.stringify(s.Action).includes('route53:'))).toEqual([]);
  });

  test('an ipv4-only distribution gets A aliases only', () => {
    const stack = usEast1();
    const { certificate, distribution } = site(stack, 'ipv4');
    new LightsailDomainRecords(stack, 'Records', {
      certificate, target: DomainTarget.distribution(distribution), zone: zone(stack), zoneAccess: { role: iam.Role.fromRoleArn(stack, 'DnsRole', ROLE_ARN) },
    });
    expect(only(Template.fromStack(stack), 'Custom::LightsailAliasRecords').resource.Properties.Types).toEqual(['A']);
  });

  test('a zone of a stack in another account without zoneAccess fails at synth, naming the zone, both accounts and the fix', () => {
    const app = new App();
    const dns = new Stack(app, 'Dns', { env: { account: '210987654321', region: 'us-east-1' } });
    const dnsZone = new route53.PublicHostedZone(dns, 'Zone', { zoneName: 'example.com' });
    const stack = usEast1(app);
    const { certificate, distribution } = site(stack);
    expect(() => new LightsailDomainRecords(stack, 'Records', { certificate, target: DomainTarget.distribution(distribution), zone: dnsZone })).toThrow(
      /zone Dns\/Zone is in account 210987654321, not in the records' account 123456789012, and no role was given to reach it; pass the role of account 210987654321 to assume: zoneAccess: \{ role \}/,
    );
    expect(() => new LightsailDomainRecords(stack, 'Records2', {
      certificate, target: DomainTarget.distribution(distribution), zone: dnsZone, zoneAccess: { role: iam.Role.fromRoleArn(stack, 'DnsRole', ROLE_ARN) },
    })).not.toThrow();
  });

  test('zoneAccess without a zone, or without a role, is refused naming the prop', () => {
    const stack = usEast1();
    const { certificate, distribution } = site(stack);
    const role = iam.Role.fromRoleArn(stack, 'DnsRole', ROLE_ARN);
    expect(() => new LightsailDomainRecords(stack, 'A', { certificate, target: DomainTarget.distribution(distribution), lightsailDomain: 'example.com', zoneAccess: { role } }))
      .toThrow(/zoneAccess \(role "arn:aws:iam::210987654321:role\/LightsailDns"\) is given without zone/);
    expect(() => new LightsailDomainRecords(stack, 'B', {
      certificate, target: DomainTarget.distribution(distribution), zone: zone(stack), zoneAccess: {} as HostedZoneAccess,
    })).toThrow(/zoneAccess\.role is undefined; pass the iam\.IRole of the zone's account/);
  });
});
