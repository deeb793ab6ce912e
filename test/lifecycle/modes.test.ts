/**
 * The handlers against the emulator's modes for what Lightsail does not document (`EmulatorModes` in
 * `test-support/emulator/lightsail.ts`) that the other lifecycle tests leave at their default: a missing
 * name answered with NotFoundException, and DeleteCertificate that deletes a certificate still in use.
 * Create, retag and destroy end as they should.
 */
import { certificates, STACK_NAME, synth, tagsOf, useLocalLightsail, website } from './harness';
import { EmulatorModes } from '../../test-support/emulator';

const env = useLocalLightsail();

describe.each<[string, EmulatorModes]>([
  ["missingName 'not-found'", { missingName: 'not-found' }],
  ["deleteInUse 'deletes'", { deleteInUse: 'deletes' }],
])('mode %s', (_, modes) => {
  test('create, retag and destroy: one certificate, ISSUED and retagged in place; none left', async () => {
    const local = await env.restart({ emulator: { modes } });

    expect((await local.deploy(synth((stack) => { website(stack, { tags: { v: '1' } }); }), STACK_NAME)).status).toBe('CREATE_COMPLETE');
    const [created, ...others] = certificates(local.emulator);
    expect(others).toEqual([]);
    expect(created).toMatchObject({ status: 'ISSUED', inUseResourceCount: 1 });

    expect((await local.deploy(synth((stack) => { website(stack, { tags: { v: '2' } }); }), STACK_NAME)).status).toBe('UPDATE_COMPLETE');
    expect(certificates(local.emulator).map((c) => [c.arn, tagsOf(c)])).toEqual([[created.arn, { v: '2' }]]);

    expect((await local.destroy(STACK_NAME)).status).toBe('DELETE_COMPLETE');
    expect(certificates(local.emulator)).toEqual([]);
    expect(local.emulator.dns.list()).toEqual([]);
  });
});
