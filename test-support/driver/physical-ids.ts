import { randomInt } from 'crypto';

const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const MIXED_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** `length` random characters from `alphabet`. */
export function randomString(length: number, alphabet: string = UPPER_ALNUM): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}

/**
 * A name the way CloudFormation generates one for a resource whose name property is not set:
 * `<stack>-<logicalId>-<random>`, the first two parts truncated so the whole fits `maxLength`.
 */
export function generatedName(stackName: string, logicalId: string, maxLength = 128): string {
  const suffix = `-${randomString(12, MIXED_ALNUM)}`;
  const room = Math.max(2, maxLength - suffix.length - 1);
  const stackPart = stackName.slice(0, Math.ceil(room / 2));
  const logicalPart = logicalId.slice(0, room - stackPart.length);
  return `${stackPart}-${logicalPart}${suffix}`;
}

/** A Route 53 hosted zone id: `Z` followed by 20 or so upper-case letters and digits (here `Z0...`). */
export function hostedZoneId(): string {
  return `Z0${randomString(19)}`;
}
