import { EmulatorDns, LightsailEmulator, normalizeDnsName } from '../../test-support/emulator';

describe('EmulatorDns', () => {
  test('compares names case- and trailing-dot-insensitively, one record per name and type', () => {
    const dns = new EmulatorDns();
    let changes = 0;
    dns.onChange(() => changes++);
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
    expect(normalizeDnsName(' WWW.Example.COM. ')).toBe('www.example.com');
  });

  test('list() and get() hand out copies', () => {
    const dns = new EmulatorDns();
    dns.upsert({ name: 'a.example.com', type: 'CNAME', value: 'b.example.com' });
    (dns.list()[0] as { value: string }).value = 'changed';
    expect(dns.get('a.example.com')!.value).toBe('b.example.com');
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
