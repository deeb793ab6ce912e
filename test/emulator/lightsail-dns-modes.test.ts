/** The emulator's Lightsail DNS zones under each unverified mode, on the wire, through the real SDK. */
import { CreateDomainEntryCommand, DeleteDomainEntryCommand, GetDomainCommand, LightsailClient } from '@aws-sdk/client-lightsail';
import { useEmulator } from './harness';
import { EmulatorModes, LightsailEmulator } from '../../test-support/emulator';

// Sets the SDK's environment (credentials); each test starts its own emulator with the modes it needs.
useEmulator();

async function withZone(modes: EmulatorModes, run: (client: LightsailClient, emu: LightsailEmulator) => Promise<void>): Promise<void> {
  const emu = await LightsailEmulator.start({ modes });
  emu.addLightsailDomain('example.com');
  try {
    await run(new LightsailClient({ region: 'us-east-1', endpoint: emu.endpoint, maxAttempts: 1 }), emu);
  } finally {
    await emu.stop();
  }
}

const create = (client: LightsailClient, name: string, target = 'd111.cloudfront.net') => client.send(new CreateDomainEntryCommand({
  domainName: 'example.com', domainEntry: { name, type: 'A', target, isAlias: true },
}));
const listed = async (client: LightsailClient) =>
  (await client.send(new GetDomainCommand({ domainName: 'example.com' }))).domain!.domainEntries!.map((e) => `${e.name} ${e.target}`);

test.each([
  [{}, 'www.example.com d111.cloudfront.net'],
  [{ domainEntryNames: 'as-written' }, 'WWW.Example.com d111.cloudfront.net'],
  [{ domainEntryNames: 'trailing-dot' }, 'www.example.com. d111.cloudfront.net'],
  [{ domainEntryTargets: 'trailing-dot' }, 'www.example.com d111.cloudfront.net.'],
] as Array<[EmulatorModes, string]>)('GetDomain under %j spells the entry as %s', async (modes, shown) => {
  await withZone(modes, async (client) => {
    await create(client, 'WWW.Example.com');
    expect(await listed(client)).toEqual([shown]);
  });
});

test("duplicateDomainEntry 'refused' (default): a second A entry of the name is InvalidInputException", async () => {
  await withZone({}, async (client) => {
    await create(client, 'www.example.com');
    await expect(create(client, 'www.example.com')).rejects.toMatchObject({ name: 'InvalidInputException' });
    expect(await listed(client)).toHaveLength(1);
  });
});

test("duplicateDomainEntry 'duplicated': a second entry; deleting one by id leaves the other in DNS", async () => {
  await withZone({ duplicateDomainEntry: 'duplicated' }, async (client, emu) => {
    await create(client, 'www.example.com');
    await create(client, 'www.example.com', 'd222.cloudfront.net');
    const entries = (await client.send(new GetDomainCommand({ domainName: 'example.com' }))).domain!.domainEntries!;
    expect(entries).toHaveLength(2);
    await client.send(new DeleteDomainEntryCommand({ domainName: 'example.com', domainEntry: entries[1] }));
    expect(await listed(client)).toEqual(['www.example.com d111.cloudfront.net']);
    expect(emu.dns.get('www.example.com.', 'A')?.value).toBe('d111.cloudfront.net');
  });
});
