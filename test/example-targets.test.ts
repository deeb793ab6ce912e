import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { EXISTING, TargetsStack } from '../examples/targets-stack';
import { EXAMPLE_ENVIRONMENT } from '../examples/website-stack';
import {
  CONTAINER_SERVICE_CERTIFICATE_RESOURCE_TYPE,
  DISTRIBUTION_CERTIFICATE_RESOURCE_TYPE,
  DOMAIN_ENTRIES_RESOURCE_TYPE,
} from '../src/private/contract';

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
