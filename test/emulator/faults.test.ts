import {
  CreateCertificateCommand,
  DeleteCertificateCommand,
  GetCertificatesCommand,
  InvalidInputException,
  LightsailServiceException,
  ServiceException,
} from '@aws-sdk/client-lightsail';
import { lightsail, rejectionOf, useEmulator } from './harness';

const handle = useEmulator();

async function createOne(name = 'cert') {
  await lightsail().send(new CreateCertificateCommand({ certificateName: name, domainName: `${name}.example.com` }));
}

describe('per-call faults, scripted', () => {
  test('throttling is retried by the SDK to success', async () => {
    handle.emu.faults.script({ kind: 'throttling' });
    const out = await lightsail().send(new GetCertificatesCommand({}));
    expect(out.$metadata.attempts).toBe(2);
    expect(handle.emu.calls.list().map((c) => [c.operation, c.outcome, c.httpStatus, c.fault])).toEqual([
      ['GetCertificates', 'ThrottlingException', 400, 'throttling'],
      ['GetCertificates', 'ok', 200, undefined],
    ]);
  });

  test('throttling surfaces as ThrottlingException when retries are off', async () => {
    handle.emu.faults.script({ kind: 'throttling' });
    const error = await rejectionOf(lightsail('us-east-1', { maxAttempts: 1 }).send(new GetCertificatesCommand({})));
    expect(error).toBeInstanceOf(LightsailServiceException);
    expect(error.name).toBe('ThrottlingException');
    expect(error.$metadata?.httpStatusCode).toBe(400);
  });

  test('dropped connections are retried by the SDK as transient errors', async () => {
    await createOne();
    handle.emu.calls.clear();
    handle.emu.faults.script({ kind: 'drop', times: 2 });
    const out = await lightsail().send(new GetCertificatesCommand({}));
    expect(out.$metadata.attempts).toBe(3);
    expect(out.certificates).toHaveLength(1);
    expect(handle.emu.calls.list().map((c) => [c.outcome, c.httpStatus])).toEqual([['dropped', undefined], ['dropped', undefined], ['ok', 200]]);
  });

  test('a connection dropped after the request was applied: the retried Create meets its own certificate', async () => {
    handle.emu.faults.script({ kind: 'dropAfterApply', operation: 'CreateCertificate' });
    const error = await rejectionOf(lightsail().send(new CreateCertificateCommand({ certificateName: 'twice', domainName: 'example.com' })));
    expect(error).toBeInstanceOf(InvalidInputException);
    expect(error.message).toMatch(/already exists/);
    expect(error.$metadata?.attempts).toBe(2);
    expect(handle.emu.certificates().map((c) => c.name)).toEqual(['twice']);
  });

  test('ServiceException is retried, and surfaces when the retries are exhausted', async () => {
    handle.emu.faults.script({ kind: 'serviceException' });
    expect((await lightsail().send(new GetCertificatesCommand({}))).$metadata.attempts).toBe(2);

    handle.emu.faults.script({ kind: 'serviceException', times: 2 });
    const error = await rejectionOf(lightsail('us-east-1', { maxAttempts: 2 }).send(new GetCertificatesCommand({})));
    expect(error).toBeInstanceOf(ServiceException);
    expect(error.$metadata).toMatchObject({ httpStatusCode: 500, attempts: 2 });
  });

  test('ServiceException surfaces at once with maxAttempts 1', async () => {
    handle.emu.faults.script({ kind: 'serviceException' });
    const error = await rejectionOf(lightsail('us-east-1', { maxAttempts: 1 }).send(new GetCertificatesCommand({})));
    expect(error).toBeInstanceOf(ServiceException);
    expect(error.$metadata).toMatchObject({ httpStatusCode: 500, attempts: 1 });
    expect(handle.emu.calls.count({ outcome: 'ServiceException' })).toBe(1);
  });

  test('a fault scripted for one operation waits for that operation', async () => {
    await createOne();
    handle.emu.faults.script({ kind: 'throttling', operation: 'DeleteCertificate' }, { kind: 'serviceException', times: 3 });
    expect(handle.emu.faults.pending()).toEqual([
      { kind: 'throttling', operation: 'DeleteCertificate', times: 1 },
      { kind: 'serviceException', times: 3 },
    ]);
    const client = lightsail('us-east-1', { maxAttempts: 1 });
    // GetCertificates skips the Delete-only throttle and takes the next fault in the queue.
    expect(await rejectionOf(client.send(new GetCertificatesCommand({})))).toBeInstanceOf(ServiceException);
    const error = await rejectionOf(client.send(new DeleteCertificateCommand({ certificateName: 'cert' })));
    expect(error.name).toBe('ThrottlingException');
    expect(handle.emu.faults.pending()).toEqual([{ kind: 'serviceException', times: 2 }]);
  });
});

describe('per-call faults, by rate', () => {
  async function outcomes(calls: number): Promise<string[]> {
    const client = lightsail('us-east-1', { maxAttempts: 1 });
    for (let i = 0; i < calls; i++) {
      await client.send(new GetCertificatesCommand({})).catch(() => undefined);
    }
    return handle.emu.calls.list().map((c) => c.outcome);
  }

  test('the same seed injects the same faults, call for call', async () => {
    const rates = { seed: 42, throttling: 0.25, serviceException: 0.25, drop: 0.2 };
    handle.emu.faults.setRates(rates);
    const first = await outcomes(40);
    handle.emu.calls.clear();
    handle.emu.faults.setRates(rates);
    const second = await outcomes(40);
    expect(second).toEqual(first);
    expect(new Set(first)).toEqual(new Set(['ok', 'ThrottlingException', 'ServiceException', 'dropped']));

    handle.emu.calls.clear();
    handle.emu.faults.setRates({ ...rates, seed: 7 });
    expect(await outcomes(40)).not.toEqual(first);
  });

  test('clear() turns them off', async () => {
    handle.emu.faults.setRates({ throttling: 1 });
    handle.emu.faults.clear();
    expect(await outcomes(2)).toEqual(['ok', 'ok']);
  });
});

describe('per-certificate faults', () => {
  test('late validation records: absent from the Create result and the first K detailed reads', async () => {
    handle.emu.faults.setLateValidationRecords(2);
    const client = lightsail();
    const created = await client.send(new CreateCertificateCommand({ certificateName: 'late', domainName: 'example.com', subjectAlternativeNames: ['www.example.com'] }));
    expect(created.certificate!.certificateDetail!.domainValidationRecords).toEqual([
      { domainName: 'example.com', validationStatus: 'PENDING_VALIDATION' },
      { domainName: 'www.example.com', validationStatus: 'PENDING_VALIDATION' },
    ]);
    const read = async () => (await client.send(new GetCertificatesCommand({ certificateName: 'late', includeCertificateDetails: true })))
      .certificates![0].certificateDetail!.domainValidationRecords!.map((r) => r.resourceRecord?.type);
    // Summary reads show no records anyway and do not count.
    await client.send(new GetCertificatesCommand({ certificateName: 'late' }));
    expect(await read()).toEqual([undefined, undefined]);
    expect(await read()).toEqual([undefined, undefined]);
    expect(await read()).toEqual(['CNAME', 'CNAME']);
    // Only certificates created while the fault was set are affected.
    handle.emu.faults.setLateValidationRecords(0);
    const next = await client.send(new CreateCertificateCommand({ certificateName: 'prompt', domainName: 'example.net' }));
    expect(next.certificate!.certificateDetail!.domainValidationRecords![0].resourceRecord).toBeDefined();
  });

  test('empty list right after create', async () => {
    handle.emu.faults.setEmptyListAfterCreate(2);
    await createOne('fresh');
    const client = lightsail();
    expect((await client.send(new GetCertificatesCommand({ certificateName: 'fresh' }))).certificates).toEqual([]);
    expect((await client.send(new GetCertificatesCommand({}))).certificates).toEqual([]);
    expect((await client.send(new GetCertificatesCommand({ certificateName: 'fresh' }))).certificates).toHaveLength(1);
  });
});

describe('call log', () => {
  test('counts calls per operation, region and outcome, with inputs', async () => {
    const client = lightsail();
    await createOne('a1');
    await createOne('b1');
    await client.send(new GetCertificatesCommand({ certificateName: 'a1', includeCertificateDetails: true }));
    await client.send(new GetCertificatesCommand({}));
    await lightsail('eu-west-1').send(new GetCertificatesCommand({}));
    await client.send(new DeleteCertificateCommand({ certificateName: 'b1' }));
    await rejectionOf(client.send(new DeleteCertificateCommand({ certificateName: 'b1' })));
    const log = handle.emu.calls;
    expect(log.countsByOperation()).toEqual({ CreateCertificate: 2, GetCertificates: 3, DeleteCertificate: 2 });
    expect(log.count({ operation: 'GetCertificates', region: 'us-east-1' })).toBe(2);
    expect(log.count({ outcome: 'NotFoundException' })).toBe(1);
    expect(log.list({ operation: 'GetCertificates' })[0].input).toEqual({ certificateName: 'a1', includeCertificateDetails: true });
    expect(log.list().map((c) => c.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });
});
