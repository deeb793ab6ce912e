import { createHash } from 'node:crypto';
import type { LightsailClient } from '@aws-sdk/client-lightsail';
import { applyTagChanges, findCertificate, isNotFound } from './lightsail';
import { RetryOptions } from './retries';
import { tagsOf } from './summary';
import { diffTags, TagMap } from './tags';
import { BEFORE_TAG_PREFIX } from '../src/private/contract';

/**
 * What a target had before this library's certificate went on it, written as tags on that certificate
 * before the call that changes the target. The physical id holds the same record, but a Create whose
 * answer is lost loses its physical id; the certificate, which this stack owns and which the lost Create
 * left on the target, keeps the tags, so the next Create that finds it there reads them.
 *
 * The record of a target is the tag `<prefix><target>`, whose value is how many values follow, and one
 * tag per value, `<prefix><target>:<n>` (n from 1): a value (a certificate name, a domain) stays within a
 * tag value's 256 characters, where a joined list of four domains might not; and a record of nothing
 * still tells "this library attached the certificate" from "the certificate was on the target already".
 * Tag keys are 1 to 128 characters of letters, digits, spaces and `+ - = . _ : / @` (Lightsail guide,
 * "Tags in Amazon Lightsail"; botocore's `TagResource`): resource names are letters, digits, `_` and `-`
 * (botocore `ResourceName`), and domains letters, digits, `-` and `.`, so both fit; a target name too
 * long for a key is replaced by its hash.
 */

/** Room left in a 128-character key for the `:<n>` suffix. */
const MAX_TARGET_KEY = 128 - BEFORE_TAG_PREFIX.length - ':99'.length;

/** The key stem of one target, for example `distribution:shop`. */
export function beforeKeyStem(kind: 'distribution' | 'container-service', name: string): string {
  const target = `${kind}:${name}`;
  const stem = target.length <= MAX_TARGET_KEY ? target : `${kind}:sha256-${createHash('sha256').update(name).digest('hex').slice(0, 32)}`;
  return `${BEFORE_TAG_PREFIX}${stem}`;
}

/**
 * The values recorded for a target, in order, or `undefined` when the certificate has no record for it
 * (this library did not put it on the target, or a version before records did).
 */
export function readBefore(tags: TagMap, stem: string): string[] | undefined {
  if (!(stem in tags)) {
    return undefined;
  }
  return Object.entries(tags)
    .flatMap(([key, value]): Array<[number, string]> => {
      const match = /^:([1-9][0-9]*)$/.exec(key.slice(stem.length));
      return key.startsWith(stem) && match ? [[Number(match[1]), value]] : [];
    })
    .sort(([a], [b]) => a - b)
    .map(([, value]) => value);
}

/** The tags that record `values` for a target, and (by its hash) the physical id of the resource in force on it. */
export function beforeTags(stem: string, values: readonly string[], inForce?: string): TagMap {
  return {
    [stem]: String(values.length),
    ...Object.fromEntries(values.map((value, i) => [`${stem}:${i + 1}`, value])),
    ...(inForce === undefined ? {} : { [inForceKey(stem)]: physicalIdMark(inForce) }),
  };
}

/**
 * The key, beside a target's record, that names the physical id of the resource in force on the target. A
 * Delete of another id of the same target and certificate is CloudFormation's cleanup after an Update (or its
 * rollback) that returned a new id: the Update already did the work, so that Delete must change nothing.
 */
export function inForceKey(stem: string): string {
  return `${stem}:id`;
}

/** A physical id as the in-force tag holds it: hashed, as an id naming four domains may pass a tag value's 256 characters. */
export function physicalIdMark(physicalId: string): string {
  return `sha256-${createHash('sha256').update(physicalId).digest('hex').slice(0, 32)}`;
}

/**
 * Makes the certificate's record for a target say `values`: sets what differs and removes the target's
 * other keys (a longer record from before). Only keys of this target are touched, so the tags the user
 * gives the certificate, and the certificate resource's own retagging, never meet these.
 */
export async function writeBefore(
  deps: RetryOptions, client: LightsailClient, certificateName: string, current: TagMap, stem: string, values: readonly string[], inForce?: string,
): Promise<void> {
  const wanted = beforeTags(stem, values, inForce);
  const stale = Object.keys(current).filter((key) => isOfTarget(key, stem) && !(key in wanted));
  await applyTagChanges(deps, client, certificateName, diffTags(wanted, current, stale));
}

/**
 * Removes the record for a target once what it held was given back. The certificate may be gone already
 * (deleted in the same stack operation): then there is nothing to remove.
 */
export async function clearBefore(deps: RetryOptions, client: LightsailClient, certificateName: string, stem: string): Promise<void> {
  const certificate = await findCertificate(deps, client, certificateName);
  if (certificate) {
    await removeBefore(deps, client, certificateName, tagsOf(certificate), stem);
  }
}

/** {@link clearBefore} for a certificate whose tags were just read. */
export async function removeBefore(
  deps: RetryOptions, client: LightsailClient, certificateName: string, current: TagMap, stem: string,
): Promise<void> {
  const keys = Object.keys(current).filter((key) => isOfTarget(key, stem));
  if (keys.length === 0) {
    return;
  }
  try {
    await applyTagChanges(deps, client, certificateName, { set: [], remove: keys });
  } catch (error) {
    if (!isNotFound(error)) {
      throw error;
    }
  }
}

/** Whether a tag key belongs to the record of the target with this stem. */
function isOfTarget(key: string, stem: string): boolean {
  return key === stem || key.startsWith(`${stem}:`);
}
