import { Stack, StackProps } from 'aws-cdk-lib';
import * as lightsail from 'aws-cdk-lib/aws-lightsail';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { Construct } from 'constructs';
import { CertificateValidation, DomainTarget, LightsailCertificate, LightsailDomainRecords, LoadBalancerCertificate } from '../src';

/** What the targets stack serves that it does not make: they exist before it (the demo makes them in the emulator). */
export const EXISTING = {
  /** A distribution made in the console, with a certificate of its own. */
  distributionName: 'shop-cdn',
  /** A container service made in the console, in the stack's region. */
  serviceName: 'api-service',
  /** A Lightsail DNS zone. */
  lightsailDomain: 'example.org',
} as const;

/** The load balancer the targets stack makes, and the domain its certificate covers. */
export const LOAD_BALANCER = { name: 'web-lb', domainName: 'lb.example.net' } as const;

/**
 * Every other way to serve a domain, one certificate each, in us-east-1 (distributions and container
 * services both run there): alias records in a Route 53 zone to a container service (apex included),
 * alias entries in a Lightsail DNS zone, and the certificate attached to a distribution and added to a
 * container service that were made outside the app, by name; and a load balancer of the stack with its
 * own TLS certificate (CloudFormation has `AWS::Lightsail::LoadBalancer` in us-east-1: cfn-lint's
 * per-region schemas, `test-support/driver/resource-types-by-region.json`).
 */
export class TargetsStack extends Stack {
  constructor(scope: Construct, id: string, props: StackProps = {}) {
    super(scope, id, props);
    const zone = new route53.PublicHostedZone(this, 'Zone', { zoneName: 'example.net' });
    const certificate = (name: string, domainName: string, validation: CertificateValidation) =>
      new LightsailCertificate(this, name, { domainName, subjectAlternativeNames: [`www.${domainName}`], validation });

    // A container service in a Route 53 zone, apex included.
    const app = certificate('AppCertificate', 'example.net', CertificateValidation.fromRoute53(zone));
    const service = new lightsail.CfnContainer(this, 'App', {
      serviceName: 'app', power: 'nano', scale: 1, publicDomainNames: [app.containerPublicDomainName()],
    });
    new LightsailDomainRecords(this, 'AppRecords', { certificate: app, target: DomainTarget.containerService(service), zone });

    // A distribution in a Lightsail DNS zone.
    const blog = certificate('BlogCertificate', EXISTING.lightsailDomain, CertificateValidation.fromLightsailDomain());
    const cdn = new lightsail.CfnDistribution(this, 'BlogCdn', {
      distributionName: 'blog-cdn',
      bundleId: 'small_1_0',
      origin: { name: 'blog-origin', regionName: this.region, protocolPolicy: 'https-only' },
      defaultCacheBehavior: { behavior: 'cache' },
      certificateName: blog.certificateName,
    });
    new LightsailDomainRecords(this, 'BlogRecords', {
      certificate: blog, target: DomainTarget.distribution(cdn), lightsailDomain: EXISTING.lightsailDomain,
    });

    // A distribution made outside the app, by name.
    const shop = certificate('ShopCertificate', 'shop.example.net', CertificateValidation.fromRoute53(zone));
    new LightsailDomainRecords(this, 'ShopRecords', { certificate: shop, target: DomainTarget.fromDistributionName(EXISTING.distributionName), zone });

    // A container service made outside the app, by name.
    const api = certificate('ApiCertificate', 'api.example.net', CertificateValidation.fromRoute53(zone));
    new LightsailDomainRecords(this, 'ApiRecords', { certificate: api, target: DomainTarget.fromContainerServiceName(EXISTING.serviceName), zone });

    // A load balancer of the stack: its certificate is requested once it exists, attached once ISSUED,
    // and deleted before it on destroy.
    const loadBalancer = new lightsail.CfnLoadBalancer(this, 'WebLoadBalancer', { loadBalancerName: LOAD_BALANCER.name, instancePort: 80 });
    new LoadBalancerCertificate(this, 'WebLoadBalancerCertificate', {
      loadBalancerName: loadBalancer.ref,
      domainName: LOAD_BALANCER.domainName,
      validation: CertificateValidation.fromRoute53(zone),
    });
  }
}
