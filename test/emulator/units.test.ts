import {
  EmulatorDns,
  LightsailEmulator,
  LightsailError,
  normalizeDnsName,
  parseSignedScope,
  seededRandom,
} from '../../test-support/emulator';
import { DomainRegistry } from '../../test-support/emulator/domain-registry';

describe('EmulatorDns', () => {
  test('compares names case- and trailing-dot-insensitively, one record per name and type', () => {
    const dns = new EmulatorDns();
    let changes = 0;
    const unsubscribe = dns.onChange(() => changes++);
    dns.upsert({ name: '_a.Example.com.', type: 'CNAME', value: '_b.acm-validations.aws.' });
    dns.upsert({ name: '_a.example.com', type: 'cname', value: '_c.acm-validations.aws.' });
    dns.upsert({ name: '_a.example.com', type: 'TXT', value: 'hello' });
    expect(dns.list()).toHaveLength(2);
    expect(dns.get('_A.EXAMPLE.COM.')).toEqual({ name: '_a.example.com', type: 'cname', value: '_c.acm-validations.aws.' });
    expect(dns.has({ name: '_a.example.com.', type: 'CNAME', value: '_C.ACM-VALIDATIONS.AWS' })).toBe(true);
    expect(dns.has({ name: '_a.example.com.', type: 'CNAME', value: '_b.acm-validations.aws.' })).toBe(false);
    expect(dns.delete('_a.example.com', 'txt')).toBe(true);
    expect(dns.delete('_a.example.com', 'txt')).toBe(false);
    expect(changes).toBe(4);
    unsubscribe();
    dns.clear();
    expect(changes).toBe(4);
    expect(dns.list()).toEqual([]);
    expect(normalizeDnsName(' WWW.Example.COM. ')).toBe('www.example.com');
  });

  test('list() and get() hand out copies', () => {
    const dns = new EmulatorDns();
    dns.upsert({ name: 'a.example.com', type: 'CNAME', value: 'b.example.com' });
    (dns.list()[0] as { value: string }).value = 'changed';
    expect(dns.get('a.example.com')!.value).toBe('b.example.com');
  });
});

describe('parseSignedScope', () => {
  test('reads region, service and access key from a SigV4 Authorization header', () => {
    expect(parseSignedScope('AWS4-HMAC-SHA256 Credential=AKID/20261129/eu-west-3/lightsail/aws4_request, SignedHeaders=host, Signature=abc'))
      .toEqual({ region: 'eu-west-3', service: 'lightsail', accessKeyId: 'AKID' });
    expect(parseSignedScope(undefined)).toBeUndefined();
    expect(parseSignedScope('Bearer token')).toBeUndefined();
    expect(parseSignedScope('AWS4-HMAC-SHA256 SignedHeaders=host')).toBeUndefined();
  });
});

describe('seededRandom', () => {
  test('is deterministic per seed and stays in [0, 1)', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const c = seededRandom(43);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(xs);
    expect(c()).not.toBe(xs[0]);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(mean).toBeGreaterThan(0.4);
    expect(mean).toBeLessThan(0.6);
    expect(seededRandom(0)()).toBeGreaterThanOrEqual(0);
  });
});

describe('DomainRegistry', () => {
  test('finds the most specific Lightsail zone and knows bad and Amazon-owned domains', () => {
    const registry = new DomainRegistry();
    registry.addLightsailZone('example.com');
    registry.addLightsailZone('Sub.Example.com.', 'locked');
    expect(registry.lightsailZoneFor('www.example.com')).toEqual({ zone: 'example.com', recordCreationFailure: undefined });
    expect(registry.lightsailZoneFor('a.sub.example.com')).toEqual({ zone: 'sub.example.com', recordCreationFailure: 'locked' });
    expect(registry.lightsailZoneFor('example.net')).toBeUndefined();
    registry.failDomain('Bad.example.com', 'OTHER');
    expect(registry.failureFor('bad.example.com.')).toBe('OTHER');
    expect(registry.failureFor('x.bad.example.com')).toBeUndefined();
    expect(registry.failureFor('my-bucket.s3.amazonaws.com')).toBe('ADDITIONAL_VERIFICATION_REQUIRED');
    expect(registry.failureFor('elasticbeanstalk.com')).toBe('ADDITIONAL_VERIFICATION_REQUIRED');
    expect(registry.failureFor('notamazonaws.com')).toBeUndefined();
    registry.clear();
    expect(registry.lightsailZoneFor('www.example.com')).toBeUndefined();
  });
});

describe('LightsailError', () => {
  test('ServiceException is the only 5xx; the wire body has every member', () => {
    expect(new LightsailError('ServiceException', 'x').httpStatus).toBe(500);
    const error = new LightsailError('NotFoundException', 'gone', { code: 'DoesNotExist', tip: 'look elsewhere' });
    expect(error.httpStatus).toBe(400);
    expect(error.toWire()).toEqual({ __type: 'NotFoundException', message: 'gone', code: 'DoesNotExist', docs: expect.stringMatching(/^https:/), tip: 'look elsewhere' });
    expect(new LightsailError('InvalidInputException', 'bad').code).toBe('InvalidInput');
  });
});

describe('LightsailEmulator', () => {
  test('listens on 127.0.0.1, and has no endpoint once stopped', async () => {
    const emu = await LightsailEmulator.start();
    expect(emu.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(emu.accountId).toBe('123456789012');
    await emu.stop();
    expect(() => emu.endpoint).toThrow(/not running/);
    await emu.stop();
  });
});
