import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { EXISTING, LOAD_BALANCER, TargetsStack } from '../examples/targets-stack';
import { EXAMPLE_ENVIRONMENT } from '../examples/website-stack';
import {
  CONTAINER_SERVICE_CERTIFICATE_RESOURCE_TYPE,
  DISTRIBUTION_CERTIFICATE_RESOURCE_TYPE,
  DOMAIN_ENTRIES_RESOURCE_TYPE,
  LOAD_BALANCER_ATTACHMENT_RESOURCE_TYPE,
  LOAD_BALANCER_CERTIFICATE_RESOURCE_TYPE,
} from '../src/private/contract';
import RESOURCE_REGIONS from '../test-support/driver/resource-types-by-region.json';

test('the example app\'s second stack serves every other target: a container service (apex included), a Lightsail DNS zone, what exists by name', () => {
  const template = Template.fromStack(new TargetsStack(new App(), 'Targets', { env: EXAMPLE_ENVIRONMENT }));

  template.resourceCountIs('Custom::LightsailCertificate', 4);
  // Alias records to the container service, apex included, and none of type AAAA for it.
  for (const name of ['example.net.', 'www.example.net.']) {
    template.hasResourceProperties('AWS::Route53::RecordSet', { Name: name, Type: 'A', AliasTarget: { HostedZoneId: 'Z06246771KYU0IRHI74W4' } });
  }
  template.hasResourceProperties(DOMAIN_ENTRIES_RESOURCE_TYPE, { DomainName: EXISTING.lightsailDomain, Names: ['example.org', 'www.example.org'] });
  template.hasResourceProperties(DISTRIBUTION_CERTIFICATE_RESOURCE_TYPE, { DistributionName: EXISTING.distributionName });
  template.hasResourceProperties(CONTAINER_SERVICE_CERTIFICATE_RESOURCE_TYPE, { ServiceName: EXISTING.serviceName, Region: 'us-east-1' });
});

test('the example app\'s second stack makes a load balancer, in a region CloudFormation has it in, and gives it a certificate validated in its zone, attached once ISSUED', () => {
  const stack = new TargetsStack(new App(), 'Targets', { env: EXAMPLE_ENVIRONMENT });
  const template = Template.fromStack(stack);

  const [balancer] = Object.keys(template.findResources('AWS::Lightsail::LoadBalancer', { Properties: { LoadBalancerName: LOAD_BALANCER.name } }));
  expect(balancer).toBeDefined();
  // cfn-lint's per-region schemas: the demo's driver refuses a type the stack's region lacks.
  expect(RESOURCE_REGIONS.types['AWS::Lightsail::LoadBalancer']).toContain(stack.region);

  const [zone] = Object.keys(template.findResources('AWS::Route53::HostedZone'));
  template.resourceCountIs(LOAD_BALANCER_CERTIFICATE_RESOURCE_TYPE, 1);
  template.hasResourceProperties(LOAD_BALANCER_CERTIFICATE_RESOURCE_TYPE, {
    LoadBalancerName: { Ref: balancer }, DomainName: LOAD_BALANCER.domainName, Region: 'us-east-1', HostedZoneIds: [{ Ref: zone }],
  });
  template.resourceCountIs(LOAD_BALANCER_ATTACHMENT_RESOURCE_TYPE, 1);
  template.hasResourceProperties(LOAD_BALANCER_ATTACHMENT_RESOURCE_TYPE, { LoadBalancerName: { Ref: balancer } });
});
