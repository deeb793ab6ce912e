/** Tests of `lambda/names.ts`: DNS names compared and ordered as DNS does. */
import { normalizeName, sameDomain, sameDomainSet, sortKey } from '../../lambda/names';

describe('DNS names', () => {
  test('domains compare as case-insensitive sets', () => {
    expect(sameDomainSet(['a.com', 'b.a.com'], ['B.A.com', 'a.com'])).toBe(true);
    expect(sameDomainSet(['a.com', 'a.com'], ['a.com'])).toBe(true);
    expect(sameDomainSet(['a.com'], ['a.com', 'b.a.com'])).toBe(false);
    expect(sameDomainSet(['a.com', 'c.a.com'], ['a.com', 'b.a.com'])).toBe(false);
    expect(sameDomain('A.com', 'a.COM')).toBe(true);
    expect(sameDomain(undefined, 'a.com')).toBe(false);
  });

  test('a name compares without case and without its final dot', () => {
    expect(normalizeName('_A1B2.WWW.Example.com.')).toBe('_a1b2.www.example.com');
    expect(normalizeName('example.com')).toBe('example.com');
    expect(sameDomain('www.example.com.', 'WWW.example.com')).toBe(true);
    expect(sameDomain('www.example.com', 'example.com')).toBe(false);
    expect(sameDomain(undefined, undefined)).toBe(false);
  });

  test('names sort as Route 53 lists them: by their labels reversed', () => {
    expect(sortKey('_x.Example.com.')).toBe('com.example._x.');
    const names = ['b.example.com', 'a.b.example.com', 'example.com', 'z.example.com', 'a.example.com'];
    expect([...names].sort((x, y) => (sortKey(x) < sortKey(y) ? -1 : 1)))
      .toEqual(['example.com', 'a.example.com', 'b.example.com', 'a.b.example.com', 'z.example.com']);
  });
});
