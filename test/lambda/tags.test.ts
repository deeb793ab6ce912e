/** Tests of `lambda/tags.ts`. */
import { OWNER } from './fixtures';
import { diffTags, toTagList, toTagMap } from '../../lambda/tags';
import { OWNER_TAG_KEY } from '../../src/private/contract';

afterEach(() => {
  jest.restoreAllMocks();
});

describe('tags', () => {
  test('convert between map and list', () => {
    expect(toTagList({ a: '1', b: '' })).toEqual([{ key: 'a', value: '1' }, { key: 'b', value: '' }]);
    expect(toTagList(undefined)).toEqual([]);
    expect(toTagMap([{ key: 'a', value: '1' }, { key: 'b' }, { value: 'orphan' }])).toEqual({ a: '1', b: '' });
    expect(toTagMap(undefined)).toEqual({});
  });

  test('the diff sets what differs and removes only removable keys the wanted tags lack', () => {
    expect(diffTags({ a: '1', b: '2' }, { a: '1', b: '0', c: '3', d: '4' }, ['c', 'a'])).toEqual({
      set: [{ key: 'b', value: '2' }],
      remove: ['c'],
    });
  });

  test('the diff never removes the owner tag, even when told it may', () => {
    const current = { [OWNER_TAG_KEY]: OWNER, team: 'web' };

    expect(diffTags({}, current, [OWNER_TAG_KEY, 'team'])).toEqual({ set: [], remove: ['team'] });
  });
});
