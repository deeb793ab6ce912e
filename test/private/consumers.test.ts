/** Tests of `src/private/consumers.ts`: which constructs of the app take a certificate, and which zones cover its domains. */
import { CfnResource, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as lightsail from 'aws-cdk-lib/aws-lightsail';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { attribute } from '../../src/private/attributes';
import { consumersOf, takesCertificate, zonesCovering } from '../../src/private/consumers';
import { newStack, zone } from '../util';

/** A token that stands for a certificate's name attribute, as a user passes it on. */
function nameToken(stack: Stack, id: string): string {
  return attribute(new CfnResource(stack, id, { type: 'Custom::LightsailCertificate' }), 'CertificateName');
}

function distribution(stack: Stack, id: string, certificateName?: string) {
  return new lightsail.CfnDistribution(stack, id, {
    distributionName: id,
    bundleId: 'small_1_0',
    defaultCacheBehavior: { behavior: 'cache' },
    origin: { name: 'origin', regionName: 'eu-west-1', protocolPolicy: 'https-only' },
    certificateName,
  });
}

function container(stack: Stack, id: string, certificateName: string) {
  return new lightsail.CfnContainer(stack, id, {
    serviceName: id, power: 'nano', scale: 1, publicDomainNames: [{ certificateName, domainNames: ['api.example.com'] }],
  });
}

describe('takesCertificate and consumersOf', () => {
  test('find the distributions, and for consumersOf the container services, whose certificateName holds the token', () => {
    const stack = newStack();
    const mine = nameToken(stack, 'Mine');
    const other = nameToken(stack, 'Other');
    const cdn = distribution(stack, 'Cdn', mine);
    distribution(stack, 'OtherCdn', other);
    distribution(stack, 'NoCertificate');
    distribution(stack, 'Literal', 'Mine');
    const api = container(stack, 'Api', mine);
    container(stack, 'OtherApi', other);

    expect(takesCertificate(stack, [mine])).toEqual([cdn]);
    expect(consumersOf(stack, [mine])).toEqual([cdn, api]);
    expect(consumersOf(stack, [])).toEqual([]);
  });
});

describe('zonesCovering', () => {
  test('each domain takes its closest zone; one domain without a zone means none', () => {
    const stack = newStack();
    const parent = zone(stack, 'example.com', 'Z1');
    const child = zone(stack, 'shop.example.com', 'Z2');
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', { vpcId: 'vpc-1', availabilityZones: ['eu-west-1a'] });
    new route53.PrivateHostedZone(stack, 'Private', { zoneName: 'internal.example.com', vpc });

    expect(zonesCovering(stack, ['example.com', 'cart.shop.example.com'])).toEqual(new Set([parent, child]));
    expect(zonesCovering(stack, ['www.example.com'])).toEqual(new Set([parent]));
    expect(zonesCovering(stack, ['example.com', 'example.org'])).toEqual(new Set());
    // A private zone never validates a public certificate, however well its name fits.
    expect(zonesCovering(stack, ['api.internal.example.com'])).toEqual(new Set([parent]));
  });
});
