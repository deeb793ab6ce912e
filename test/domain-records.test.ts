import { Stack, Tags } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as lightsail from 'aws-cdk-lib/aws-lightsail';
import * as route53 from 'aws-cdk-lib/aws-route53';
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
    serviceName: 'app', power: 'nano', scale: 1, publicDomainNames: [certificate.containerPublicDomainName()],
  });
  const certificateIn = (stack: Stack, region: string) => new LightsailCertificate(stack, 'Cert', {
    domainName: 'example.com', subjectAlternativeNames: ['www.example.com'], region, validation: CertificateValidation.fromRoute53(zone(stack)),
  });

  test('apex and www get A aliases (no AAAA) to the service\'s host, in the hosted zone the guide lists for its region', () => {
    const stack = newStack();
    const certificate = certificateIn(stack, 'eu-west-1');
    new LightsailDomainRecords(stack, 'Records', { certificate, target: DomainTarget.containerService(service(stack, certificate)), zone: zone(stack) });
    const template = Template.fromStack(stack);
    template.resourceCountIs('Custom::LightsailDistributionDomain', 0);
    const records = Object.values(template.findResources('AWS::Route53::RecordSet')) as any[];
    expect(records.map((r) => [r.Properties.Name, r.Properties.Type]).sort()).toEqual([['example.com.', 'A'], ['www.example.com.', 'A']]);
    for (const record of records) {
      expect(record.Properties.AliasTarget).toEqual({
        DNSName: { 'Fn::Select': [2, { 'Fn::Split': ['/', { 'Fn::GetAtt': ['Service', 'Url'] }] }] },
        HostedZoneId: 'Z0624732FELAMMKW3Y21',
      });
    }
  });

  test('a region-agnostic stack looks the hosted zone up by AWS::Region in a mapping of every listed region', () => {
    const stack = new Stack();
    const certificate = new LightsailCertificate(stack, 'Cert', { domainName: 'example.com', region: 'eu-west-2', certificateName: 'cert' });
    new LightsailDomainRecords(stack, 'Records', {
      certificate, target: DomainTarget.containerService(service(stack, certificate)), zone: zone(stack),
    });
    const template = Template.fromStack(stack);
    expect(only(template, 'AWS::Route53::RecordSet').resource.Properties.AliasTarget.HostedZoneId)
      .toEqual({ 'Fn::FindInMap': ['LightsailContainerServiceHostedZones', { Ref: 'AWS::Region' }, 'HostedZoneId'] });
    expect(template.toJSON().Mappings.LightsailContainerServiceHostedZones['us-west-2']).toEqual({ HostedZoneId: 'Z0959753D43BBB908BAV' });
  });

  test('a region the guide lists no hosted zone for, or a certificate of another region, fails at synth naming both', () => {
    const stack = newStack({ env: { account: '111111111111', region: 'us-west-1' } });
    const certificate = certificateIn(stack, 'eu-west-1');
    expect(() => new LightsailDomainRecords(stack, 'Records', {
      certificate, target: DomainTarget.containerService(service(stack, certificate)), zone: zone(stack),
    })).toThrow(/the target container service TestStack\/Service is in "us-west-1", where Lightsail lists no container-service hosted zone[\s\S]*the certificate TestStack\/Cert is in "eu-west-1", but the target container service TestStack\/Service is in "us-west-1"/);
  });
});

describe('what the records are written for and into', () => {
  test('an imported certificate works with domainNames, and without them fails naming the prop', () => {
    const stack = newStack();
    const { distribution } = site(stack);
    const imported = LightsailCertificate.fromCertificateName(stack, 'Imported', 'made-by-hand');
    new LightsailDomainRecords(stack, 'Records', {
      certificate: imported, target: DomainTarget.distribution(distribution), zone: zone(stack), domainNames: ['www.example.com'],
    });
    const records = Object.values(Template.fromStack(stack).findResources('AWS::Route53::RecordSet')) as any[];
    expect(records.map((r) => [r.Properties.Name, r.Properties.Type])).toEqual([['www.example.com.', 'A'], ['www.example.com.', 'AAAA']]);
    expect(() => new LightsailDomainRecords(stack, 'Other', { certificate: imported, target: DomainTarget.distribution(distribution), zone: zone(stack) }))
      .toThrow(/domainNames is required with an imported certificate \(TestStack\/Imported\)/);
  });

  test('a zone imported by id (name unknown at synth) takes apex and subdomain aliases', () => {
    const stack = newStack();
    const { certificate, distribution } = site(stack);
    const byId = route53.HostedZone.fromHostedZoneId(stack, 'ById', 'ZBYID');
    new LightsailDomainRecords(stack, 'Records', { certificate, target: DomainTarget.distribution(distribution), zone: byId });
    const records = Object.values(Template.fromStack(stack).findResources('AWS::Route53::RecordSet')) as any[];
    expect(records).toHaveLength(4);
    expect(records.every((r) => r.Properties.HostedZoneId === 'ZBYID')).toBe(true);
  });

  test('a distribution target with a certificate outside us-east-1 is an error naming both', () => {
    const stack = newStack();
    const { distribution } = site(stack);
    const other = LightsailCertificate.fromCertificateAttributes(stack, 'Frankfurt', { certificateName: 'fra', region: 'eu-central-1' });
    expect(() => new LightsailDomainRecords(stack, 'Records', {
      certificate: other, target: DomainTarget.distribution(distribution), zone: zone(stack), domainNames: ['www.example.com'],
    })).toThrow(/the certificate TestStack\/Frankfurt is in "eu-central-1", but the target distribution TestStack\/Cdn accepts us-east-1 certificates only/);
  });

  test('zone and lightsailDomain: exactly one', () => {
    const stack = newStack();
    const { certificate, distribution } = site(stack);
    const target = DomainTarget.distribution(distribution);
    expect(() => new LightsailDomainRecords(stack, 'None', { certificate, target }))
      .toThrow(/give zone \(a Route 53 hosted zone\) or lightsailDomain \(a Lightsail DNS zone\)/);
    expect(() => new LightsailDomainRecords(stack, 'Both', { certificate, target, zone: zone(stack), lightsailDomain: 'example.com' }))
      .toThrow(/give zone or lightsailDomain, not both/);
    expect(() => new LightsailDomainRecords(stack, 'Outside', { certificate, target, lightsailDomain: 'example.net' }))
      .toThrow(/domainNames has "example.com", which is not in the Lightsail domain "example.net"/);
  });

  test('a Lightsail DNS zone gets one entries resource (A aliases written by the provider), IAM scoped to its ARN when given', () => {
    const stack = newStack();
    const { certificate, distribution } = site(stack);
    const arn = 'arn:aws:lightsail:global:111111111111:Domain/abc';
    const records = new LightsailDomainRecords(stack, 'Records', {
      certificate, target: DomainTarget.distribution(distribution), lightsailDomain: 'example.com', lightsailDomainArn: arn,
    });
    expect(records.records).toEqual([]);
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Route53::RecordSet', 0);
    const entries = only(template, 'Custom::LightsailDomainEntries');
    expect(entries.id).toMatch(/^RecordsDomainEntries/);
    expect(entries.resource.Properties).toMatchObject({
      DomainName: 'example.com',
      Names: ['example.com', 'www.example.com'],
      Target: { 'Fn::GetAtt': [only(template, 'Custom::LightsailDistributionDomain').id, 'DomainName'] },
    });
    const statements = only(template, 'AWS::IAM::Role').resource.Properties.Policies[0].PolicyDocument.Statement;
    expect(statements).toContainEqual({ Sid: 'WriteDomainEntries', Effect: 'Allow', Action: ['lightsail:CreateDomainEntry', 'lightsail:DeleteDomainEntry'], Resource: [arn] });
    expect(statements).toContainEqual({ Sid: 'ReadDomains', Effect: 'Allow', Action: 'lightsail:GetDomain', Resource: '*' });
  });

  test('a Lightsail DNS zone named only: the entries may be written into the account\'s zones', () => {
    const stack = newStack();
    const { certificate, distribution } = site(stack);
    new LightsailDomainRecords(stack, 'Records', { certificate, target: DomainTarget.distribution(distribution), lightsailDomain: 'example.com' });
    const statements = only(Template.fromStack(stack), 'AWS::IAM::Role').resource.Properties.Policies[0].PolicyDocument.Statement;
    expect(statements.find((s: any) => s.Sid === 'WriteDomainEntries').Resource)
      .toEqual([{ 'Fn::Sub': 'arn:${AWS::Partition}:lightsail:*:${AWS::AccountId}:Domain/*' }]);
  });
});

describe('what exists outside the app, by name', () => {
  function certificate(stack: Stack, domains = ['example.com', 'www.example.com'], region?: string) {
    return new LightsailCertificate(stack, 'Cert', {
      domainName: domains[0],
      region,
      subjectAlternativeNames: domains.slice(1),
      validation: CertificateValidation.fromRoute53(zone(stack)),
    });
  }

  test.each([
    ['an existing distribution', () => DomainTarget.fromDistributionName('shop'), 2],
    ['an existing container service', () => DomainTarget.fromContainerServiceName('app', 'us-east-1'), 4],
  ])('%s: the tags recording what it had before count toward Lightsail\'s 50, at synth', (_, target, recordTags) => {
    const tagged = (count: number) => {
      const stack = newStack();
      const cert = certificate(stack);
      for (let i = 0; i < count; i++) Tags.of(cert).add(`team-${i}`, 'web');
      new LightsailDomainRecords(stack, 'Records', { certificate: cert, target: target(), zone: zone(stack) });
      return () => Template.fromStack(stack);
    };
    const room = 49 - recordTags;
    expect(tagged(room)).not.toThrow();
    expect(tagged(room + 1)).toThrow(new RegExp(`tags has ${room + 1} tags; Lightsail allows at most 50, of which one is the owner tag `
      + `"cdk-lightsail-certificate:owner" and ${recordTags} record what the targets given by name .* had before, so at most ${room}`));
  });

  test('an existing distribution: an attachment resource after the wait, A and AAAA aliases to its domain, IAM on us-east-1 distributions', () => {
    const stack = newStack();
    const cert = certificate(stack);
    new LightsailDomainRecords(stack, 'Records', { certificate: cert, target: DomainTarget.fromDistributionName('shop'), zone: zone(stack) });
    const template = Template.fromStack(stack);
    const attachment = only(template, 'Custom::LightsailDistributionCertificate');
    expect(attachment.id).toMatch(/^RecordsDistributionCertificate/);
    expect(attachment.resource.Properties).toMatchObject({ DistributionName: 'shop', CertificateName: stack.resolve(cert.certificateName) });
    const records = Object.values(template.findResources('AWS::Route53::RecordSet')) as any[];
    expect(records.map((r) => r.Properties.Type).sort()).toEqual(['A', 'A', 'AAAA', 'AAAA']);
    expect(records[0].Properties.AliasTarget.DNSName).toEqual({ 'Fn::GetAtt': [attachment.id, 'TargetDomainName'] });
    const statements = only(template, 'AWS::IAM::Role').resource.Properties.Policies[0].PolicyDocument.Statement;
    expect(statements).toContainEqual({
      Sid: 'AttachCertificatesToDistributions',
      Effect: 'Allow',
      Action: 'lightsail:AttachCertificateToDistribution',
      Resource: [
        { 'Fn::Sub': 'arn:${AWS::Partition}:lightsail:us-east-1:${AWS::AccountId}:Distribution/*' },
        { 'Fn::Sub': 'arn:${AWS::Partition}:lightsail:us-east-1:${AWS::AccountId}:Certificate/*' },
      ],
    });
    expect(statements).toContainEqual({
      Sid: 'DetachCertificatesFromDistributions',
      Effect: 'Allow',
      Action: 'lightsail:DetachCertificateFromDistribution',
      Resource: { 'Fn::Sub': 'arn:${AWS::Partition}:lightsail:us-east-1:${AWS::AccountId}:Distribution/*' },
    });
  });

  test('an existing container service: its domains, region and IAM on that region\'s services; A aliases only', () => {
    const stack = newStack();
    const cert = certificate(stack, undefined, 'eu-west-1');
    new LightsailDomainRecords(stack, 'Records', { certificate: cert, target: DomainTarget.fromContainerServiceName('app'), zone: zone(stack) });
    const template = Template.fromStack(stack);
    const attachment = only(template, 'Custom::LightsailContainerServiceCertificate');
    expect(attachment.resource.Properties).toMatchObject({ ServiceName: 'app', Region: 'eu-west-1', DomainNames: ['example.com', 'www.example.com'] });
    const records = Object.values(template.findResources('AWS::Route53::RecordSet')) as any[];
    expect(records.map((r) => r.Properties.Type)).toEqual(['A', 'A']);
    expect(records[0].Properties.AliasTarget.HostedZoneId).toBe('Z0624732FELAMMKW3Y21');
    const statements = only(template, 'AWS::IAM::Role').resource.Properties.Policies[0].PolicyDocument.Statement;
    expect(statements).toContainEqual({
      Sid: 'UpdateContainerServiceDomains',
      Effect: 'Allow',
      Action: 'lightsail:UpdateContainerService',
      Resource: [{ 'Fn::Sub': ['arn:${AWS::Partition}:lightsail:${Region}:${AWS::AccountId}:ContainerService/*', { Region: 'eu-west-1' }] }],
    });
    expect(statements).toContainEqual({ Sid: 'ReadContainerServices', Effect: 'Allow', Action: 'lightsail:GetContainerServices', Resource: '*' });
  });

  test('Lightsail\'s limits at synth: a distribution takes us-east-1 certificates, a container service its own region\'s and at most 4 domains', () => {
    const stack = newStack();
    const cert = certificate(stack, ['example.com', 'a.example.com', 'b.example.com', 'c.example.com', 'd.example.com'], 'eu-west-1');
    expect(() => new LightsailDomainRecords(stack, 'Cdn', { certificate: cert, target: DomainTarget.fromDistributionName('shop'), zone: zone(stack) }))
      .toThrow(/the certificate TestStack\/Cert is in "eu-west-1", but the target distribution "shop" accepts us-east-1 certificates only/);
    expect(() => new LightsailDomainRecords(stack, 'Other', {
      certificate: cert, target: DomainTarget.fromContainerServiceName('app', 'eu-central-1'), zone: zone(stack), domainNames: ['example.com'],
    })).toThrow(/the target container service "app" is in "eu-central-1" and takes certificates of its own region only/);
    expect(() => new LightsailDomainRecords(stack, 'Five', { certificate: cert, target: DomainTarget.fromContainerServiceName('app'), zone: zone(stack) }))
      .toThrow(/domainNames has 5 domains \(example.com, a.example.com, b.example.com, c.example.com, d.example.com\), but a container service takes up to 4/);
  });
});
