/** Tests of `src/validation.ts`: what each way of validating carries, and the arguments it refuses. */
import * as iam from 'aws-cdk-lib/aws-iam';
import { newStack, zone } from './util';
import { CertificateValidation, ValidationMethod } from '../src';

const ROLE_ARN = 'arn:aws:iam::210987654321:role/LightsailValidation';

describe('what each way of validating carries', () => {
  test('fromRoute53: one zone for every domain, waiting for ISSUED, no role', () => {
    const z = zone(newStack());
    const v = CertificateValidation.fromRoute53(z);
    expect([v.method, v.waitForIssued, v._hostedZones, v._access]).toEqual([ValidationMethod.ROUTE53, true, { '': z }, {}]);
  });

  test('fromRoute53CrossAccount: the zone\'s access under the same key as the zone', () => {
    const stack = newStack();
    const access = { role: iam.Role.fromRoleArn(stack, 'R', ROLE_ARN), externalId: 'ext-1' };
    const v = CertificateValidation.fromRoute53CrossAccount(zone(stack), access);
    expect(v._access).toEqual({ '': access });
    expect(Object.keys(v._hostedZones)).toEqual(['']);
  });

  test('fromRoute53Zones and fromRoute53ZonesCrossAccount copy the maps, so a later change by the caller does not reach them', () => {
    const stack = newStack();
    const zones = { 'example.com': zone(stack) };
    const access = { 'example.com': { role: iam.Role.fromRoleArn(stack, 'R', ROLE_ARN) } };
    const v = CertificateValidation.fromRoute53ZonesCrossAccount(zones, access);
    (zones as Record<string, unknown>)['example.org'] = zone(stack, 'example.org');
    (access as Record<string, unknown>)['example.org'] = access['example.com'];
    expect(Object.keys(v._hostedZones)).toEqual(['example.com']);
    expect(Object.keys(v._access)).toEqual(['example.com']);
    expect(CertificateValidation.fromRoute53Zones({ 'example.com': zone(stack) })._access).toEqual({});
  });

  test('fromLightsailDomain waits for ISSUED; manual waits only when asked', () => {
    const lightsailDomain = CertificateValidation.fromLightsailDomain();
    expect([lightsailDomain.method, lightsailDomain.waitForIssued]).toEqual([ValidationMethod.LIGHTSAIL_DOMAIN, true]);
    expect([CertificateValidation.manual().method, CertificateValidation.manual().waitForIssued]).toEqual([ValidationMethod.MANUAL, false]);
    expect(CertificateValidation.manual({ waitForIssued: true }).waitForIssued).toBe(true);
  });
});

describe('what a JavaScript or Python caller can pass', () => {
  test('fromRoute53(undefined) names the argument', () => {
    expect(() => CertificateValidation.fromRoute53(undefined as any)).toThrow(
      'CertificateValidation.fromRoute53(hostedZone): hostedZone is undefined; pass the route53.IHostedZone that holds the domains\' records',
    );
    expect(() => CertificateValidation.fromRoute53('Z0123456789' as any)).toThrow(/hostedZone is string "Z0123456789"/);
  });

  test('fromRoute53Zones with a missing zone names its key', () => {
    const stack = newStack();
    expect(() => CertificateValidation.fromRoute53Zones({ 'example.com': zone(stack), 'example.net': undefined as any })).toThrow(
      'CertificateValidation.fromRoute53Zones(hostedZones): hostedZones["example.net"] is undefined; each value must be a route53.IHostedZone',
    );
    expect(() => CertificateValidation.fromRoute53Zones({ 'example.net': {} as any })).toThrow(/hostedZones\["example.net"\] is an object that is not a hosted zone/);
    expect(() => CertificateValidation.fromRoute53Zones(undefined as any)).toThrow(/hostedZones is undefined; pass an object of route53.IHostedZone by domain name/);
  });

  test.each([
    ['no role', () => CertificateValidation.fromRoute53CrossAccount(zone(newStack()), {} as any), /fromRoute53CrossAccount\(hostedZone, access\): access\.role is undefined; pass the iam\.IRole/],
    ['a role that is a string', () => CertificateValidation.fromRoute53CrossAccount(zone(newStack()), { role: ROLE_ARN as any }), /access\.role is string "arn:aws:iam::210987654321:role\/LightsailValidation"/],
    ['an external id STS refuses', () => CertificateValidation.fromRoute53CrossAccount(zone(newStack()), { role: iam.Role.fromRoleArn(newStack(), 'R', ROLE_ARN), externalId: 'has space' }), /access\.externalId is string "has space"; STS takes 2 to 1224/],
    ['access for a key without a zone', () => CertificateValidation.fromRoute53ZonesCrossAccount({ 'example.com': zone(newStack()) }, { 'example.org': { role: iam.Role.fromRoleArn(newStack(), 'R', ROLE_ARN) } }), /access has "example.org", which hostedZones lacks/],
  ])('%s is refused, naming the argument and the value', (_what, make, message) => {
    expect(make).toThrow(message);
  });
});
