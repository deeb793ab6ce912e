import { ConditionEvaluator } from '../../test-support/driver/conditions';
import { IntrinsicError, NO_VALUE, ResolverScope, resolveValue } from '../../test-support/driver/intrinsics';
import { parameterValues } from '../../test-support/driver/parameters';
import { newPseudoParameters, partitionOf } from '../../test-support/driver/pseudo-parameters';

const pseudo = newPseudoParameters('MyStack', 'eu-west-1', '111122223333');

function scope(conditions: Record<string, unknown> = {}): ResolverScope {
  let evaluator: ConditionEvaluator;
  const s: ResolverScope = {
    pseudo,
    parameters: { Env: 'prod', Zones: ['a', 'b'] },
    mappings: { Sizes: { prod: { Memory: 1024 } } },
    isConditionTrue: (name) => evaluator.isTrue(name),
    refResource: (id) => {
      if (id === 'Bucket') return 'my-bucket';
      throw new IntrinsicError(`no ${id}`);
    },
    getAtt: (id, attr) => `${id}.${attr}`,
    importValue: (name) => { throw new IntrinsicError(`No export named ${name} found.`); },
  };
  evaluator = new ConditionEvaluator(conditions, () => s);
  return s;
}

describe('intrinsics', () => {
  test('Ref resolves pseudo parameters, parameters and resources', () => {
    const s = scope();
    expect(resolveValue({ Ref: 'AWS::Region' }, s)).toBe('eu-west-1');
    expect(resolveValue({ Ref: 'AWS::AccountId' }, s)).toBe('111122223333');
    expect(resolveValue({ Ref: 'AWS::Partition' }, s)).toBe('aws');
    expect(resolveValue({ Ref: 'AWS::URLSuffix' }, s)).toBe('amazonaws.com');
    expect(resolveValue({ Ref: 'AWS::StackName' }, s)).toBe('MyStack');
    expect(resolveValue({ Ref: 'AWS::StackId' }, s)).toMatch(/^arn:aws:cloudformation:eu-west-1:111122223333:stack\/MyStack\/[0-9a-f-]{36}$/);
    expect(resolveValue({ Ref: 'Env' }, s)).toBe('prod');
    expect(resolveValue({ Ref: 'Bucket' }, s)).toBe('my-bucket');
    expect(() => resolveValue({ Ref: 'Missing' }, s)).toThrow('no Missing');
  });

  test('AWS::NoValue removes the property or list element', () => {
    expect(resolveValue({ A: 1, B: { Ref: 'AWS::NoValue' }, C: [1, { Ref: 'AWS::NoValue' }, 2] }, scope())).toEqual({ A: 1, C: [1, 2] });
    expect(resolveValue({ Ref: 'AWS::NoValue' }, scope())).toBe(NO_VALUE);
  });

  test('Fn::GetAtt in both forms, with dotted attribute names', () => {
    const s = scope();
    expect(resolveValue({ 'Fn::GetAtt': ['Cert', 'ValidationRecord.0.Name'] }, s)).toBe('Cert.ValidationRecord.0.Name');
    expect(resolveValue({ 'Fn::GetAtt': 'Cert.ValidationRecord.0.Name' }, s)).toBe('Cert.ValidationRecord.0.Name');
  });

  test('Fn::Join, Fn::Select, Fn::Split, Fn::Base64, Fn::GetAZs, Fn::FindInMap', () => {
    const s = scope();
    expect(resolveValue({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::', { Ref: 'Bucket' }]] }, s)).toBe('arn:aws:s3:::my-bucket');
    expect(resolveValue({ 'Fn::Join': [',', { Ref: 'Zones' }] }, s)).toBe('a,b');
    expect(resolveValue({ 'Fn::Select': ['1', { 'Fn::Split': ['/', 'a/b/c'] }] }, s)).toBe('b');
    expect(() => resolveValue({ 'Fn::Select': [5, ['a']] }, s)).toThrow(/nonexistent value at index 5/);
    expect(resolveValue({ 'Fn::Base64': 'hello' }, s)).toBe('aGVsbG8=');
    expect(resolveValue({ 'Fn::GetAZs': '' }, s)).toEqual(['eu-west-1a', 'eu-west-1b', 'eu-west-1c']);
    expect(resolveValue({ 'Fn::FindInMap': ['Sizes', { Ref: 'Env' }, 'Memory'] }, s)).toBe(1024);
    expect(() => resolveValue({ 'Fn::FindInMap': ['Sizes', 'dev', 'Memory'] }, s)).toThrow(/Unable to get mapping for Sizes::dev::Memory/);
  });

  test('Fn::Sub with pseudo parameters, resources, attributes, variables and escapes', () => {
    const s = scope();
    expect(resolveValue({ 'Fn::Sub': 'cdk-${AWS::AccountId}-${AWS::Region}' }, s)).toBe('cdk-111122223333-eu-west-1');
    expect(resolveValue({ 'Fn::Sub': '${Bucket}/${Cert.CertificateName}/${!Literal}' }, s)).toBe('my-bucket/Cert.CertificateName/${Literal}');
    expect(resolveValue({ 'Fn::Sub': ['${X}-${Env}', { X: { Ref: 'Bucket' } }] }, s)).toBe('my-bucket-prod');
  });

  test('conditions: Fn::Equals, Fn::Not, Fn::And, Fn::Or, Condition references and Fn::If', () => {
    const s = scope({
      IsProd: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] },
      IsIreland: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'eu-west-1'] },
      Both: { 'Fn::And': [{ Condition: 'IsProd' }, { Condition: 'IsIreland' }] },
      Either: { 'Fn::Or': [{ 'Fn::Not': [{ Condition: 'IsProd' }] }, { Condition: 'IsIreland' }] },
      Neither: { 'Fn::Not': [{ Condition: 'Either' }] },
    });
    expect(s.isConditionTrue('Both')).toBe(true);
    expect(s.isConditionTrue('Either')).toBe(true);
    expect(s.isConditionTrue('Neither')).toBe(false);
    expect(resolveValue({ 'Fn::If': ['Neither', 'yes', { Ref: 'AWS::NoValue' }] }, s)).toBe(NO_VALUE);
    expect(resolveValue({ 'Fn::If': ['Both', 'yes', 'no'] }, s)).toBe('yes');
    expect(() => s.isConditionTrue('Unknown')).toThrow(/Unresolved condition dependency Unknown/);
  });

  test('a property named Condition is not a condition reference outside Conditions', () => {
    const statement = { Effect: 'Allow', Condition: { StringEquals: { 'aws:RequestedRegion': { Ref: 'AWS::Region' } } } };
    expect(resolveValue(statement, scope())).toEqual({ Effect: 'Allow', Condition: { StringEquals: { 'aws:RequestedRegion': 'eu-west-1' } } });
  });

  test('Fn::ImportValue without an export is an error; unknown functions too', () => {
    expect(() => resolveValue({ 'Fn::ImportValue': 'Shared' }, scope())).toThrow('No export named Shared found.');
    expect(() => resolveValue({ 'Fn::Cidr': ['10.0.0.0/16', 2, 8] }, scope())).toThrow(/does not support Fn::Cidr/);
  });

  test('partitions and parameter values', () => {
    expect(partitionOf('cn-north-1')).toBe('aws-cn');
    expect(partitionOf('us-gov-west-1')).toBe('aws-us-gov');
    expect(newPseudoParameters('S', 'cn-north-1', '1').urlSuffix).toBe('amazonaws.com.cn');
    const declared = {
      BootstrapVersion: { Type: 'AWS::SSM::Parameter::Value<String>', Default: '/cdk-bootstrap/hnb659fds/version' },
      Names: { Type: 'CommaDelimitedList', Default: 'a,b' },
      Size: { Type: 'Number', Default: 3, AllowedValues: [1, 3] },
    };
    expect(parameterValues(declared, {}, {})).toEqual({ BootstrapVersion: '30', Names: ['a', 'b'], Size: '3' });
    expect(parameterValues(declared, { Size: '1' }, { '/cdk-bootstrap/hnb659fds/version': '21' })).toMatchObject({ BootstrapVersion: '21', Size: '1' });
    expect(() => parameterValues(declared, { Size: '2' }, {})).toThrow(/AllowedValues/);
    expect(() => parameterValues({ X: { Type: 'String' } }, {}, {})).toThrow(/\[X\] must have values/);
  });
});
