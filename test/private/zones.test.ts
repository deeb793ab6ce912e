/** Tests of `src/private/zones.ts`: which hosted zone validates which domain. */
import { Stack } from 'aws-cdk-lib';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { CertificateValidation } from '../../src';
import { assignZones, knownZoneName } from '../../src/private/zones';

describe('zone assignment', () => {
  const stack = new Stack();
  const apex = new route53.PublicHostedZone(stack, 'Apex', { zoneName: 'example.com' });
  const shop = new route53.PublicHostedZone(stack, 'Shop', { zoneName: 'shop.example.com' });

  test('each domain takes the zone of its longest matching key', () => {
    const validation = CertificateValidation.fromRoute53Zones({ 'example.com': apex, 'shop.example.com': shop });

    const { assigned, problems } = assignZones(validation, ['example.com', 'cart.shop.example.com', 'www.example.com']);

    expect(problems).toEqual([]);
    expect([...assigned.entries()].map(([i, zone]) => [i, zone.zoneName])).toEqual([[0, 'example.com'], [1, 'shop.example.com'], [2, 'example.com']]);
  });

  test('a domain without a key, and a zone that does not cover its domain, are each reported', () => {
    expect(assignZones(CertificateValidation.fromRoute53Zones({ 'example.com': apex }), ['example.org']).problems)
      .toEqual([expect.stringContaining('has no zone for "example.org"')]);
    expect(assignZones(CertificateValidation.fromRoute53(shop), ['example.com']).problems)
      .toEqual([expect.stringContaining('does not cover example.com (zone shop.example.com)')]);
  });

  test('a zone imported by id has no name known at synth', () => {
    expect(knownZoneName(route53.HostedZone.fromHostedZoneId(stack, 'ById', 'Z123'))).toBeUndefined();
    expect(knownZoneName(apex)).toBe('example.com');
  });
});
