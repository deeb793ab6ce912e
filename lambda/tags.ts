import type { Tag } from '@aws-sdk/client-lightsail';
import { OWNER_TAG_KEY } from '../src/private/contract';

/** Tags as CloudFormation passes them: a map of key to value. */
export type TagMap = Record<string, string>;

/** The Lightsail form of a tag map. */
export function toTagList(tags: TagMap | undefined): Tag[] {
  return Object.entries(tags ?? {}).map(([key, value]) => ({ key, value }));
}

/** The map form of Lightsail tags. A tag without a value has the value `''`. */
export function toTagMap(tags: readonly Tag[] | undefined): TagMap {
  const map: TagMap = {};
  for (const tag of tags ?? []) {
    if (tag.key !== undefined) {
      map[tag.key] = tag.value ?? '';
    }
  }
  return map;
}

/** What to change to get from one set of tags to another. */
export interface TagChanges {
  /** Tags to add or overwrite. */
  readonly set: Tag[];
  /** Keys to remove. */
  readonly remove: string[];
}

/**
 * The tag calls that bring a certificate to `wanted`.
 *
 * @param wanted the tags the certificate should have
 * @param current the tags it has now; entries of `wanted` equal to these are not sent again
 * @param removable the keys that may be removed when `wanted` lacks them; never the owner tag
 */
export function diffTags(wanted: TagMap, current: TagMap, removable: readonly string[]): TagChanges {
  return {
    set: toTagList(wanted).filter((tag) => current[tag.key!] !== tag.value),
    remove: removable.filter((key) => key !== OWNER_TAG_KEY && !(key in wanted)),
  };
}
