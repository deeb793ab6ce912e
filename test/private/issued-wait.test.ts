/** Tests of `src/private/issued-wait.ts`: the chain of wait links rendered for a certificate. */
import { Duration } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { CertificateValidation, LightsailCertificate, LoadBalancerCertificate } from '../../src';
import { newStack, only, waitChain, zone } from '../util';

/** The links of the one certificate of `type` in the stack, in the order they run. */
function linksOf(template: Template, type: string) {
  const certificate = only(template, type).id;
  const chain = waitChain(template, certificate);
  // Every link is on the chain: none reads the name from anywhere else.
  expect(chain).toHaveLength(Object.keys(template.findResources('Custom::LightsailCertificateIssued')).length);
  return { certificate, chain };
}

describe.each([
  // A Lightsail certificate is made in us-east-1 unless told; a load balancer's is in the stack's region.
  ['LightsailCertificate', 'Custom::LightsailCertificate', 'us-east-1', undefined],
  ['LoadBalancerCertificate', 'Custom::LightsailLoadBalancerCertificate', 'eu-west-1', 'web'],
] as const)('the wait of a %s', (construct, type, region, loadBalancerName) => {
  function render(timeout: Duration): Template {
    const stack = newStack();
    const props = { domainName: 'example.com', validation: CertificateValidation.fromRoute53(zone(stack)), timeout };
    if (construct === 'LightsailCertificate') new LightsailCertificate(stack, 'Cert', props);
    else new LoadBalancerCertificate(stack, 'Cert', { ...props, loadBalancerName: 'web' });
    return Template.fromStack(stack);
  }

  test.each([
    [1, [60]],
    [13, [780]],
    [14, [780, 60]],
    [60, [780, 780, 780, 780, 480]],
  ])('a timeout of %i minutes gets links waiting %j seconds, the last one holding the whole timeout', (minutes, waits) => {
    const { chain } = linksOf(render(Duration.minutes(minutes)), type);
    expect(chain.map((l) => Number(l.resource.Properties.WaitSeconds))).toEqual(waits);
    expect(chain.map((l) => l.resource.Properties.TimeoutSeconds)).toEqual([...waits.slice(1).map(() => undefined), String(minutes * 60)]);
  });

  test('each link takes the certificate name from the one before, the first from the certificate, and reads the same certificate', () => {
    const { certificate, chain } = linksOf(render(Duration.minutes(30)), type);
    expect(chain.map((l) => l.resource.Properties.CertificateName)).toEqual([
      { 'Fn::GetAtt': [certificate, 'CertificateName'] },
      { 'Fn::GetAtt': [chain[0].id, 'CertificateName'] },
      { 'Fn::GetAtt': [chain[1].id, 'CertificateName'] },
    ]);
    for (const link of chain) {
      expect(link.resource.Properties).toMatchObject({ Region: region, ValidationMethod: 'ROUTE53' });
      expect(link.resource.Properties.LoadBalancerName).toEqual(loadBalancerName);
    }
  });
});
