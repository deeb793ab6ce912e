import {
  CreateCertificateCommand,
  DeleteCertificateCommand,
  GetCertificatesCommand,
  InvalidInputException,
  LightsailClient,
} from '@aws-sdk/client-lightsail';
import FakeTimers, { InstalledClock } from '@sinonjs/fake-timers';
import { lightsail, rejectionOf, useEmulator } from './harness';
import { LightsailEmulator, validationRecordFor } from '../../test-support/emulator';

const handle = useEmulator();
const ACCOUNT = '123456789012';

async function detailOf(name: string, client: LightsailClient = lightsail()) {
  const out = await client.send(new GetCertificatesCommand({ certificateName: name, includeCertificateDetails: true }));
  return out.certificates![0].certificateDetail!;
}

async function create(name: string, domainName: string, subjectAlternativeNames?: string[], client: LightsailClient = lightsail()) {
  const out = await client.send(new CreateCertificateCommand({ certificateName: name, domainName, subjectAlternativeNames }));
  return out.certificate!.certificateDetail!;
}

let clock: InstalledClock | undefined;
afterEach(() => {
  clock?.uninstall();
  clock = undefined;
});

describe('validation through the emulator DNS', () => {
  test('ISSUED once every domain has its CNAME, whatever the case and trailing dot of the record', async () => {
    await create('site', 'example.com', ['www.example.com']);
    const apex = validationRecordFor('example.com', ACCOUNT);
    handle.emu.dns.upsert(apex);
    const half = await detailOf('site');
    expect(half.status).toBe('PENDING_VALIDATION');
    expect(half.domainValidationRecords!.map((r) => r.validationStatus)).toEqual(['SUCCESS', 'PENDING_VALIDATION']);

    const www = validationRecordFor('www.example.com', ACCOUNT);
    handle.emu.dns.upsert({ name: www.name.toUpperCase().replace(/\.$/, ''), type: 'cname', value: www.value.toUpperCase() });
    const done = await detailOf('site');
    expect(done.status).toBe('ISSUED');
    expect(done.domainValidationRecords!.map((r) => r.validationStatus)).toEqual(['SUCCESS', 'SUCCESS']);
    expect(done.issuedAt).toBeInstanceOf(Date);
    expect(done.notBefore).toEqual(done.issuedAt);
    expect(done.notAfter!.getTime() - done.issuedAt!.getTime()).toBe(395 * 24 * 3600 * 1000);
    expect(done.serialNumber).toMatch(/^([0-9a-f]{2}:){15}[0-9a-f]{2}$/);
    expect(done.requestFailureReason).toBeUndefined();
  });

  test('a CNAME with the wrong value, or one removed again, does not validate', async () => {
    await create('site', 'example.com');
    const record = validationRecordFor('example.com', ACCOUNT);
    handle.emu.dns.upsert({ ...record, value: '_wrong.acm-validations.aws.' });
    expect((await detailOf('site')).status).toBe('PENDING_VALIDATION');
    expect(handle.emu.dns.delete(record.name)).toBe(true);
    expect(handle.emu.dns.list()).toEqual([]);
    expect((await detailOf('site')).status).toBe('PENDING_VALIDATION');
  });

  test('records written before the request validate it on the first read', async () => {
    handle.emu.dns.upsert(validationRecordFor('example.com', ACCOUNT));
    const created = await create('site', 'example.com');
    expect(created.status).toBe('PENDING_VALIDATION');
    expect((await detailOf('site')).status).toBe('ISSUED');
  });

  test('a faked Date drives the validation delay and the 72-hour timeout', async () => {
    const slow = await LightsailEmulator.start({ validationDelayMs: 60_000 });
    try {
      const client = new LightsailClient({ region: 'us-east-1', endpoint: slow.endpoint });
      clock = FakeTimers.install({ toFake: ['Date'], now: Date.parse('2026-01-01T00:00:00Z') });
      await create('slow', 'example.com', undefined, client);
      await create('never', 'example.net', undefined, client);
      slow.dns.upsert(validationRecordFor('example.com', ACCOUNT));
      clock.tick(59_999);
      expect((await detailOf('slow', client)).status).toBe('PENDING_VALIDATION');
      clock.tick(1);
      const issued = await detailOf('slow', client);
      expect(issued.status).toBe('ISSUED');
      expect(issued.issuedAt).toEqual(new Date('2026-01-01T00:01:00Z'));

      clock.tick(72 * 3600 * 1000 - 60_001);
      expect((await detailOf('never', client)).status).toBe('PENDING_VALIDATION');
      clock.tick(1);
      expect((await detailOf('never', client)).status).toBe('VALIDATION_TIMED_OUT');
    } finally {
      await slow.stop();
    }
  });
});

describe('domains in Lightsail DNS', () => {
  test('Lightsail writes the records itself: STARTED, then SUCCEEDED and ISSUED', async () => {
    handle.emu.addLightsailDomain('example.com');
    const created = await create('auto', 'example.com', ['www.example.com']);
    expect(created.domainValidationRecords!.map((r) => r.dnsRecordCreationState)).toEqual([{ code: 'STARTED' }, { code: 'STARTED' }]);
    const read = await detailOf('auto');
    expect(read.domainValidationRecords!.map((r) => r.dnsRecordCreationState)).toEqual([{ code: 'SUCCEEDED' }, { code: 'SUCCEEDED' }]);
    expect(read.status).toBe('ISSUED');
    expect(handle.emu.dns.has(validationRecordFor('www.example.com', ACCOUNT))).toBe(true);
  });

  test('only domains in the zone are automatic; the others wait for their CNAME', async () => {
    handle.emu.addLightsailDomain('example.com');
    const created = await create('mixed', 'example.com', ['example.net']);
    expect(created.domainValidationRecords![1].dnsRecordCreationState).toBeUndefined();
    const read = await detailOf('mixed');
    expect(read.status).toBe('PENDING_VALIDATION');
    expect(read.domainValidationRecords!.map((r) => r.validationStatus)).toEqual(['SUCCESS', 'PENDING_VALIDATION']);
    handle.emu.dns.upsert(validationRecordFor('example.net', ACCOUNT));
    expect((await detailOf('mixed')).status).toBe('ISSUED');
  });

  test('record creation can be made to fail: FAILED with its message, certificate still pending', async () => {
    handle.emu.addLightsailDomain('example.com', { recordCreationFailure: 'The DNS zone is locked.' });
    await create('broken', 'www.example.com');
    const read = await detailOf('broken');
    expect(read.domainValidationRecords![0].dnsRecordCreationState).toEqual({ code: 'FAILED', message: 'The DNS zone is locked.' });
    expect(read.status).toBe('PENDING_VALIDATION');
    expect(handle.emu.dns.list()).toEqual([]);
  });
});

describe('failed requests and forced statuses', () => {
  test('failDomain: FAILED with the reason, the bad domain FAILED', async () => {
    handle.emu.failDomain('bad.example.com');
    await create('bad', 'example.com', ['bad.example.com']);
    const read = await detailOf('bad');
    expect(read.status).toBe('FAILED');
    expect(read.requestFailureReason).toBe('DOMAIN_NOT_ALLOWED');
    expect(read.domainValidationRecords!.map((r) => r.validationStatus)).toEqual(['PENDING_VALIDATION', 'FAILED']);
  });

  test('failDomain on a pending certificate, with another reason; subdomains are not affected', async () => {
    await create('later-bad', 'example.org');
    await create('sub', 'www.example.org');
    handle.emu.failDomain('example.org', 'INVALID_PUBLIC_DOMAIN');
    expect(handle.emu.certificate('us-east-1', 'later-bad')).toMatchObject({ status: 'FAILED', requestFailureReason: 'INVALID_PUBLIC_DOMAIN' });
    expect(handle.emu.certificate('us-east-1', 'sub')!.status).toBe('PENDING_VALIDATION');
  });

  test.each([
    ['VALIDATION_TIMED_OUT', undefined, {}],
    ['EXPIRED', undefined, {}],
    ['INACTIVE', undefined, {}],
    ['FAILED', 'OTHER', { requestFailureReason: 'OTHER' }],
    ['REVOKED', 'KEY_COMPROMISE', { revocationReason: 'KEY_COMPROMISE' }],
  ] as const)('setStatus %s', async (status, reason, extra) => {
    await create('forced', 'example.com');
    handle.emu.setStatus('us-east-1', 'forced', status, { reason });
    const read = await detailOf('forced');
    expect(read).toMatchObject({ status, ...extra });
    if (status === 'REVOKED') {
      expect(read.revokedAt).toBeInstanceOf(Date);
    }
    // A forced status is final: records written now change nothing.
    handle.emu.dns.upsert(validationRecordFor('example.com', ACCOUNT));
    expect((await detailOf('forced')).status).toBe(status);
  });

  test('setStatus ISSUED issues at once; setStatus on a missing certificate throws', async () => {
    await create('forced', 'example.com');
    handle.emu.setStatus('us-east-1', 'forced', 'ISSUED');
    expect(await detailOf('forced')).toMatchObject({ status: 'ISSUED', issuedAt: expect.any(Date) });
    expect(() => handle.emu.setStatus('us-east-1', 'missing', 'ISSUED')).toThrow(/DoesNotExist/);
  });
});

describe('in use by other resources', () => {
  test('DeleteCertificate is refused while in use, and succeeds once a delayed detach has passed', async () => {
    clock = FakeTimers.install({ toFake: ['Date'] });
    await create('cdn', 'example.com');
    handle.emu.dns.upsert(validationRecordFor('example.com', ACCOUNT));
    expect(handle.emu.attach('us-east-1', 'cdn')).toBe(1);
    expect(handle.emu.attach('us-east-1', 'cdn')).toBe(2);
    expect(await detailOf('cdn')).toMatchObject({ inUseResourceCount: 2, eligibleToRenew: 'ELIGIBLE' });

    handle.emu.detach('us-east-1', 'cdn');
    handle.emu.detach('us-east-1', 'cdn', { afterMs: 300_000 });
    expect((await detailOf('cdn')).inUseResourceCount).toBe(1);
    const refused = await rejectionOf(lightsail().send(new DeleteCertificateCommand({ certificateName: 'cdn' })));
    expect(refused).toBeInstanceOf(InvalidInputException);
    expect(refused.message).toMatch(/in use/);

    clock.tick(300_000);
    expect((await detailOf('cdn')).inUseResourceCount).toBe(0);
    await lightsail().send(new DeleteCertificateCommand({ certificateName: 'cdn' }));
    expect(handle.emu.certificates()).toEqual([]);
  });

  test('detach without attach, or of a missing certificate, throws', async () => {
    await create('free', 'example.com');
    expect(() => handle.emu.detach('us-east-1', 'free')).toThrow(/not attached/);
    expect(() => handle.emu.attach('us-east-1', 'missing')).toThrow(/DoesNotExist/);
  });
});

describe('introspection', () => {
  test('certificates() lists every region with full state, the records whatever the faults', async () => {
    handle.emu.faults.setLateValidationRecords(5);
    await create('one', 'example.com');
    await create('two', 'example.net', undefined, lightsail('eu-central-1'));
    const all = handle.emu.certificates();
    expect(all.map((c) => [c.region, c.name, c.status])).toEqual([
      ['us-east-1', 'one', 'PENDING_VALIDATION'],
      ['eu-central-1', 'two', 'PENDING_VALIDATION'],
    ]);
    expect(all[0].domainValidationRecords[0].resourceRecord).toEqual(validationRecordFor('example.com', ACCOUNT));
  });
});
