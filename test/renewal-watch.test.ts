import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as lightsail from 'aws-cdk-lib/aws-lightsail';
import { newStack, only, zone } from './util';
import { CertificateValidation, LightsailCertificate } from '../src';

function distribution(stack: Stack, id: string, certificateName: string): lightsail.CfnDistribution {
  return new lightsail.CfnDistribution(stack, id, {
    distributionName: id.toLowerCase(),
    bundleId: 'small_1_0',
    defaultCacheBehavior: { behavior: 'cache' },
    origin: { name: 'origin', regionName: 'us-east-1' },
    certificateName,
  });
}

describe('renewal watch', () => {
  test('is off by default: no schedule, and the function keeps aws-cdk-lib\'s entrypoint as its handler', () => {
    const stack = newStack();
    new LightsailCertificate(stack, 'Cert', { domainName: 'example.com', validation: CertificateValidation.fromRoute53(zone(stack)) });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Events::Rule', 0);
    template.resourceCountIs('AWS::Lambda::Permission', 0);
    expect(only(template, 'AWS::Lambda::Function').resource.Properties.Handler).toBe('__entrypoint__.handler');
    expect(JSON.stringify(template.toJSON())).not.toContain('cloudwatch:PutMetricData');
  });

  test('one daily rule per stack, whatever the number of watched certificates, targeting the one provider function', () => {
    const stack = newStack();
    for (const name of ['a', 'b', 'c']) {
      new LightsailCertificate(stack, `Cert-${name}`, {
        domainName: `${name}.example.com`,
        validation: CertificateValidation.fromRoute53(zone(stack)),
        renewalWatch: true,
      });
    }
    const template = Template.fromStack(stack);
    const rule = only(template, 'AWS::Events::Rule');
    const fn = only(template, 'AWS::Lambda::Function');
    expect(rule.resource.Properties.ScheduleExpression).toBe('rate(1 day)');
    expect(rule.resource.Properties.Targets).toHaveLength(1);
    expect(rule.resource.Properties.Targets[0].Arn).toEqual({ 'Fn::GetAtt': [fn.id, 'Arn'] });
    // The input lists the three certificates by their name attribute, with their region: joined, it is
    // the JSON the handler reads once CloudFormation has put the names in.
    const parts: unknown[] = rule.resource.Properties.Targets[0].Input['Fn::Join'][1];
    const certIds = Object.keys(template.findResources('Custom::LightsailCertificate'));
    const joined = parts.map((p) => (typeof p === 'string' ? p : `<${(p as any)['Fn::GetAtt'][0]}>`)).join('');
    expect(JSON.parse(joined)).toEqual({
      LightsailCertificateRenewalWatch: certIds.map((id) => ({ Region: 'us-east-1', CertificateName: `<${id}>` })),
    });
    expect(fn.resource.Properties.Handler).toBe('index.route');
    template.resourceCountIs('AWS::Lambda::Function', 1);
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction', Principal: 'events.amazonaws.com', SourceArn: { 'Fn::GetAtt': [rule.id, 'Arn'] },
    });
    template.hasResourceProperties('AWS::IAM::Role', {
      Policies: Match.arrayWith([Match.objectLike({
        PolicyDocument: Match.objectLike({
          Statement: Match.arrayWith([{
            Sid: 'PublishRenewalMetrics',
            Effect: 'Allow',
            Action: 'cloudwatch:PutMetricData',
            Resource: '*',
            Condition: { StringEquals: { 'cloudwatch:namespace': 'LightsailCertificate' } },
          }]),
        }),
      })]),
    });
  });

  test('an alarm on metricDaysToExpiry() synthesizes with the documented namespace and dimensions', () => {
    const stack = newStack();
    const cert = new LightsailCertificate(stack, 'Cert', {
      domainName: 'example.com', validation: CertificateValidation.fromRoute53(zone(stack)), renewalWatch: true,
    });
    cert.metricDaysToExpiry().createAlarm(stack, 'Expiring', {
      threshold: 30,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
    });
    cert.metricRenewalFailing({ period: Duration.hours(12) }).createAlarm(stack, 'Failing', { threshold: 1, evaluationPeriods: 1 });
    const template = Template.fromStack(stack);
    const certId = Object.keys(template.findResources('Custom::LightsailCertificate'))[0];
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'LightsailCertificate',
      MetricName: 'DaysToExpiry',
      Statistic: 'Minimum',
      Period: 86400,
      Threshold: 30,
      Dimensions: Match.arrayWith([
        { Name: 'CertificateName', Value: { 'Fn::GetAtt': [certId, 'CertificateName'] } },
        { Name: 'Region', Value: 'us-east-1' },
      ]),
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'RenewalFailing', Statistic: 'Maximum', Period: 43200 });
    expect(cert.metricRenewalPending().metricName).toBe('RenewalPending');
  });

  test('a metric of an unwatched certificate is refused, naming the prop', () => {
    const stack = newStack();
    const cert = new LightsailCertificate(stack, 'Cert', { domainName: 'example.com', validation: CertificateValidation.fromRoute53(zone(stack)) });
    expect(() => cert.metricDaysToExpiry()).toThrow(/TestStack\/Cert: metricDaysToExpiry\(\): renewalWatch is false.*renewalWatch: true/);
  });
});

describe('warnings where renewal stops', () => {
  const RETAINED = 'cdk-lightsail-certificate:retained-unused';
  const MANUAL = 'cdk-lightsail-certificate:manual-unused';
  const warnings = (stack: Stack) => Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('.*'))
    .map((w) => String(w.entry.data));

  test('RETAIN with every consumer in the same stack: warned', () => {
    const stack = newStack({ env: { account: '111111111111', region: 'us-east-1' } });
    const cert = new LightsailCertificate(stack, 'Cert', {
      domainName: 'example.com', validation: CertificateValidation.fromRoute53(zone(stack)), removalPolicy: RemovalPolicy.RETAIN,
    });
    distribution(stack, 'Cdn', cert.certificateName);
    expect(warnings(stack).filter((w) => w.includes(RETAINED))).toEqual([expect.stringMatching(/TestStack\/Cdn.*renews only certificates in use/)]);
  });

  test('RETAIN with a consumer in another stack, or DESTROY: not warned', () => {
    const app = new App();
    const env = { account: '111111111111', region: 'us-east-1' };
    const certStack = new Stack(app, 'Certs', { env });
    const cert = new LightsailCertificate(certStack, 'Cert', {
      domainName: 'example.com', validation: CertificateValidation.fromRoute53(zone(certStack)), removalPolicy: RemovalPolicy.RETAIN,
    });
    distribution(new Stack(app, 'Serving', { env }), 'Cdn', cert.certificateName);
    const destroyed = new LightsailCertificate(certStack, 'Destroyed', { domainName: 'www.example.com', validation: CertificateValidation.fromRoute53(zone(certStack)) });
    distribution(certStack, 'Cdn2', destroyed.certificateName);
    expect(warnings(certStack).filter((w) => w.includes(RETAINED))).toEqual([]);
  });

  test('manual validation that nothing in the app consumes: warned; consumed: not', () => {
    const stack = newStack({ env: { account: '111111111111', region: 'us-east-1' } });
    new LightsailCertificate(stack, 'Unused', { domainName: 'example.com' });
    const used = new LightsailCertificate(stack, 'Used', { domainName: 'www.example.com', validation: CertificateValidation.manual({ waitForIssued: true }) });
    distribution(stack, 'Cdn', used.certificateName);
    const found = warnings(stack).filter((w) => w.includes(MANUAL));
    expect(found).toHaveLength(1);
    expect(Annotations.fromStack(stack).findWarning('/TestStack/Unused', Match.stringLikeRegexp('.*manual-unused'))).toHaveLength(1);
  });
});
