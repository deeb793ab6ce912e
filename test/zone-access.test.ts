import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { newStack, only, zone } from './util';
import { CertificateValidation, LightsailCertificate } from '../src';

const ROLE_ARN = 'arn:aws:iam::210987654321:role/LightsailValidation';

function statements(template: Template): any[] {
  return only(template, 'AWS::IAM::Role').resource.Properties.Policies.flatMap((p: any) => p.PolicyDocument.Statement);
}

describe('a hosted zone in another account', () => {
  test('the role and external id travel per zone; the provider may assume exactly that role, and writes no zone of its own account', () => {
    const stack = newStack();
    const role = iam.Role.fromRoleArn(stack, 'DnsRole', ROLE_ARN);
    new LightsailCertificate(stack, 'Cert', { domainName: 'example.com', validation: CertificateValidation.fromRoute53CrossAccount(zone(stack), { role, externalId: 'abc-123' }) });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('Custom::LightsailCertificate', {
      HostedZoneIds: ['Z0123456789'],
      HostedZoneAccess: { Z0123456789: { RoleArn: ROLE_ARN, ExternalId: 'abc-123' } },
    });
    const all = statements(template);
    expect(all.filter((s) => [s.Action].flat().includes('sts:AssumeRole'))).toEqual([{ Sid: 'AssumeZoneRoles', Effect: 'Allow', Action: 'sts:AssumeRole', Resource: [ROLE_ARN] }]);
    expect(all.some((s) => [s.Action].flat().some((a: string) => a.startsWith('route53:')))).toBe(false);
    // The release still looks for certificates of this account that need a record.
    expect(all.map((s) => s.Sid)).toContain('FindCertificatesNeedingRecords');
  });

  test('zones of both kinds: each zone only under its own access; one statement names every role once', () => {
    const stack = newStack();
    const role = iam.Role.fromRoleArn(stack, 'DnsRole', ROLE_ARN);
    const own = zone(stack, 'example.com', 'ZOWN');
    const other = zone(stack, 'example.net', 'ZOTHER');
    new LightsailCertificate(stack, 'A', {
      domainName: 'example.com',
      subjectAlternativeNames: ['example.net'],
      validation: CertificateValidation.fromRoute53ZonesCrossAccount({ 'example.com': own, 'example.net': other }, { 'example.net': { role } }),
    });
    new LightsailCertificate(stack, 'B', { domainName: 'www.example.net', validation: CertificateValidation.fromRoute53CrossAccount(other, { role }) });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('Custom::LightsailCertificate', {
      DomainName: 'example.com',
      HostedZoneAccess: { ZOTHER: { RoleArn: ROLE_ARN, ExternalId: Match.absent() } },
    });
    const all = statements(template);
    expect(all.filter((s) => s.Sid === 'AssumeZoneRoles').map((s) => s.Resource)).toEqual([[ROLE_ARN]]);
    expect(all.map((s) => s.Sid)).toContain('WriteValidationRecords');
  });

  test('a zone of a stack in another account without a role fails at synth, naming the zone, both accounts and the fix', () => {
    const app = new App();
    const dns = new Stack(app, 'Dns', { env: { account: '210987654321', region: 'us-east-1' } });
    const dnsZone = new route53.PublicHostedZone(dns, 'Zone', { zoneName: 'example.com' });
    const stack = new Stack(app, 'Web', { env: { account: '123456789012', region: 'us-east-1' } });
    expect(() => new LightsailCertificate(stack, 'Cert', { domainName: 'example.com', validation: CertificateValidation.fromRoute53(dnsZone) })).toThrow(
      /validation: hosted zone Dns\/Zone is in account 210987654321, not in the certificate's account 123456789012, and no role was given to reach it; .*CertificateValidation\.fromRoute53CrossAccount\(zone, \{ role \}\)/,
    );
  });

  test('the same zone with a role passes the check', () => {
    const app = new App();
    const dns = new Stack(app, 'Dns', { env: { account: '210987654321', region: 'us-east-1' } });
    const dnsZone = new route53.PublicHostedZone(dns, 'Zone', { zoneName: 'example.com' });
    const stack = new Stack(app, 'Web', { env: { account: '123456789012', region: 'us-east-1' } });
    const role = iam.Role.fromRoleArn(stack, 'DnsRole', ROLE_ARN);
    expect(() => new LightsailCertificate(stack, 'Cert', { domainName: 'example.com', validation: CertificateValidation.fromRoute53CrossAccount(dnsZone, { role }) })).not.toThrow();
  });

});
