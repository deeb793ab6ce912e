import * as fs from 'fs';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { waitChain } from './util';
import { EXAMPLE_ENVIRONMENT, WebsiteStack } from '../examples/website-stack';

/** examples/cdk.json, which `cdk synth` in examples/ (and so `npm run demo`) reads. */
const CDK_JSON = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'examples', 'cdk.json'), 'utf8'));

test('the example app sets every feature flag aws-cdk-lib recommends, as `cdk init` does', () => {
  // Otherwise the CDK CLI prints "N feature flags are not configured" on every synth. After raising
  // aws-cdk-lib, copy node_modules/aws-cdk-lib/recommended-feature-flags.json into the context again.
  const recommended = JSON.parse(fs.readFileSync(require.resolve('aws-cdk-lib/recommended-feature-flags.json'), 'utf8'));
  expect(CDK_JSON.context).toEqual(recommended);
});

test('the example app requests the certificate in us-east-1, validates it in its own zone and orders the distribution after issuance', () => {
  const app = new App({ context: CDK_JSON.context });
  const stack = new WebsiteStack(app, 'Example', { env: EXAMPLE_ENVIRONMENT });
  const template = Template.fromStack(stack);

  const [zone] = Object.keys(template.findResources('AWS::Route53::HostedZone'));
  const [cert] = Object.keys(template.findResources('Custom::LightsailCertificate'));
  const links = waitChain(template, cert);
  template.hasResourceProperties('Custom::LightsailCertificate', { Region: 'us-east-1', DomainName: 'example.com' });
  // us-east-1: the only region CloudFormation has AWS::Lightsail::Distribution in.
  expect(stack.region).toBe('us-east-1');

  // The handler writes each domain's CNAME into the example's own zone.
  template.hasResourceProperties('Custom::LightsailCertificate', { HostedZoneIds: [{ Ref: zone }, { Ref: zone }] });

  template.hasResourceProperties('AWS::Lightsail::Distribution', { CertificateName: { 'Fn::GetAtt': [links[links.length - 1].id, 'CertificateName'] } });
  expect(links[0].resource.Properties.CertificateName).toEqual({ 'Fn::GetAtt': [cert, 'CertificateName'] });
});
