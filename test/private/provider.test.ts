/** Tests of `src/private/provider.ts`: the one function per stack, its role, its logs, and the account's rules for them. */
import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { CustomResourceConfig } from 'aws-cdk-lib/custom-resources';
import { CertificateValidation, LightsailCertificate } from '../../src';
import { CertificateProvider } from '../../src/private/provider';
import { newStack, only, zone } from '../util';

const CERT = 'Custom::LightsailCertificate';
const RECORD = 'AWS::Route53::RecordSet';

describe('one provider per stack', () => {
  const footprint = (certificates: number) => {
    const stack = newStack();
    for (let i = 0; i < certificates; i++) {
      new LightsailCertificate(stack, `Cert${i}`, {
        domainName: `site${i}.example.com`,
        region: i % 2 === 0 ? 'us-east-1' : 'eu-central-1',
        validation: CertificateValidation.fromRoute53(zone(stack)),
      });
    }
    const template = Template.fromStack(stack);
    const support = Object.values(template.toJSON().Resources as Record<string, { Type: string }>)
      .map((r) => r.Type)
      .filter((type) => !type.startsWith('Custom::LightsailCertificate') && type !== RECORD);
    return {
      support: support.sort(),
      policy: JSON.stringify(only(template, 'AWS::IAM::Role').resource.Properties.Policies),
      certificates: Object.keys(template.findResources(CERT)).length,
    };
  };

  test('one function, its role and its log group serve every certificate; the policy does not grow', () => {
    const one = footprint(1);
    const five = footprint(5);
    expect(five.certificates).toBe(5);
    expect(one.support).toEqual(['AWS::IAM::Role', 'AWS::Lambda::Function', 'AWS::Logs::LogGroup']);
    expect(five.support).toEqual(one.support);
    expect(five.policy).toBe(one.policy);
  });

  test('the function: aws-cdk-lib\'s response entrypoint, the latest Node.js, Lambda\'s longest timeout', () => {
    const stack = newStack();
    new LightsailCertificate(stack, 'Cert', { domainName: 'example.com' });
    const fn = only(Template.fromStack(stack), 'AWS::Lambda::Function').resource.Properties;
    expect(fn).toMatchObject({ Handler: '__entrypoint__.handler', Runtime: 'nodejs24.x', Timeout: 900 });
    expect(stack.resolve(Stack.of(stack).getLogicalId(stack.node.findChild('LightsailCertificateProvider').node.findChild('Default').node.findChild('Handler') as any)))
      .toMatch(/^LightsailCertificateProviderHandler/);
  });

  test('the IAM policy grants exactly the certificate actions, on the account\'s certificates in every region, and logging', () => {
    const stack = newStack();
    new LightsailCertificate(stack, 'A', { domainName: 'a.example.com' });
    new LightsailCertificate(stack, 'C', { domainName: 'c.example.com', region: 'eu-central-1' });

    const template = Template.fromStack(stack);
    const role = only(template, 'AWS::IAM::Role').resource.Properties;
    // No managed policy: the function writes only to its own log group.
    expect(role.ManagedPolicyArns).toBeUndefined();
    template.resourceCountIs('AWS::IAM::Policy', 0);
    expect(role.Policies).toHaveLength(1);
    expect(role.Policies[0].PolicyDocument.Statement).toEqual([
      { Sid: 'CreateAndReadCertificates', Action: ['lightsail:CreateCertificate', 'lightsail:GetCertificates'], Effect: 'Allow', Resource: '*' },
      {
        Sid: 'TagAndDeleteCertificates',
        Action: ['lightsail:DeleteCertificate', 'lightsail:TagResource', 'lightsail:UntagResource'],
        Effect: 'Allow',
        Resource: { 'Fn::Sub': 'arn:${AWS::Partition}:lightsail:*:${AWS::AccountId}:Certificate/*' },
      },
      {
        Sid: 'AskCloudFormation',
        Action: 'cloudformation:DescribeStackResource',
        Effect: 'Allow',
        Resource: { 'Fn::Sub': 'arn:${AWS::Partition}:cloudformation:${AWS::Region}:${AWS::AccountId}:stack/${AWS::StackName}/*' },
      },
      { Sid: 'WriteLogs', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Effect: 'Allow', Resource: { 'Fn::GetAtt': [only(template, 'AWS::Logs::LogGroup').id, 'Arn'] } },
    ]);
  });

  test('the function logs to one group with a retention', () => {
    const stack = newStack();
    new LightsailCertificate(stack, 'Cert', { domainName: 'example.com' });
    const template = Template.fromStack(stack);
    const logGroup = only(template, 'AWS::Logs::LogGroup');
    expect(logGroup.resource.Properties.RetentionInDays).toBe(30);
    expect(only(template, 'AWS::Lambda::Function').resource.Properties.LoggingConfig).toEqual({ LogGroup: { Ref: logGroup.id } });
  });

  test('an app that inlines custom-resource code still gets the response entrypoint', () => {
    const stack = newStack();
    stack.node.setContext('@aws-cdk/core:inlineCustomResourceIfPossible', true);
    new LightsailCertificate(stack, 'Cert', { domainName: 'example.com' });
    const fn = only(Template.fromStack(stack), 'AWS::Lambda::Function').resource.Properties;
    expect(fn.Handler).toBe('__entrypoint__.handler');
    expect(fn.Code.ZipFile).toBeUndefined();
  });
});

describe('the provider in a regulated account', () => {
  test('CustomResourceConfig sets its log retention and removal policy, as for aws-cdk-lib\'s own providers', () => {
    const stack = newStack();
    new LightsailCertificate(stack, 'Cert', { domainName: 'example.com' });
    CustomResourceConfig.of(stack).addLogRetentionLifetime(logs.RetentionDays.TEN_YEARS);
    CustomResourceConfig.of(stack).addRemovalPolicy(RemovalPolicy.RETAIN);
    const logGroup = only(Template.fromStack(stack), 'AWS::Logs::LogGroup');
    expect(logGroup.id).toMatch(/^LightsailCertificateProviderLogs[0-9A-F]{8}$/);
    expect(logGroup.resource).toMatchObject({ Properties: { RetentionInDays: 3653 }, DeletionPolicy: 'Retain' });
  });

  test('a permissions boundary applies to its role', () => {
    const stack = newStack();
    new LightsailCertificate(stack, 'Cert', { domainName: 'example.com' });
    iam.PermissionsBoundary.of(stack).apply(iam.ManagedPolicy.fromManagedPolicyName(stack, 'Boundary', 'org-boundary'));
    expect(only(Template.fromStack(stack), 'AWS::IAM::Role').resource.Properties.PermissionsBoundary).toEqual({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::111111111111:policy/org-boundary']],
    });
  });

  test('with pre-created roles (Role.customizeRoles) no role is synthesized and the policy is reported instead', () => {
    const stack = newStack();
    iam.Role.customizeRoles(stack, { usePrecreatedRoles: { 'TestStack/LightsailCertificateProvider/Default/Role': 'lightsail-certificates' } });
    new LightsailCertificate(stack, 'Cert', { domainName: 'example.com' });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::IAM::Role', 0);
    expect(only(template, 'AWS::Lambda::Function').resource.Properties.Role).toEqual({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::111111111111:role/lightsail-certificates']],
    });
  });
});

describe('grants that grow with what the stack asks', () => {
  function statements(stack: Stack): Array<{ Sid?: string; Action: unknown; Resource: unknown }> {
    const policies = Template.fromStack(stack).findResources('AWS::IAM::Policy');
    const inline = Object.values(Template.fromStack(stack).findResources('AWS::IAM::Role'))
      .flatMap((r) => (r.Properties.Policies ?? []) as Array<{ PolicyDocument: { Statement: [] } }>);
    return [...Object.values(policies).map((p) => p.Properties.PolicyDocument), ...inline.map((p) => p.PolicyDocument)]
      .flatMap((d: { Statement: [] }) => d.Statement);
  }

  test('container services of two regions share one statement naming both regions; asking twice adds nothing', () => {
    const stack = newStack();
    const provider = CertificateProvider.of(stack);
    provider.allowContainerServiceUpdates('eu-west-1');
    provider.allowContainerServiceUpdates('eu-west-1');
    provider.allowContainerServiceUpdates('ap-northeast-1');

    const update = statements(stack).filter((s) => s.Sid === 'UpdateContainerServiceDomains');
    expect(update).toHaveLength(1);
    expect(update[0].Action).toBe('lightsail:UpdateContainerService');
    expect(stack.resolve(update[0].Resource)).toEqual(['eu-west-1', 'ap-northeast-1'].map((region) => ({
      'Fn::Sub': ['arn:${AWS::Partition}:lightsail:${Region}:${AWS::AccountId}:ContainerService/*', { Region: region }],
    })));
    expect(statements(stack).filter((s) => s.Sid === 'ReadContainerServices')).toHaveLength(1);
  });

  test('attaching to distributions brings the distribution reads with it, once', () => {
    const stack = newStack();
    const provider = CertificateProvider.of(stack);
    provider.allowDistributionAttachment();
    provider.allowDistributionReads();
    provider.allowDistributionAttachment();

    const sids = statements(stack).map((s) => s.Sid).filter((sid) => sid !== undefined && /Distribution/.test(sid));
    expect(sids.sort()).toEqual(['AttachCertificatesToDistributions', 'DetachCertificatesFromDistributions', 'ReadDistributions']);
  });

  test('of() gives one provider per stack', () => {
    const stack = newStack();
    expect(CertificateProvider.of(stack)).toBe(CertificateProvider.of(stack));
    expect(CertificateProvider.of(newStack())).not.toBe(CertificateProvider.of(stack));
  });
});
