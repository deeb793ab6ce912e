import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as lightsail from 'aws-cdk-lib/aws-lightsail';
import { newStack, only, waitChain, zone } from './util';
import { CertificateValidation, DomainTarget, LightsailCertificate, LightsailDomainRecords } from '../src';

function site(stack: Stack, ipAddressType?: string) {
  const certificate = new LightsailCertificate(stack, 'Cert', {
    domainName: 'example.com',
    subjectAlternativeNames: ['www.example.com'],
    validation: CertificateValidation.fromRoute53(zone(stack)),
  });
  const distribution = new lightsail.CfnDistribution(stack, 'Cdn', {
    distributionName: 'cdn',
    bundleId: 'small_1_0',
    defaultCacheBehavior: { behavior: 'cache' },
    origin: { name: 'origin', regionName: 'eu-west-1', protocolPolicy: 'https-only' },
    certificateName: certificate.certificateName,
    ipAddressType,
  });
  return { certificate, distribution };
}

describe('a distribution', () => {
  test('apex and www get A and AAAA aliases to the distribution\'s domain, read at deploy time after the distribution exists', () => {
    const stack = newStack();
    const { certificate, distribution } = site(stack);
    new LightsailDomainRecords(stack, 'Records', { certificate, target: DomainTarget.distribution(distribution), zone: zone(stack) });

    const template = Template.fromStack(stack);
    const lookup = only(template, 'Custom::LightsailDistributionDomain');
    // The distribution's name and ARN: a replaced distribution (new ARN) is read again.
    expect(lookup.resource.Properties).toMatchObject({ DistributionName: { Ref: 'Cdn' }, DistributionArn: { 'Fn::GetAtt': ['Cdn', 'DistributionArn'] } });
    const records = Object.values(template.findResources('AWS::Route53::RecordSet')) as any[];
    expect(records.map((r) => [r.Properties.Name, r.Properties.Type]).sort()).toEqual([
      ['example.com.', 'A'], ['example.com.', 'AAAA'], ['www.example.com.', 'A'], ['www.example.com.', 'AAAA'],
    ]);
    for (const record of records) {
      expect(record.Properties).toMatchObject({
        HostedZoneId: 'Z0123456789',
        AliasTarget: { DNSName: { 'Fn::GetAtt': [lookup.id, 'DomainName'] }, HostedZoneId: 'Z2FDTNDATAQYW2' },
      });
    }
    // The distribution itself waits for ISSUED (it takes the last link's name).
    const links = waitChain(template, only(template, 'Custom::LightsailCertificate').id);
    template.hasResourceProperties('AWS::Lightsail::Distribution', { CertificateName: { 'Fn::GetAtt': [links[links.length - 1].id, 'CertificateName'] } });
    // The provider may read distributions.
    const statements = only(template, 'AWS::IAM::Role').resource.Properties.Policies[0].PolicyDocument.Statement;
    expect(statements).toContainEqual({ Sid: 'ReadDistributions', Effect: 'Allow', Action: 'lightsail:GetDistributions', Resource: '*' });
  });

  test('an ipv4-only distribution gets A records only; chosen domains only', () => {
    const stack = newStack();
    const { certificate, distribution } = site(stack, 'ipv4');
    new LightsailDomainRecords(stack, 'Records', {
      certificate, target: DomainTarget.distribution(distribution), zone: zone(stack), domainNames: ['www.example.com'],
    });
    const records = Object.values(Template.fromStack(stack).findResources('AWS::Route53::RecordSet')) as any[];
    expect(records.map((r) => [r.Properties.Name, r.Properties.Type])).toEqual([['www.example.com.', 'A']]);
  });

  test('a domain the certificate does not cover, or outside the zone, fails at synth naming it', () => {
    const stack = newStack();
    const { certificate, distribution } = site(stack);
    expect(() => new LightsailDomainRecords(stack, 'Records', {
      certificate, target: DomainTarget.distribution(distribution), zone: zone(stack), domainNames: ['shop.example.com'],
    })).toThrow(/^LightsailDomainRecords TestStack\/Records: domainNames has "shop.example.com", which is not a domain of the certificate \(example.com, www.example.com\)$/);
    expect(() => new LightsailDomainRecords(stack, 'Other', {
      certificate, target: DomainTarget.distribution(distribution), zone: zone(stack, 'example.net', 'ZNET'), domainNames: ['www.example.com'],
    })).toThrow(/domainNames has "www.example.com", which is not in the zone "example.net"/);
  });
});

describe('a container service', () => {
  const service = (stack: Stack, certificate: LightsailCertificate) => new lightsail.CfnContainer(stack, 'Service', {
    serviceName: 'app', power: 'nano', scale: 1, publicDomainNames: [certificate.containerPublicDomainName(['www.example.com'])],
  });

  test('a subdomain gets a CNAME to the service\'s own host, taken from its Url', () => {
    const stack = newStack();
    const { certificate } = site(stack);
    new LightsailDomainRecords(stack, 'Records', {
      certificate, target: DomainTarget.containerService(service(stack, certificate)), zone: zone(stack), domainNames: ['www.example.com'],
    });
    const template = Template.fromStack(stack);
    template.resourceCountIs('Custom::LightsailDistributionDomain', 0);
    expect(only(template, 'AWS::Route53::RecordSet').resource.Properties).toMatchObject({
      Name: 'www.example.com.',
      Type: 'CNAME',
      ResourceRecords: [{ 'Fn::Select': [2, { 'Fn::Split': ['/', { 'Fn::GetAtt': ['Service', 'Url'] }] }] }],
    });
  });

  test('the apex is refused: a CNAME can\'t be there, and Route 53 aliases can\'t point at a container service', () => {
    const stack = newStack();
    const { certificate } = site(stack);
    expect(() => new LightsailDomainRecords(stack, 'Records', {
      certificate, target: DomainTarget.containerService(service(stack, certificate)), zone: zone(stack),
    })).toThrow(/domainNames has "example.com", the zone's apex: a container service is reached by a CNAME, which can't be at the apex/);
  });
});
