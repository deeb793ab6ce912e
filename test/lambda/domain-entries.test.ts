import { CreateDomainEntryCommand, DeleteDomainEntryCommand, DomainEntry, GetDomainCommand, LightsailClient } from '@aws-sdk/client-lightsail';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { fakeDeps, invalidInput, notFound } from './fixtures';
import { eventsOf } from './target-fixtures';
import { onDomainEntriesEvent } from '../../lambda/domain-entries';
import { DOMAIN_ENTRIES_RESOURCE_TYPE, DomainEntriesProperties } from '../../src/private/contract';

const lightsail = mockClient(LightsailClient);
const CDN = 'd111111abcdef8.cloudfront.net';
const NEXT = 'd222222abcdef8.cloudfront.net';
const events = eventsOf<DomainEntriesProperties>(DOMAIN_ENTRIES_RESOURCE_TYPE, 'RecordsEntries1A2B3C4D',
  { DomainName: 'example.com', Names: ['example.com', 'www.example.com'], Target: CDN });
const PHYSICAL_ID = 'lightsail-domain:example.com';

/** A Lightsail DNS zone: its entries as GetDomain lists them; CreateDomainEntry and DeleteDomainEntry (by id) change them. */
function zone(initial: DomainEntry[] | undefined): { entries: DomainEntry[] } {
  const state = { entries: [...(initial ?? [])] };
  let next = 100;
  lightsail.on(GetDomainCommand).callsFake(async () => {
    if (initial === undefined) throw notFound('The domain does not exist');
    return { domain: { name: 'example.com', domainEntries: state.entries } };
  });
  lightsail.on(CreateDomainEntryCommand).callsFake(async (input: { domainEntry: DomainEntry }) => {
    state.entries.push({ ...input.domainEntry, id: String(next++) });
    return {};
  });
  lightsail.on(DeleteDomainEntryCommand).callsFake(async (input: { domainEntry: DomainEntry }) => {
    const before = state.entries.length;
    state.entries = state.entries.filter((e) => e.id !== input.domainEntry.id);
    if (state.entries.length === before) throw notFound('The domain entry does not exist');
    return {};
  });
  return state;
}

const alias = (id: string, name: string, target = CDN): DomainEntry => ({ id, name, type: 'A', target, isAlias: true });
const mail: DomainEntry = { id: '7', name: 'mail.example.com', type: 'A', target: '192.0.2.25', isAlias: false };
const shown = (entries: DomainEntry[]) => entries.map((e) => `${e.name} ${e.type} ${e.target}`).sort();

beforeEach(() => {
  lightsail.reset();
});

describe('Create', () => {
  test('writes one alias A entry per name, in us-east-1, where Lightsail keeps DNS zones; nothing else is touched', async () => {
    const state = zone([mail]);
    const deps = fakeDeps();

    expect(await onDomainEntriesEvent(events.create(), deps)).toEqual({ PhysicalResourceId: PHYSICAL_ID });

    for (const name of ['example.com', 'www.example.com']) {
      expect(lightsail).toHaveReceivedCommandWith(CreateDomainEntryCommand, {
        domainName: 'example.com', domainEntry: { name, type: 'A', target: CDN, isAlias: true },
      });
    }
    expect(lightsail).toHaveReceivedCommandTimes(DeleteDomainEntryCommand, 0);
    expect(shown(state.entries)).toEqual([`example.com A ${CDN}`, 'mail.example.com A 192.0.2.25', `www.example.com A ${CDN}`]);
    expect(new Set(deps.regions)).toEqual(new Set(['us-east-1']));
  });

  test('run again (a retry): the entries it wrote, however spelled, are not written twice', async () => {
    zone([alias('1', 'Example.com.', `${CDN}.`), alias('2', 'www.example.com')]);
    await onDomainEntriesEvent(events.create(), fakeDeps());
    expect(lightsail).toHaveReceivedCommandTimes(CreateDomainEntryCommand, 0);
  });

  test('a create refused because its lost first attempt was applied is fine: the entry is there as wanted', async () => {
    const state = zone([]);
    lightsail.on(CreateDomainEntryCommand).callsFake(async (input: { domainEntry: DomainEntry }) => {
      state.entries.push({ ...input.domainEntry, id: String(state.entries.length + 1) });
      throw invalidInput(`The domain "example.com" already has a A entry for "${input.domainEntry.name}".`);
    });
    await expect(onDomainEntriesEvent(events.create(), fakeDeps())).resolves.toEqual({ PhysicalResourceId: PHYSICAL_ID });
    expect(lightsail).toHaveReceivedCommandTimes(CreateDomainEntryCommand, 2);
    expect(lightsail).toHaveReceivedCommandTimes(GetDomainCommand, 3);
  });

  test('a create refused with the entry not there is reported', async () => {
    zone([]);
    lightsail.on(CreateDomainEntryCommand).rejects(invalidInput('The domain entry target is not valid.'));
    await expect(onDomainEntriesEvent(events.create(), fakeDeps())).rejects.toThrow('The domain entry target is not valid.');
  });

  test('an A entry of the same name pointing elsewhere is refused, naming it; nothing is written', async () => {
    const state = zone([alias('1', 'www.example.com', '192.0.2.80')]);
    await expect(onDomainEntriesEvent(events.create(), fakeDeps())).rejects.toThrow(
      'The Lightsail DNS zone "example.com" already has an A record for www.example.com pointing at 192.0.2.80, '
      + 'which this resource did not write; delete it there, or leave the name out of domainNames');
    expect(lightsail).toHaveReceivedCommandTimes(CreateDomainEntryCommand, 0);
    expect(state.entries).toHaveLength(1);
  });

  test('entries of other types for the same name are left alone', async () => {
    const state = zone([{ id: '3', name: 'www.example.com', type: 'TXT', target: '"v=spf1 -all"' }]);
    await onDomainEntriesEvent(events.create(), fakeDeps());
    expect(state.entries).toHaveLength(3);
  });

  test('a zone that does not exist fails, naming it and where Lightsail keeps zones', async () => {
    zone(undefined);
    await expect(onDomainEntriesEvent(events.create(), fakeDeps())).rejects.toThrow(
      'The Lightsail DNS zone "example.com" does not exist in us-east-1, where Lightsail keeps DNS zones');
  });
});

describe('Update', () => {
  test('a new target: the old entries are deleted (as read) before the new ones are written', async () => {
    const state = zone([alias('1', 'example.com'), alias('2', 'www.example.com'), mail]);
    await onDomainEntriesEvent(events.update(PHYSICAL_ID, { Target: NEXT }), fakeDeps());
    expect(lightsail).toHaveReceivedCommandWith(DeleteDomainEntryCommand, { domainName: 'example.com', domainEntry: alias('1', 'example.com') });
    expect(lightsail).toHaveReceivedCommandWith(DeleteDomainEntryCommand, { domainName: 'example.com', domainEntry: alias('2', 'www.example.com') });
    const order = lightsail.calls().map((c) => (c.args[0] as object).constructor.name).filter((n) => n !== 'GetDomainCommand');
    expect(order).toEqual(['DeleteDomainEntryCommand', 'DeleteDomainEntryCommand', 'CreateDomainEntryCommand', 'CreateDomainEntryCommand']);
    expect(shown(state.entries)).toEqual([`example.com A ${NEXT}`, 'mail.example.com A 192.0.2.25', `www.example.com A ${NEXT}`]);
  });

  test('a name dropped: only its entry goes; the kept one is not rewritten', async () => {
    const state = zone([alias('1', 'example.com'), alias('2', 'www.example.com')]);
    await onDomainEntriesEvent(events.update(PHYSICAL_ID, { Names: ['example.com'] }), fakeDeps());
    expect(lightsail).toHaveReceivedCommandTimes(DeleteDomainEntryCommand, 1);
    expect(lightsail).toHaveReceivedCommandTimes(CreateDomainEntryCommand, 0);
    expect(shown(state.entries)).toEqual([`example.com A ${CDN}`]);
  });

  test('another zone: a new physical id, the old zone left to the Delete CloudFormation sends for it', async () => {
    zone([]);
    const result = await onDomainEntriesEvent(events.update(PHYSICAL_ID, { DomainName: 'Example.org', Names: ['example.org'] }), fakeDeps());
    expect(result.PhysicalResourceId).toBe('lightsail-domain:example.org');
    expect(lightsail).toHaveReceivedCommandTimes(DeleteDomainEntryCommand, 0);
  });
});

describe('Delete', () => {
  test('deletes exactly the entries it wrote; a same-named entry pointing elsewhere and other entries stay', async () => {
    const theirs = alias('4', 'www.example.com', '192.0.2.80');
    const state = zone([alias('1', 'example.com'), theirs, mail]);
    await onDomainEntriesEvent(events.delete(PHYSICAL_ID), fakeDeps());
    expect(lightsail).toHaveReceivedCommandTimes(DeleteDomainEntryCommand, 1);
    expect(state.entries).toEqual([theirs, mail]);
  });

  test('an entry deleted meanwhile is fine; a zone that is gone has nothing to delete', async () => {
    zone([alias('1', 'example.com')]);
    lightsail.on(DeleteDomainEntryCommand).rejects(notFound('The domain entry does not exist'));
    await expect(onDomainEntriesEvent(events.delete(PHYSICAL_ID), fakeDeps())).resolves.toEqual({ PhysicalResourceId: PHYSICAL_ID });

    lightsail.reset();
    zone(undefined);
    await expect(onDomainEntriesEvent(events.delete(PHYSICAL_ID), fakeDeps())).resolves.toEqual({ PhysicalResourceId: PHYSICAL_ID });
    expect(lightsail).toHaveReceivedCommandTimes(DeleteDomainEntryCommand, 0);
  });

  test('another refusal of a delete is reported', async () => {
    zone([alias('1', 'example.com')]);
    lightsail.on(DeleteDomainEntryCommand).rejects(Object.assign(new Error('User is not authorized'), { name: 'AccessDeniedException', $fault: 'client' }));
    await expect(onDomainEntriesEvent(events.delete(PHYSICAL_ID), fakeDeps())).rejects.toThrow('User is not authorized');
  });
});
