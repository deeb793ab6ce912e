/** Tests of `lambda/holders.ts`: the holders TXT record's values. */
import { Holders, holdersName, KEPT_UNREAD, PRE_EXISTING } from '../../lambda/holders';

const A = 'arn:aws:lightsail:us-east-1:123456789012:Certificate/a';
const B = 'arn:aws:lightsail:eu-west-1:123456789012:Certificate/b';

describe('holders', () => {
  test('sit just below the CNAME, under a name that still starts with an underscore', () => {
    expect(holdersName('_abc.example.com.')).toBe('_cdk-lsc-holders._abc.example.com.');
  });

  test('read from Route 53\'s quoted values and written back quoted in a stable order', () => {
    const holders = Holders.fromTxt([`"${B}"`, `"${A}"`]);

    expect(holders.has(A)).toBe(true);
    expect(holders.toTxt()).toEqual(Holders.fromTxt([`"${A}"`, `"${B}"`]).toTxt());
    expect(holders.toTxt()).toEqual([`"${B}"`, `"${A}"`]);
  });

  test('releasing leaves a tombstone that acquiring again removes', () => {
    const released = new Holders([A]).without(A);

    expect(released.has(A)).toBe(false);
    expect(released.released).toEqual([A]);
    expect(released.hasAcquirers).toBe(false);
    expect(released.with(A).released).toEqual([]);
    expect(released.with(A).hasAcquirers).toBe(true);
  });

  test('a scan\'s marks, the unread sentinel and the pre-existing mark are no acquirers', () => {
    const kept = Holders.kept([B], true, [A]);

    expect(kept.hasAcquirers).toBe(false);
    expect(kept.released).toEqual([A]);
    expect(kept.toTxt()).toContain(`"${KEPT_UNREAD}"`);
    expect(new Holders([PRE_EXISTING]).preExisting).toBe(true);
    expect(new Holders([PRE_EXISTING]).hasAcquirers).toBe(false);
  });
});
