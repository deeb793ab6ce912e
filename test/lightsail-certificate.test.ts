import { Duration, RemovalPolicy, Stack, Tags } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as lightsail from 'aws-cdk-lib/aws-lightsail';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { newStack, only, waitChain, zone } from './util';
import { CertificateValidation, LightsailCertificate, ValidationMethod } from '../src';

const CERT = 'Custom::LightsailCertificate';
const ISSUED = 'Custom::LightsailCertificateIssued';
const RECORD = 'AWS::Route53::RecordSet';

function distribution(stack: Stack, certificateName: string) {
  return new lightsail.CfnDistribution(stack, 'Cdn', {
    distributionName: 'cdn',
    bundleId: 'small_1_0',
    defaultCacheBehavior: { behavior: 'cache' },
    origin: { name: 'origin', regionName: 'eu-west-1', protocolPolicy: 'https-only' },
    certificateName,
  });
}

describe('Route 53 validation', () => {
  test('requests the certificate in us-east-1 from a stack in another region', () => {
    const stack = newStack();
    new LightsailCertificate(stack, 'Cert', {
      domainName: 'example.com',
      subjectAlternativeNames: ['www.example.com'],
      validation: CertificateValidation.fromRoute53(zone(stack)),
    });

    const template = Template.fromStack(stack);
    template.hasResourceProperties(CERT, {
      DomainName: 'example.com',
      SubjectAlternativeNames: ['www.example.com'],
      Region: 'us-east-1',
      CertificateName: Match.stringLikeRegexp('^TestStack-Cert-[0-9A-F]{8}-[0-9a-f]{8}$'),
    });
    expect(stack.region).toBe('eu-west-1');
  });

  test('names each domain\'s hosted zone for the handler, which writes the CNAMEs; the role may write only underscore CNAMEs and TXTs, in any zone', () => {
    const stack = newStack();
    new LightsailCertificate(stack, 'Cert', {
      domainName: 'example.com',
      subjectAlternativeNames: ['www.example.com', 'api.example.com'],
      validation: CertificateValidation.fromRoute53(zone(stack)),
    });

    const template = Template.fromStack(stack);
    template.resourceCountIs(RECORD, 0);
    expect(only(template, CERT).resource.Properties.HostedZoneIds).toEqual(['Z0123456789', 'Z0123456789', 'Z0123456789']);
    const statements = only(template, 'AWS::IAM::Role').resource.Properties.Policies[0].PolicyDocument.Statement;
    // Any zone: CloudFormation updates the role before its cleanup, which may release records in a zone the stack left.
    const zoneArn = { 'Fn::Sub': 'arn:${AWS::Partition}:route53:::hostedzone/*' };
    expect(statements.filter((st: any) => st.Sid?.includes('Record'))).toEqual([
      {
        Sid: 'WriteValidationRecords',
        Effect: 'Allow',
        Action: 'route53:ChangeResourceRecordSets',
        Resource: zoneArn,
        Condition: {
          'ForAllValues:StringEquals': { 'route53:ChangeResourceRecordSetsRecordTypes': ['CNAME', 'TXT'] },
          'ForAllValues:StringLike': { 'route53:ChangeResourceRecordSetsNormalizedRecordNames': ['_*'] },
        },
      },
      { Sid: 'ReadValidationRecords', Effect: 'Allow', Action: 'route53:ListResourceRecordSets', Resource: zoneArn },
      { Sid: 'WaitForRecordChanges', Effect: 'Allow', Action: 'route53:GetChange', Resource: { 'Fn::Sub': 'arn:${AWS::Partition}:route53:::change/*' } },
      {
        Sid: 'FindCertificatesNeedingRecords',
        Effect: 'Allow',
        Action: ['lightsail:GetRegions', 'lightsail:GetLoadBalancers', 'lightsail:GetLoadBalancerTlsCertificates', 'acm:ListCertificates'],
        Resource: '*',
      },
      { Sid: 'ReadAcmValidationRecords', Effect: 'Allow', Action: 'acm:DescribeCertificate', Resource: { 'Fn::Sub': 'arn:${AWS::Partition}:acm:*:${AWS::AccountId}:certificate/*' } },
    ]);
    expect(statements.find((st: any) => st.Sid === 'ListEnabledRegions')).toMatchObject({ Action: 'account:ListRegions' });
  });

  test('a distribution taking the name waits for ISSUED, which waits for the record sets', () => {
    const stack = newStack();
    const cert = new LightsailCertificate(stack, 'Cert', {
      domainName: 'example.com',
      subjectAlternativeNames: ['www.example.com'],
      validation: CertificateValidation.fromRoute53(zone(stack)),
    });
    distribution(stack, cert.certificateName);

    const template = Template.fromStack(stack);
    const links = waitChain(template, only(template, CERT).id);
    // The default 30 minutes is three links of at most 13 minutes, one after the other, after the
    // certificate resource (which has written the records by the time it answers).
    expect(links.map((l) => l.resource.Properties.WaitSeconds)).toEqual(['780', '780', '240']);
    expect(links.map((l) => l.resource.Properties.TimeoutSeconds)).toEqual([undefined, undefined, '1800']);
    expect(links[0].resource.Properties).toMatchObject({ Region: 'us-east-1', ValidationMethod: 'ROUTE53' });
    template.hasResourceProperties('AWS::Lightsail::Distribution', {
      CertificateName: { 'Fn::GetAtt': [links[2].id, 'CertificateName'] },
    });
  });

  test('fromRoute53Zones puts each domain in its own zone or its closest parent\'s', () => {
    const stack = newStack();
    new LightsailCertificate(stack, 'Cert', {
      domainName: 'example.com',
      subjectAlternativeNames: ['www.example.com', 'example.net', 'deep.shop.example.net'],
      validation: CertificateValidation.fromRoute53Zones({
        'example.com': zone(stack, 'example.com', 'ZCOM'),
        'example.net': zone(stack, 'example.net', 'ZNET'),
        'shop.example.net': zone(stack, 'shop.example.net', 'ZSHOP'),
      }),
    });

    const template = Template.fromStack(stack);
    expect(only(template, CERT).resource.Properties.HostedZoneIds).toEqual(['ZCOM', 'ZCOM', 'ZNET', 'ZSHOP']);
  });

  test('reordered alternates keep the name (no new certificate); the zones follow their domains', () => {
    const props = (sans: string[]) => {
      const stack = newStack();
      new LightsailCertificate(stack, 'Cert', {
        domainName: 'example.com',
        subjectAlternativeNames: sans,
        validation: CertificateValidation.fromRoute53Zones({ 'example.com': zone(stack, 'example.com', 'ZCOM'), 'example.net': zone(stack, 'example.net', 'ZNET') }),
      });
      return only(Template.fromStack(stack), CERT).resource.Properties;
    };
    const before = props(['a.example.com', 'b.example.net']);
    const after = props(['b.example.net', 'a.example.com']);
    expect(after.CertificateName).toBe(before.CertificateName);
    expect(before.HostedZoneIds).toEqual(['ZCOM', 'ZCOM', 'ZNET']);
    expect(after.HostedZoneIds).toEqual(['ZCOM', 'ZNET', 'ZCOM']);
  });
});

describe('Lightsail DNS validation', () => {
  test('waits for ISSUED without writing records', () => {
    const stack = newStack();
    const cert = new LightsailCertificate(stack, 'Cert', {
      domainName: 'example.com',
      validation: CertificateValidation.fromLightsailDomain(),
    });
    distribution(stack, cert.certificateName);

    const template = Template.fromStack(stack);
    template.resourceCountIs(RECORD, 0);
    const links = waitChain(template, only(template, CERT).id);
    expect(links.map((l) => l.resource.Properties.ValidationMethod)).toEqual(['LIGHTSAIL_DOMAIN', 'LIGHTSAIL_DOMAIN', 'LIGHTSAIL_DOMAIN']);
    template.hasResourceProperties('AWS::Lightsail::Distribution', {
      CertificateName: { 'Fn::GetAtt': [links[links.length - 1].id, 'CertificateName'] },
    });
    expect(cert.validationMethod).toBe(ValidationMethod.LIGHTSAIL_DOMAIN);
  });
});

describe('manual validation', () => {
  test('is the default: no records, no wait, the name comes from the certificate resource', () => {
    const stack = newStack();
    const cert = new LightsailCertificate(stack, 'Cert', { domainName: 'example.com' });
    distribution(stack, cert.certificateName);

    const template = Template.fromStack(stack);
    template.resourceCountIs(RECORD, 0);
    template.resourceCountIs(ISSUED, 0);
    template.hasResourceProperties('AWS::Lightsail::Distribution', {
      CertificateName: { 'Fn::GetAtt': [only(template, CERT).id, 'CertificateName'] },
    });
  });

  test('waitForIssued adds the wait without records', () => {
    const stack = newStack();
    new LightsailCertificate(stack, 'Cert', {
      domainName: 'example.com',
      validation: CertificateValidation.manual({ waitForIssued: true }),
      timeout: Duration.minutes(45),
    });

    const template = Template.fromStack(stack);
    template.resourceCountIs(RECORD, 0);
    const links = waitChain(template, only(template, CERT).id);
    expect(links.map((l) => l.resource.Properties.WaitSeconds)).toEqual(['780', '780', '780', '360']);
    expect(links[3].resource.Properties).toMatchObject({ ValidationMethod: 'MANUAL', TimeoutSeconds: '2700' });
    expect(links[0].resource.DependsOn).toBeUndefined();
  });

  test('reading the name of a certificate that is not waited for warns that it is not ISSUED yet', () => {
    const stack = newStack();
    const manual = new LightsailCertificate(stack, 'Manual', { domainName: 'example.com' });
    const waited = new LightsailCertificate(stack, 'Waited', { domainName: 'example.net', validation: CertificateValidation.manual({ waitForIssued: true }) });
    distribution(stack, manual.certificateName);
    void manual.certificateName;
    void waited.certificateName;
    const warnings = Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('not waited for'));
    expect(warnings.map((w) => w.id)).toEqual(['/TestStack/Manual']);
  });

  test('addValidationOutputs called twice adds the outputs once', () => {
    const stack = newStack();
    const cert = new LightsailCertificate(stack, 'Cert', { domainName: 'example.com', subjectAlternativeNames: ['www.example.com'] });
    cert.addValidationOutputs();
    cert.addValidationOutputs();
    expect(Object.keys(Template.fromStack(stack).findOutputs('*'))).toHaveLength(2);
  });

  test('addValidationOutputs adds one "<name> CNAME <value>" output per domain', () => {
    const stack = newStack();
    const cert = new LightsailCertificate(stack, 'Cert', {
      domainName: 'example.com',
      subjectAlternativeNames: ['www.example.com'],
    });
    cert.addValidationOutputs();

    const template = Template.fromStack(stack);
    const certId = only(template, CERT).id;
    const outputs = template.findOutputs('*');
    expect(Object.keys(outputs)).toHaveLength(2);
    template.hasOutput('*', {
      Description: 'DNS record that validates www.example.com',
      Value: {
        'Fn::Join': [
          ' ',
          [
            { 'Fn::GetAtt': [certId, 'ValidationRecord.1.Name'] },
            { 'Fn::GetAtt': [certId, 'ValidationRecord.1.Type'] },
            { 'Fn::GetAtt': [certId, 'ValidationRecord.1.Value'] },
          ],
        ],
      },
    });
  });
});

describe('attributes', () => {
  test('domainNames drop the repeated primary and keep the given order', () => {
    const stack = newStack();
    const cert = new LightsailCertificate(stack, 'Cert', {
      domainName: 'example.com',
      subjectAlternativeNames: ['www.example.com', 'EXAMPLE.com', 'api.example.com'],
    });
    expect(cert.domainNames).toEqual(['example.com', 'www.example.com', 'api.example.com']);
    Template.fromStack(stack).hasResourceProperties(CERT, {
      SubjectAlternativeNames: ['www.example.com', 'api.example.com'],
    });
  });

  test('without alternates the property is left out', () => {
    const stack = newStack();
    new LightsailCertificate(stack, 'Cert', { domainName: 'example.com' });
    const props = only(Template.fromStack(stack), CERT).resource.Properties;
    expect(props.SubjectAlternativeNames).toBeUndefined();
    expect(props.Tags).toBeUndefined();
  });

  test('validationRecords and validationRecordFor resolve to the certificate resource\'s attributes', () => {
    const stack = newStack();
    const cert = new LightsailCertificate(stack, 'Cert', {
      domainName: 'example.com',
      subjectAlternativeNames: ['www.example.com'],
    });
    const certId = only(Template.fromStack(stack), CERT).id;
    const record = cert.validationRecordFor('WWW.example.com');
    expect(record.domainName).toBe('www.example.com');
    expect(stack.resolve(record.name)).toEqual({ 'Fn::GetAtt': [certId, 'ValidationRecord.1.Name'] });
    expect(stack.resolve(record.type)).toEqual({ 'Fn::GetAtt': [certId, 'ValidationRecord.1.Type'] });
    expect(stack.resolve(record.value)).toEqual({ 'Fn::GetAtt': [certId, 'ValidationRecord.1.Value'] });
    expect(cert.validationRecords.map((r) => r.domainName)).toEqual(['example.com', 'www.example.com']);
    expect(stack.resolve(cert.certificateArn)).toEqual({ 'Fn::GetAtt': [certId, 'CertificateArn'] });
    expect(() => cert.validationRecordFor('other.example.com')).toThrow(
      /validationRecordFor\("other.example.com"\): not a domain of this certificate \(its domains: example.com, www.example.com\)/,
    );
  });

  test('containerPublicDomainName names the certificate and the domains the service serves', () => {
    const stack = newStack({ env: { region: 'eu-central-1' } });
    const cert = new LightsailCertificate(stack, 'Cert', {
      domainName: 'example.com',
      subjectAlternativeNames: ['www.example.com', 'a.example.com', 'b.example.com', 'c.example.com'],
      region: 'eu-central-1',
      validation: CertificateValidation.fromRoute53(zone(stack)),
    });
    new lightsail.CfnContainer(stack, 'Service', {
      serviceName: 'web',
      power: 'nano',
      scale: 1,
      publicDomainNames: [cert.containerPublicDomainName(['example.com', 'www.example.com'])],
    });
    Template.fromStack(stack).hasResourceProperties('AWS::Lightsail::Container', {
      PublicDomainNames: [
        {
          CertificateName: { 'Fn::GetAtt': [waitChain(Template.fromStack(stack), only(Template.fromStack(stack), CERT).id)[2].id, 'CertificateName'] },
          DomainNames: ['example.com', 'www.example.com'],
        },
      ],
    });
    expect(() => cert.containerPublicDomainName()).toThrow(/uses at most 4 domains of a certificate, got 5/);
    expect(() => cert.containerPublicDomainName(['shop.example.com'])).toThrow(
      /domainNames has "shop.example.com", which is not a domain of this certificate/,
    );
  });

  test('isLightsailCertificate tells constructed certificates from imports and other values', () => {
    const stack = newStack();
    const cert = new LightsailCertificate(stack, 'Cert', { domainName: 'example.com' });
    const imported = LightsailCertificate.fromCertificateName(stack, 'Imported', 'existing');
    expect(LightsailCertificate.isLightsailCertificate(cert)).toBe(true);
    expect(LightsailCertificate.isLightsailCertificate(imported)).toBe(false);
    expect(LightsailCertificate.isLightsailCertificate({})).toBe(false);
    expect(LightsailCertificate.isLightsailCertificate(null)).toBe(false);
  });
});

describe('certificate name', () => {
  const nameOf = (props: { sans?: string[]; region?: string; id?: string }) => {
    const stack = newStack();
    new LightsailCertificate(stack, props.id ?? 'Cert', {
      domainName: 'example.com',
      subjectAlternativeNames: props.sans,
      region: props.region,
    });
    return only(Template.fromStack(stack), CERT).resource.Properties.CertificateName as string;
  };

  test('is kept when the alternates are reordered or change case', () => {
    expect(nameOf({ sans: ['a.example.com', 'b.example.com'] })).toBe(nameOf({ sans: ['B.example.com', 'a.example.com'] }));
  });

  test('changes with the domains, the region and the construct path', () => {
    const base = nameOf({ sans: ['a.example.com'] });
    expect(nameOf({ sans: ['a.example.com', 'b.example.com'] })).not.toBe(base);
    expect(nameOf({ sans: ['a.example.com'], region: 'eu-west-1' })).not.toBe(base);
    expect(nameOf({ sans: ['a.example.com'], id: 'Other' })).not.toBe(base);
  });

  test('an explicit name is used as given', () => {
    const stack = newStack();
    new LightsailCertificate(stack, 'Cert', { domainName: 'example.com', certificateName: 'my_site-cert' });
    Template.fromStack(stack).hasResourceProperties(CERT, { CertificateName: 'my_site-cert' });
  });
});

describe('region', () => {
  test('another region is allowed with a warning about distributions', () => {
    const stack = newStack();
    new LightsailCertificate(stack, 'Cert', { domainName: 'example.com', region: 'eu-west-1' });
    Template.fromStack(stack).hasResourceProperties(CERT, { Region: 'eu-west-1' });
    Annotations.fromStack(stack).hasWarning(
      '/TestStack/Cert',
      Match.stringLikeRegexp('created in eu-west-1. Lightsail distributions accept us-east-1 certificates only'),
    );
  });

  test('us-east-1 gets no region warning', () => {
    const stack = newStack();
    new LightsailCertificate(stack, 'Cert', { domainName: 'example.com' });
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('region'));
  });
});

describe('removal policy', () => {
  test('DESTROY by default', () => {
    const stack = newStack();
    new LightsailCertificate(stack, 'Cert', { domainName: 'example.com' });
    Template.fromStack(stack).hasResource(CERT, { DeletionPolicy: 'Delete', UpdateReplacePolicy: 'Delete' });
  });

  test('RETAIN keeps the certificate on delete and on replacement', () => {
    const stack = newStack();
    new LightsailCertificate(stack, 'Cert', { domainName: 'example.com', removalPolicy: RemovalPolicy.RETAIN });
    Template.fromStack(stack).hasResource(CERT, { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });
});

describe('retained records', () => {
  test('RETAIN with a zone the stack deletes warns: the zone could not be deleted, and the certificate would stop renewing', () => {
    const warningsFor = (retainZone: boolean) => {
      const stack = newStack();
      const hostedZone = new route53.PublicHostedZone(stack, 'Zone', { zoneName: 'example.com' });
      const cert = new LightsailCertificate(stack, 'Cert', { domainName: 'example.com', validation: CertificateValidation.fromRoute53(hostedZone) });
      // Set after construction, both: what counts is the policy at synth.
      cert.applyRemovalPolicy(RemovalPolicy.RETAIN);
      if (retainZone) hostedZone.applyRemovalPolicy(RemovalPolicy.RETAIN);
      return Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('Route 53 refuses to delete a zone that still has records'));
    };
    expect(warningsFor(false).map((w) => w.id)).toEqual(['/TestStack/Cert']);
    expect(warningsFor(true)).toHaveLength(0);
  });
});

describe('tags', () => {
  test('props tags and Tags.of() both reach the certificate', () => {
    const stack = newStack();
    const cert = new LightsailCertificate(stack, 'Cert', { domainName: 'example.com', tags: { team: 'web' } });
    Tags.of(cert).add('cost-center', '42');
    Tags.of(stack).add('app', 'shop');
    Template.fromStack(stack).hasResourceProperties(CERT, {
      Tags: { 'team': 'web', 'cost-center': '42', 'app': 'shop' },
    });
  });
});

describe('imports', () => {
  test('fromCertificateName defaults to us-east-1, like the construct, and refuses to guess the ARN', () => {
    const stack = newStack();
    const imported = LightsailCertificate.fromCertificateName(stack, 'Imported', 'my-cert');
    expect(imported.certificateName).toBe('my-cert');
    expect(imported.env.region).toBe('us-east-1');
    distribution(stack, imported.certificateName);
    Template.fromStack(stack).hasResourceProperties('AWS::Lightsail::Distribution', { CertificateName: 'my-cert' });
    expect(() => stack.resolve(imported.certificateArn)).toThrow(/the ARN of certificate "my-cert" is not known; import it with fromCertificateAttributes/);
  });

  test('fromCertificateAttributes takes the region and the account from the ARN', () => {
    const stack = newStack();
    const arn = 'arn:aws:lightsail:ap-southeast-2:222222222222:Certificate/0a1b2c3d-0000-4000-8000-000000000000';
    const imported = LightsailCertificate.fromCertificateAttributes(stack, 'Imported', { certificateName: 'my-cert', certificateArn: arn });
    expect(imported.certificateArn).toBe(arn);
    expect(imported.env).toMatchObject({ region: 'ap-southeast-2', account: '222222222222' });
    expect(() => LightsailCertificate.fromCertificateAttributes(stack, 'NotAnArn', { certificateName: 'c3', certificateArn: 'my-cert' })).toThrow(/ARN/);
    expect(imported.certificateRef).toEqual({ certificateName: 'my-cert', certificateArn: arn });
    const explicit = LightsailCertificate.fromCertificateAttributes(stack, 'Explicit', { certificateName: 'c2', region: 'ap-south-1' });
    expect(explicit.env.region).toBe('ap-south-1');
  });

  test('an imported name is checked like a new one', () => {
    const stack = newStack();
    expect(() => LightsailCertificate.fromCertificateName(stack, 'Imported', 'my.cert')).toThrow(/certificateName "my.cert" must be/);
  });
});
