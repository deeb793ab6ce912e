/** Tests of `src/private/closest.ts`. */
import { closest, editDistance } from '../../src/private/closest';

describe('closest', () => {
  test('finds a typing slip, ignoring case, and nothing when every candidate is further than the limit', () => {
    expect(closest('US-EST-1', ['us-east-1', 'eu-west-1'])).toBe('us-east-1');
    expect(closest('mars-north-1', ['us-east-1', 'eu-west-1'])).toBeUndefined();
  });

  test('edit distance counts insertions, deletions and substitutions', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('same', 'same')).toBe(0);
  });
});
