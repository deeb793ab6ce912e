import { referencedNames, Template, topologicalOrder, validateReferences } from '../../test-support/driver/template';

describe('dependency ordering', () => {
  const resources: Template['Resources'] = {
    Record: { Type: 'AWS::Route53::RecordSet', Properties: { Name: { 'Fn::GetAtt': ['Cert', 'ValidationRecord.0.Name'] }, HostedZoneId: { Ref: 'Zone' } } },
    Issued: { Type: 'Custom::LightsailCertificateIssued', Properties: { CertificateName: { 'Fn::GetAtt': 'Cert.CertificateName' } }, DependsOn: ['Record'] },
    Cdn: { Type: 'AWS::Lightsail::Distribution', Properties: { CertificateName: { 'Fn::Sub': '${Issued.CertificateName}-${AWS::Region}' } } },
    Cert: { Type: 'Custom::LightsailCertificate', Properties: { ServiceToken: { 'Fn::GetAtt': ['Fn', 'Arn'] } } },
    Fn: { Type: 'AWS::Lambda::Function', Properties: { Role: { 'Fn::GetAtt': ['Role', 'Arn'] } } },
    Role: { Type: 'AWS::IAM::Role' },
    Zone: { Type: 'AWS::Route53::HostedZone', Properties: { Name: 'example.com' } },
  };

  test('creates dependencies first (Ref, Fn::GetAtt, Fn::Sub, DependsOn), keeping template order for ties', () => {
    expect(topologicalOrder(resources, Object.keys(resources))).toEqual(['Role', 'Fn', 'Cert', 'Zone', 'Record', 'Issued', 'Cdn']);
  });

  test('Fn::Sub variables and escapes are not references; pseudo parameters are names', () => {
    const names = referencedNames({ 'Fn::Sub': ['${A}-${B.Attr}-${!C}-${AWS::Region}', { A: 'x' }] });
    expect([...names].sort()).toEqual(['AWS::Region', 'B']);
  });

  test('cycles and unknown references are template errors', () => {
    expect(() => topologicalOrder({ A: { Type: 'T', DependsOn: 'B' }, B: { Type: 'T', Properties: { X: { Ref: 'A' } } } }, ['A', 'B']))
      .toThrow('Circular dependency between resources: [A, B]');
    expect(() => validateReferences({ Resources: { A: { Type: 'T', Properties: { X: { Ref: 'Nope' } }, DependsOn: 'Gone' } } }))
      .toThrow('Template format error: Unresolved resource dependencies [Nope, Gone] in the Resources block of the template');
    expect(() => validateReferences({ Parameters: { P: { Type: 'String' } }, Resources: { A: { Type: 'T', Properties: { X: { Ref: 'P' }, R: { Ref: 'AWS::Region' } } } } }))
      .not.toThrow();
  });
});
