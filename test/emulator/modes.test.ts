import {
  CreateCertificateCommand,
  DeleteCertificateCommand,
  GetCertificatesCommand,
  InvalidInputException,
  LightsailClient,
  NotFoundException,
} from '@aws-sdk/client-lightsail';
import * as FakeTimers from '@sinonjs/fake-timers';
import { rejectionOf, useEmulator } from './harness';
import { EmulatorModes, LightsailEmulator, MODE_VALUES, validationRecordFor } from '../../test-support/emulator';

// Sets the SDK's environment (credentials); each test starts its own emulator with the modes it needs.
useEmulator();

const ACCOUNT = '123456789012';

/** An emulator with the given modes, on a `Date` the test moves by hand, and clients for it. */
interface Env {
  readonly emu: LightsailEmulator;
  /** A real SDK client for a region (default us-east-1). */
  client(region?: string): LightsailClient;
  /** Moves the clock. */
  tick(ms: number): void;
}

async function withModes(modes: EmulatorModes, run: (env: Env) => Promise<void>): Promise<void> {
  const emu = await LightsailEmulator.start({ modes });
  const clock = FakeTimers.install({ toFake: ['Date'], now: Date.parse('2026-01-01T00:00:00Z') });
  try {
    await run({
      emu,
      client: (region = 'us-east-1') => new LightsailClient({ region, endpoint: emu.endpoint, maxAttempts: 1 }),
      tick: (ms) => clock.tick(ms),
    });
  } finally {
    clock.uninstall();
    await emu.stop();
  }
}

async function create(client: LightsailClient, name: string, domainName: string, subjectAlternativeNames?: string[]) {
  const out = await client.send(new CreateCertificateCommand({ certificateName: name, domainName, subjectAlternativeNames }));
  return out.certificate!.certificateDetail!;
}

async function detailOf(client: LightsailClient, name: string) {
  const out = await client.send(new GetCertificatesCommand({ certificateName: name, includeCertificateDetails: true }));
  return out.certificates![0].certificateDetail!;
}

async function namesListed(client: LightsailClient, certificateName?: string): Promise<string[]> {
  const out = await client.send(new GetCertificatesCommand({ certificateName }));
  return out.certificates!.map((c) => c.certificateName!);
}

test('MODE_VALUES lists each enumerated mode, the default first', () => {
  expect(MODE_VALUES).toEqual({
    missingName: ['empty-list', 'not-found'],
    validationRecords: ['per-account-domain', 'per-certificate'],
    deleteInUse: ['error', 'deletes'],
    quotaRefusal: ['invalid-input', 'service-exception'],
    distributionAttach: ['applied', 'in-progress'],
    domainEntryNames: ['lower-case', 'as-written', 'trailing-dot'],
    domainEntryTargets: ['as-written', 'trailing-dot'],
    duplicateDomainEntry: ['refused', 'duplicated'],
  });
});

describe('missingName', () => {
  test("'empty-list': an empty certificates array", async () => {
    await withModes({ missingName: 'empty-list' }, async ({ client }) => {
      const out = await client().send(new GetCertificatesCommand({ certificateName: 'nope', includeCertificateDetails: true }));
      expect(out.certificates).toEqual([]);
    });
  });

  test("'not-found': NotFoundException, HTTP 400; names that exist and unnamed listings are unaffected", async () => {
    await withModes({ missingName: 'not-found' }, async ({ client }) => {
      const error = await rejectionOf(client().send(new GetCertificatesCommand({ certificateName: 'nope' })));
      expect(error).toBeInstanceOf(NotFoundException);
      expect(error.name).toBe('NotFoundException');
      expect(error.message).toMatch(/DoesNotExist.*"nope"/);
      expect(error.$metadata?.httpStatusCode).toBe(400);

      await create(client(), 'there', 'example.com');
      expect(await namesListed(client(), 'there')).toEqual(['there']);
      expect(await namesListed(client('eu-west-1'))).toEqual([]);
    });
  });
});

describe('validationRecords', () => {
  test("'per-account-domain': one record per domain for every certificate in every region; one CNAME validates them all", async () => {
    await withModes({ validationRecords: 'per-account-domain' }, async ({ emu, client }) => {
      const east = await create(client(), 'east', 'example.com', ['www.example.com']);
      const west = await create(client('eu-west-1'), 'west', 'example.com');
      const shared = validationRecordFor('example.com', ACCOUNT);
      expect(east.domainValidationRecords![0].resourceRecord).toEqual(shared);
      expect(west.domainValidationRecords![0].resourceRecord).toEqual(shared);

      emu.dns.upsert(shared);
      emu.dns.upsert(validationRecordFor('www.example.com', ACCOUNT));
      expect(emu.certificates().map((c) => [c.name, c.status])).toEqual([['east', 'ISSUED'], ['west', 'ISSUED']]);
    });
  });

  test("'per-certificate': each certificate has its own record name and value; each validates only its own", async () => {
    await withModes({ validationRecords: 'per-certificate' }, async ({ emu, client }) => {
      const one = (await create(client(), 'one', 'example.com')).domainValidationRecords![0].resourceRecord!;
      const two = (await create(client('eu-west-1'), 'two', 'example.com')).domainValidationRecords![0].resourceRecord!;
      const shared = validationRecordFor('example.com', ACCOUNT);
      expect(one.type).toBe('CNAME');
      expect(one.name).toMatch(/^_[0-9a-f]{32}\.example\.com\.$/);
      expect(new Set([one.name, two.name, shared.name]).size).toBe(3);
      expect(new Set([one.value, two.value, shared.value]).size).toBe(3);
      // A certificate's record stays the same from read to read.
      expect((await detailOf(client(), 'one')).domainValidationRecords![0].resourceRecord).toEqual(one);
      expect(one).toEqual(validationRecordFor('example.com', ACCOUNT, emu.certificate('us-east-1', 'one')!.arn));

      emu.dns.upsert(shared);
      expect(emu.certificates().map((c) => c.status)).toEqual(['PENDING_VALIDATION', 'PENDING_VALIDATION']);
      emu.dns.upsert({ name: one.name!, type: one.type!, value: one.value! });
      expect(emu.certificates().map((c) => c.status)).toEqual(['ISSUED', 'PENDING_VALIDATION']);
      emu.dns.upsert({ name: two.name!, type: two.type!, value: two.value! });
      expect(emu.certificates().map((c) => c.status)).toEqual(['ISSUED', 'ISSUED']);
    });
  });
});

describe('recordDelayMs and recordsNeverFor', () => {
  test('records appear recordDelayMs after CreateCertificate; until then the domain cannot validate', async () => {
    await withModes({ recordDelayMs: 30_000 }, async ({ emu, client, tick }) => {
      const created = await create(client(), 'slow', 'example.com', ['www.example.com']);
      expect(created.domainValidationRecords).toEqual([
        { domainName: 'example.com', validationStatus: 'PENDING_VALIDATION' },
        { domainName: 'www.example.com', validationStatus: 'PENDING_VALIDATION' },
      ]);
      // The shared records are already in DNS (another certificate's, say): they count only once produced.
      emu.dns.upsert(validationRecordFor('example.com', ACCOUNT));
      emu.dns.upsert(validationRecordFor('www.example.com', ACCOUNT));
      tick(29_999);
      const early = await detailOf(client(), 'slow');
      expect(early.status).toBe('PENDING_VALIDATION');
      expect(early.domainValidationRecords!.map((r) => r.resourceRecord)).toEqual([undefined, undefined]);
      expect(emu.certificate('us-east-1', 'slow')!.domainValidationRecords.map((r) => r.resourceRecord)).toEqual([undefined, undefined]);

      tick(1);
      const late = await detailOf(client(), 'slow');
      expect(late.domainValidationRecords!.map((r) => r.resourceRecord)).toEqual([
        validationRecordFor('example.com', ACCOUNT),
        validationRecordFor('www.example.com', ACCOUNT),
      ]);
      expect(late.status).toBe('ISSUED');
    });
  });

  test('domains in recordsNeverFor never get a record, so the certificate times out', async () => {
    await withModes({ recordsNeverFor: ['Reserved.Example.com.'] }, async ({ emu, client, tick }) => {
      const created = await create(client(), 'stuck', 'example.com', ['reserved.example.com']);
      expect(created.domainValidationRecords!.map((r) => r.resourceRecord?.type)).toEqual(['CNAME', undefined]);
      emu.dns.upsert(validationRecordFor('example.com', ACCOUNT));
      // Even the record the domain would have had does not help.
      emu.dns.upsert(validationRecordFor('reserved.example.com', ACCOUNT));
      tick(72 * 3600 * 1000 - 1);
      const pending = await detailOf(client(), 'stuck');
      expect(pending.status).toBe('PENDING_VALIDATION');
      expect(pending.domainValidationRecords!.map((r) => [r.resourceRecord?.type, r.validationStatus])).toEqual([
        ['CNAME', 'SUCCESS'],
        [undefined, 'PENDING_VALIDATION'],
      ]);
      tick(1);
      expect((await detailOf(client(), 'stuck')).status).toBe('VALIDATION_TIMED_OUT');
      // Subdomains are not affected.
      expect((await create(client(), 'sub', 'www.reserved.example.com')).domainValidationRecords![0].resourceRecord).toBeDefined();
    });
  });

  test('Lightsail writes the records of its own zones only once it has produced them', async () => {
    await withModes({ recordDelayMs: 10_000, recordsNeverFor: ['never.example.com'] }, async ({ emu, client, tick }) => {
      emu.addLightsailDomain('example.com');
      await create(client(), 'auto', 'example.com', ['never.example.com']);
      const states = async () => (await detailOf(client(), 'auto')).domainValidationRecords!.map((r) => r.dnsRecordCreationState?.code);
      expect(await states()).toEqual(['STARTED', 'STARTED']);
      tick(10_000);
      expect(await states()).toEqual(['SUCCEEDED', 'STARTED']);
      expect(emu.dns.list()).toEqual([validationRecordFor('example.com', ACCOUNT)]);
    });
  });
});

describe('deleteInUse and inUseLagMs', () => {
  test("'error': InvalidInputException saying the certificate is in use", async () => {
    await withModes({ deleteInUse: 'error' }, async ({ emu, client }) => {
      await create(client(), 'cdn', 'example.com');
      emu.attach('us-east-1', 'cdn');
      const error = await rejectionOf(client().send(new DeleteCertificateCommand({ certificateName: 'cdn' })));
      expect(error).toBeInstanceOf(InvalidInputException);
      expect(error.$metadata?.httpStatusCode).toBe(400);
      expect(error.message).toMatch(/"cdn" is in use by 1 resource/);
      expect(error).toMatchObject({ code: 'ResourceInUse' });
      expect(emu.certificate('us-east-1', 'cdn')).toBeDefined();
    });
  });

  test("'deletes': DeleteCertificate succeeds while in use", async () => {
    await withModes({ deleteInUse: 'deletes' }, async ({ emu, client }) => {
      await create(client(), 'cdn', 'example.com');
      emu.attach('us-east-1', 'cdn');
      await client().send(new DeleteCertificateCommand({ certificateName: 'cdn' }));
      expect(emu.certificates()).toEqual([]);
    });
  });

  test('inUseLagMs: inUseResourceCount reads 0 while DeleteCertificate still refuses, for that long after the detach', async () => {
    await withModes({ inUseLagMs: 20_000 }, async ({ emu, client, tick }) => {
      await create(client(), 'cdn', 'example.com');
      emu.attach('us-east-1', 'cdn');
      emu.detach('us-east-1', 'cdn', { afterMs: 5_000 });
      tick(5_000);
      expect((await detailOf(client(), 'cdn')).inUseResourceCount).toBe(0);
      const refused = await rejectionOf(client().send(new DeleteCertificateCommand({ certificateName: 'cdn' })));
      expect(refused).toBeInstanceOf(InvalidInputException);
      expect(refused.message).toMatch(/in use/);
      tick(19_999);
      expect(await rejectionOf(client().send(new DeleteCertificateCommand({ certificateName: 'cdn' })))).toBeInstanceOf(InvalidInputException);
      tick(1);
      await client().send(new DeleteCertificateCommand({ certificateName: 'cdn' }));
      expect(emu.certificates()).toEqual([]);
    });
  });
});

describe('seedCertificate', () => {
  test('puts a certificate made by someone else into the account: ISSUED by default, no call logged', async () => {
    await withModes({ recordDelayMs: 60_000 }, async ({ emu, client }) => {
      const seeded = emu.seedCertificate({
        region: 'eu-west-1',
        name: 'hand-made',
        domainName: 'example.com',
        subjectAlternativeNames: ['www.example.com'],
        tags: [{ key: 'owner', value: 'someone-else' }, { key: 'flag' }],
      });
      expect(seeded).toMatchObject({ region: 'eu-west-1', name: 'hand-made', status: 'ISSUED', subjectAlternativeNames: ['example.com', 'www.example.com'] });
      expect(emu.calls.count()).toBe(0);

      const out = await client('eu-west-1').send(new GetCertificatesCommand({ certificateName: 'hand-made', includeCertificateDetails: true }));
      const summary = out.certificates![0];
      expect(summary.tags).toEqual([{ key: 'owner', value: 'someone-else' }, { key: 'flag' }]);
      expect(summary.certificateDetail).toMatchObject({ status: 'ISSUED', issuedAt: expect.any(Date), notAfter: expect.any(Date) });
      // Made earlier: its records exist already, whatever recordDelayMs says.
      expect(summary.certificateDetail!.domainValidationRecords!.map((r) => [r.resourceRecord, r.validationStatus])).toEqual([
        [validationRecordFor('example.com', ACCOUNT), 'SUCCESS'],
        [validationRecordFor('www.example.com', ACCOUNT), 'SUCCESS'],
      ]);
      // It takes its name like any other.
      expect(await rejectionOf(create(client('eu-west-1'), 'hand-made', 'example.org'))).toBeInstanceOf(InvalidInputException);
      expect(() => emu.seedCertificate({ region: 'eu-west-1', name: 'hand-made', domainName: 'example.org' })).toThrow(/already exists/);
    });
  });

  test('in any status: pending ones validate as usual', async () => {
    await withModes({}, async ({ emu }) => {
      emu.seedCertificate({ region: 'us-east-1', name: 'pending', domainName: 'example.com', status: 'PENDING_VALIDATION' });
      emu.seedCertificate({ region: 'us-east-1', name: 'failed', domainName: 'example.net', status: 'FAILED' });
      expect(emu.certificate('us-east-1', 'pending')!.status).toBe('PENDING_VALIDATION');
      emu.dns.upsert(validationRecordFor('example.com', ACCOUNT));
      expect(emu.certificate('us-east-1', 'pending')!.status).toBe('ISSUED');
      expect(emu.certificate('us-east-1', 'failed')).toMatchObject({ status: 'FAILED', requestFailureReason: 'OTHER' });
    });
  });
});
