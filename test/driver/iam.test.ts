import { CfnOutput, CfnResource, CustomResourceProvider, Fn, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { cleanUpTempDirs, providerApp, resetCalls, thing } from './fixtures';
import { LocalCloudFormation } from '../../test-support/driver';
import { conditionHolds, evaluatePolicy, PolicyStatement } from '../../test-support/driver/iam';

afterAll(cleanUpTempDirs);
beforeEach(resetCalls);

const CERT = 'arn:aws:lightsail:eu-central-1:123456789012:Certificate/0a1b2c3d';

describe('evaluatePolicy', () => {
  const allowDelete: PolicyStatement = { Effect: 'Allow', Action: 'lightsail:DeleteCertificate', Resource: CERT };

  test('an Allow that matches action and resource allows', () => {
    expect(evaluatePolicy([allowDelete], 'lightsail:DeleteCertificate', CERT)).toBe('allowed');
  });

  test('no statement that matches: implicitly denied (another action, another resource, no statements)', () => {
    expect(evaluatePolicy([allowDelete], 'lightsail:TagResource', CERT)).toBe('implicitly-denied');
    expect(evaluatePolicy([allowDelete], 'lightsail:DeleteCertificate', `${CERT}x`)).toBe('implicitly-denied');
    expect(evaluatePolicy([], 'lightsail:DeleteCertificate', CERT)).toBe('implicitly-denied');
    // An action without a resource type is requested on "*": a statement scoped to ARNs does not cover it.
    expect(evaluatePolicy([{ Effect: 'Allow', Action: 'lightsail:*', Resource: 'arn:aws:lightsail:*:*:Certificate/*' }], 'lightsail:CreateCertificate', '*'))
      .toBe('implicitly-denied');
  });

  test('an explicit Deny wins over any Allow, in whatever order', () => {
    const deny: PolicyStatement = { Effect: 'Deny', Action: 'lightsail:Delete*', Resource: '*' };
    expect(evaluatePolicy([allowDelete, deny], 'lightsail:DeleteCertificate', CERT)).toBe('explicitly-denied');
    expect(evaluatePolicy([deny, allowDelete], 'lightsail:DeleteCertificate', CERT)).toBe('explicitly-denied');
    expect(evaluatePolicy([deny, allowDelete], 'lightsail:GetCertificates', '*')).toBe('implicitly-denied');
  });

  test('wildcards: * any run of characters, ? one; actions without regard to case, resources with', () => {
    const statement = (Action: unknown, Resource: unknown): PolicyStatement[] => [{ Effect: 'Allow', Action, Resource }];
    expect(evaluatePolicy(statement('lightsail:*', '*'), 'lightsail:CreateCertificate', '*')).toBe('allowed');
    expect(evaluatePolicy(statement(['s3:*', 'LIGHTSAIL:deletecert*'], CERT), 'lightsail:DeleteCertificate', CERT)).toBe('allowed');
    expect(evaluatePolicy(statement('lightsail:?etCertificates', '*'), 'lightsail:GetCertificates', '*')).toBe('allowed');
    expect(evaluatePolicy(statement('lightsail:?Certificates', '*'), 'lightsail:GetCertificates', '*')).toBe('implicitly-denied');
    const anyRegion = 'arn:aws:lightsail:*:123456789012:Certificate/*';
    expect(evaluatePolicy(statement('lightsail:DeleteCertificate', anyRegion), 'lightsail:DeleteCertificate', CERT)).toBe('allowed');
    expect(evaluatePolicy(statement('lightsail:DeleteCertificate', 'arn:aws:lightsail:us-east-1:123456789012:Certificate/*'), 'lightsail:DeleteCertificate', CERT))
      .toBe('implicitly-denied');
    expect(evaluatePolicy(statement('lightsail:DeleteCertificate', 'arn:aws:lightsail:eu-central-?:123456789012:Certificate/*'), 'lightsail:DeleteCertificate', CERT))
      .toBe('allowed');
    expect(evaluatePolicy(statement('lightsail:DeleteCertificate', anyRegion.replace('Certificate', 'certificate')), 'lightsail:DeleteCertificate', CERT))
      .toBe('implicitly-denied');
    // Regular-expression characters are literal.
    expect(evaluatePolicy(statement('lightsail:DeleteCertificate', 'arn.aws.*'), 'lightsail:DeleteCertificate', CERT)).toBe('implicitly-denied');
  });

  test('NotAction and NotResource; a Condition with an operator not evaluated never widens what is allowed', () => {
    expect(evaluatePolicy([{ Effect: 'Allow', NotAction: 'lightsail:Delete*', Resource: '*' }], 'lightsail:TagResource', CERT)).toBe('allowed');
    expect(evaluatePolicy([{ Effect: 'Allow', NotAction: 'lightsail:Delete*', Resource: '*' }], 'lightsail:DeleteCertificate', CERT)).toBe('implicitly-denied');
    expect(evaluatePolicy([{ Effect: 'Allow', Action: '*', NotResource: CERT }], 'lightsail:DeleteCertificate', CERT)).toBe('implicitly-denied');
    const condition = { NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' } };
    expect(evaluatePolicy([{ ...allowDelete, Condition: condition }], 'lightsail:DeleteCertificate', CERT)).toBe('implicitly-denied');
    expect(evaluatePolicy([allowDelete, { Effect: 'Deny', Action: '*', Resource: '*', Condition: condition }], 'lightsail:DeleteCertificate', CERT))
      .toBe('explicitly-denied');
  });

  test('StringEquals on a single-valued key: the request must have the key with one of the values', () => {
    const allowPut = [{ Effect: 'Allow', Action: 'cloudwatch:PutMetricData', Resource: '*', Condition: { StringEquals: { 'cloudwatch:namespace': 'LightsailCertificate' } } }];
    expect(evaluatePolicy(allowPut, 'cloudwatch:PutMetricData', '*', { 'cloudwatch:namespace': ['LightsailCertificate'] })).toBe('allowed');
    expect(evaluatePolicy(allowPut, 'cloudwatch:PutMetricData', '*', { 'cloudwatch:namespace': ['Other'] })).toBe('implicitly-denied');
    expect(evaluatePolicy(allowPut, 'cloudwatch:PutMetricData', '*')).toBe('implicitly-denied');
  });
});

describe('Condition blocks', () => {
  // The project's statement for validation records (src/private/provider.ts).
  const records = {
    'ForAllValues:StringEquals': { 'route53:ChangeResourceRecordSetsRecordTypes': ['CNAME'] },
    'ForAllValues:StringLike': { 'route53:ChangeResourceRecordSetsNormalizedRecordNames': ['_*'] },
  };
  const context = (types: string[], names: string[], actions = types.map(() => 'UPSERT')) => ({
    'route53:ChangeResourceRecordSetsRecordTypes': types,
    'route53:ChangeResourceRecordSetsNormalizedRecordNames': names,
    'route53:ChangeResourceRecordSetsActions': actions,
  });

  test('ForAllValues:StringEquals and ForAllValues:StringLike: every value of the key must match a value of the policy', () => {
    expect(conditionHolds(records, context(['CNAME'], ['_abc.example.com']))).toBe(true);
    expect(conditionHolds(records, context(['CNAME', 'CNAME'], ['_a.example.com', '_b.www.example.com']))).toBe(true);
    // One change outside the condition fails the whole batch.
    expect(conditionHolds(records, context(['CNAME', 'TXT'], ['_a.example.com', '_b.example.com']))).toBe(false);
    expect(conditionHolds(records, context(['CNAME', 'CNAME'], ['_a.example.com', 'www.example.com']))).toBe(false);
    // Case-sensitive values; key names without regard to case; `?` is one character.
    expect(conditionHolds(records, context(['cname'], ['_a.example.com']))).toBe(false);
    expect(conditionHolds({ 'ForAllValues:StringLike': { 'ROUTE53:ChangeResourceRecordSetsActions': ['UPSER?', 'DELETE'] } }, context(['A'], ['x'], ['UPSERT', 'DELETE']))).toBe(true);
    // A key the request does not have: ForAllValues holds (as in IAM).
    expect(conditionHolds(records, {})).toBe(true);
    expect(conditionHolds(undefined, {})).toBe(true);
  });

  test('an operator the evaluator does not know: undefined, so an Allow does not apply and a Deny does', () => {
    const zone = 'arn:aws:route53:::hostedzone/Z0ABC';
    const unknown = { 'ForAnyValue:StringEquals': { 'route53:ChangeResourceRecordSetsRecordTypes': ['CNAME'] } };
    expect(conditionHolds({ ...records, ...unknown }, context(['CNAME'], ['_a.example.com']))).toBeUndefined();
    const allow: PolicyStatement = { Effect: 'Allow', Action: 'route53:ChangeResourceRecordSets', Resource: zone, Condition: records };
    expect(evaluatePolicy([allow], 'route53:ChangeResourceRecordSets', zone, context(['CNAME'], ['_a.example.com']))).toBe('allowed');
    expect(evaluatePolicy([allow], 'route53:ChangeResourceRecordSets', zone, context(['A'], ['_a.example.com']))).toBe('implicitly-denied');
    expect(evaluatePolicy([{ ...allow, Condition: unknown }], 'route53:ChangeResourceRecordSets', zone, context(['CNAME'], ['_a.example.com']))).toBe('implicitly-denied');
    const deny: PolicyStatement = { Effect: 'Deny', Action: 'route53:*', Resource: '*', Condition: records };
    expect(evaluatePolicy([allow, deny], 'route53:ChangeResourceRecordSets', zone, context(['CNAME'], ['_a.example.com']))).toBe('explicitly-denied');
    expect(evaluatePolicy([allow, deny], 'route53:ChangeResourceRecordSets', zone, context(['CNAME'], ['www.example.com']))).toBe('implicitly-denied');
    expect(evaluatePolicy([allow, { ...deny, Condition: unknown }], 'route53:ChangeResourceRecordSets', zone, context(['A'], ['www.example.com']))).toBe('explicitly-denied');
  });
});

describe("a function's credentials and the check of its calls", () => {
  /** The provider's role: inline policy (Fn::Sub), an AWS::IAM::Policy attached by name (Ref of the role). */
  function assembly(deleteRegion: string) {
    const { app, stack, provider } = providerApp({
      policyStatements: [
        { Effect: 'Allow', Action: ['lightsail:CreateCertificate', 'lightsail:GetCertificates'], Resource: '*' },
        { Effect: 'Allow', Action: 'lightsail:DeleteCertificate', Resource: { 'Fn::Sub': `arn:\${AWS::Partition}:lightsail:${deleteRegion}:\${AWS::AccountId}:Certificate/*` } },
      ],
    });
    attachPolicy(stack, provider);
    const res = thing(stack, 'Res', provider, { Name: 'res-1', EnvName: 'AWS_ACCESS_KEY_ID' });
    new CfnOutput(stack, 'AccessKeyId', { value: res.getAttString('Env') });
    return app.synth();
  }

  function attachPolicy(stack: Stack, provider: CustomResourceProvider): void {
    new iam.CfnPolicy(stack, 'Extra', {
      policyName: 'extra',
      roles: [(provider.node.findChild('Role') as CfnResource).ref],
      policyDocument: {
        Statement: [
          { Effect: 'Allow', Action: 'lightsail:TagResource', Resource: Fn.join('', ['arn:', stack.partition, ':lightsail:us-east-1:', stack.account, ':Certificate/*']) },
          { Effect: 'Deny', Action: 'lightsail:TagResource', Resource: Fn.join('', ['arn:', stack.partition, ':lightsail:us-east-1:', stack.account, ':Certificate/locked']) },
        ],
      },
    });
  }

  const certificate = (region: string, id = 'abc') => `arn:aws:lightsail:${region}:123456789012:Certificate/${id}`;

  test("the function's key names its role: calls are checked against the role's policies as the stack has them now", async () => {
    const cfn = new LocalCloudFormation();
    const deployed = await cfn.deploy(assembly('eu-central-1'), 'TestStack');
    const accessKeyId = deployed.outputs.AccessKeyId;
    expect(accessKeyId).toMatch(/^ASIA[0-9A-F]{16}$/);
    expect(process.env.AWS_ACCESS_KEY_ID).not.toBe(accessKeyId);
    const check = (action: string, resource: string) => cfn.checkAccess({ accessKeyId, action, resource });

    // Inline policy, its Fn::Sub resolved with the stack's partition and account.
    expect(check('lightsail:CreateCertificate', '*')).toBeUndefined();
    expect(check('lightsail:DeleteCertificate', certificate('eu-central-1'))).toBeUndefined();
    // The AWS::IAM::Policy attached to the role by name; its explicit Deny wins.
    expect(check('lightsail:TagResource', certificate('us-east-1'))).toBeUndefined();
    expect(check('lightsail:TagResource', certificate('us-east-1', 'locked'))).toMatch(/with an explicit deny in an identity-based policy$/);
    // AWS managed policies (aws-cdk-lib's provider role has AWSLambdaBasicExecutionRole) grant nothing here.
    expect(check('logs:CreateLogGroup', 'arn:aws:logs:us-east-1:123456789012:log-group:x')).toMatch(/because no identity-based policy allows/);
    // Nothing allows it: refused with AWS's message, naming the role session.
    const roleName = deployed.resources[Object.keys(deployed.resources).find((id) => deployed.resources[id].type === 'AWS::IAM::Role')!].physicalId;
    const functionName = deployed.resources[Object.keys(deployed.resources).find((id) => deployed.resources[id].type === 'AWS::Lambda::Function')!].physicalId;
    expect(check('lightsail:DeleteCertificate', certificate('us-east-1'))).toBe(
      `User: arn:aws:sts::123456789012:assumed-role/${roleName}/${functionName} is not authorized to perform: lightsail:DeleteCertificate `
      + `on resource: ${certificate('us-east-1')} because no identity-based policy allows the lightsail:DeleteCertificate action`,
    );
    // Keys that are not a function's are not checked.
    expect(cfn.checkAccess({ accessKeyId: 'AKIDSOMEONEELSE', action: 'lightsail:DeleteCertificate', resource: '*' })).toBeUndefined();

    // The policy updated: the same key (same role and function) now gets the new policy.
    const updated = await cfn.deploy(assembly('us-east-1'), 'TestStack');
    expect(updated.status).toBe('UPDATE_COMPLETE');
    expect(check('lightsail:DeleteCertificate', certificate('eu-central-1'))).toMatch(/because no identity-based policy allows/);
    expect(check('lightsail:DeleteCertificate', certificate('us-east-1'))).toBeUndefined();

    // A role that no longer exists allows nothing.
    await cfn.destroy('TestStack');
    expect(check('lightsail:GetCertificates', '*')).toMatch(/is not authorized to perform: lightsail:GetCertificates on resource: \*/);
  });
});
