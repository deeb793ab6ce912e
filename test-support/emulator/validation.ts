/**
 * Reads and checks request bodies the way the Lightsail model constrains them.
 *
 * Each `parse…` function takes the decoded JSON body and either returns a typed request or throws a
 * `LightsailError`: `InvalidInputException` for a missing required member or a broken constraint (the
 * model's own error for bad input), `SerializationException` for a member of the wrong JSON type (what
 * AWS JSON services answer when the body does not deserialise; a real SDK never sends one). Members the
 * model does not know are ignored, as AWS services do.
 */
import { invalidInput, LightsailError } from './errors';
import { CERTIFICATE_STATUSES, CertificateStatus, WireTag } from './types';

/** A checked `CreateCertificateRequest`. */
export interface CreateCertificateInput {
  /** The certificate name (unconstrained in the model). */
  readonly certificateName: string;
  /** The primary domain. */
  readonly domainName: string;
  /** The alternate names as sent. */
  readonly subjectAlternativeNames: string[];
  /** Tags to create the certificate with. */
  readonly tags: WireTag[];
}

/** A checked `GetCertificatesRequest`. */
export interface GetCertificatesInput {
  /** Only this certificate. */
  readonly certificateName?: string;
  /** Only certificates in one of these statuses. */
  readonly certificateStatuses?: CertificateStatus[];
  /** Whether to include `certificateDetail`. */
  readonly includeCertificateDetails: boolean;
  /** Where the previous page stopped. */
  readonly pageToken?: string;
}

/** A checked `DeleteCertificateRequest`. */
export interface DeleteCertificateInput {
  /** The certificate to delete. */
  readonly certificateName: string;
}

/** A checked `TagResourceRequest`. */
export interface TagResourceInput {
  /** The certificate name. */
  readonly resourceName: string;
  /** The certificate ARN, when sent. */
  readonly resourceArn?: string;
  /** Tags to add or overwrite. */
  readonly tags: WireTag[];
}

/** A checked `UntagResourceRequest`. */
export interface UntagResourceInput {
  /** The certificate name. */
  readonly resourceName: string;
  /** The certificate ARN, when sent. */
  readonly resourceArn?: string;
  /** Keys of the tags to remove. */
  readonly tagKeys: string[];
}

/** At most this many tags per resource (documented for TagResource). */
export const MAX_TAGS = 50;

/** At most this many alternate names besides the primary domain (documented for CreateCertificate). */
export const MAX_ALTERNATE_NAMES = 9;

/**
 * The model's `ResourceName` pattern. unverified: Smithy patterns are not anchored, so `\w[\w\-]*\w`
 * alone would accept any name containing two word characters; the documentation's reading ("no dots")
 * implies the whole name must match, which is what the emulator checks.
 */
const RESOURCE_NAME = /^\w[\w-]*\w$/;

/** The model's `ResourceArn` pattern (anchored in the model itself). */
const RESOURCE_ARN = /^arn:(aws[^:]*):([a-zA-Z0-9-]+):([a-z0-9-]+):([0-9]+):([a-zA-Z]+)\/([a-zA-Z0-9-]+)$/;

/** Letters, digits and spaces in UTF-8, and `+ - = . _ : / @`, as the Tag shape documents. */
const TAG_CHARACTERS = /^[\p{L}\p{Z}\p{N}+\-=._:/@]*$/u;

/** One DNS label: letters, digits, hyphens, not at either end, 1–63 characters. */
const DNS_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/i;

/**
 * Checks a `CreateCertificate` body.
 *
 * @param body the decoded JSON body.
 */
export function parseCreateCertificate(body: Body): CreateCertificateInput {
  const certificateName = requiredString(body, 'certificateName');
  const domainName = requiredString(body, 'domainName');
  const subjectAlternativeNames = optionalStringList(body, 'subjectAlternativeNames') ?? [];
  checkDomain(domainName, 'domainName');
  subjectAlternativeNames.forEach((san) => checkDomain(san, 'subjectAlternativeNames'));
  // unverified: whether the primary domain repeated in the list, or a duplicate, counts towards the
  // limit of nine. The emulator counts distinct alternate names other than the primary (Lightsail
  // de-duplicates load-balancer certificate names "for you", and adds the primary itself).
  const alternates = new Set(subjectAlternativeNames.map((s) => s.toLowerCase()));
  alternates.delete(domainName.toLowerCase());
  if (alternates.size > MAX_ALTERNATE_NAMES) {
    throw invalidInput(`subjectAlternativeNames: at most ${MAX_ALTERNATE_NAMES} alternate domains are allowed, got ${alternates.size}.`);
  }
  const tags = optionalTagList(body, 'tags') ?? [];
  checkTags(tags);
  return { certificateName, domainName, subjectAlternativeNames, tags };
}

/**
 * Checks a `GetCertificates` body.
 *
 * @param body the decoded JSON body.
 */
export function parseGetCertificates(body: Body): GetCertificatesInput {
  const certificateName = optionalString(body, 'certificateName');
  const statuses = optionalStringList(body, 'certificateStatuses');
  const unknown = statuses?.filter((s) => !(CERTIFICATE_STATUSES as readonly string[]).includes(s)) ?? [];
  if (unknown.length > 0) {
    // unverified: how the real service answers an unknown enum value; AWS services usually say so in
    // an InvalidInputException/ValidationException.
    throw invalidInput(`certificateStatuses: unknown status ${unknown.join(', ')}; allowed: ${CERTIFICATE_STATUSES.join(', ')}.`);
  }
  const include = body.includeCertificateDetails;
  if (include !== undefined && include !== null && typeof include !== 'boolean') {
    throw serialization('includeCertificateDetails', 'a boolean');
  }
  return {
    certificateName,
    certificateStatuses: statuses as CertificateStatus[] | undefined,
    includeCertificateDetails: include === true,
    pageToken: optionalString(body, 'pageToken'),
  };
}

/**
 * Checks a `DeleteCertificate` body.
 *
 * @param body the decoded JSON body.
 */
export function parseDeleteCertificate(body: Body): DeleteCertificateInput {
  return { certificateName: requiredString(body, 'certificateName') };
}

/**
 * Checks a `TagResource` body (tag limits are checked against the merged result by the caller too).
 *
 * @param body the decoded JSON body.
 */
export function parseTagResource(body: Body): TagResourceInput {
  const resourceName = requiredResourceName(body);
  const resourceArn = optionalArn(body);
  const tags = optionalTagList(body, 'tags');
  if (tags === undefined) {
    throw missing('tags');
  }
  checkTags(tags);
  return { resourceName, resourceArn, tags };
}

/**
 * Checks an `UntagResource` body.
 *
 * @param body the decoded JSON body.
 */
export function parseUntagResource(body: Body): UntagResourceInput {
  const resourceName = requiredResourceName(body);
  const resourceArn = optionalArn(body);
  const tagKeys = optionalStringList(body, 'tagKeys');
  if (tagKeys === undefined) {
    throw missing('tagKeys');
  }
  return { resourceName, resourceArn, tagKeys };
}

/**
 * Checks a tag list against the documented limits: at most 50 tags, keys of 1–128 and values of at
 * most 256 allowed characters.
 *
 * unverified: duplicate keys in one request. The emulator refuses them, as most AWS tagging APIs do.
 *
 * @param tags the tags to check.
 */
export function checkTags(tags: readonly WireTag[]): void {
  if (tags.length > MAX_TAGS) {
    throw invalidInput(`tags: at most ${MAX_TAGS} tags are allowed per resource, got ${tags.length}.`);
  }
  const seen = new Set<string>();
  for (const tag of tags) {
    if (tag.key.length < 1 || tag.key.length > 128) {
      throw invalidInput(`tags: a tag key must be 1 to 128 characters long, got "${tag.key}".`);
    }
    if (!TAG_CHARACTERS.test(tag.key)) {
      throw invalidInput(`tags: tag key "${tag.key}" has characters other than letters, digits, spaces and + - = . _ : / @.`);
    }
    const value = tag.value ?? '';
    if (value.length > 256) {
      throw invalidInput(`tags: the value of tag "${tag.key}" is longer than 256 characters.`);
    }
    if (!TAG_CHARACTERS.test(value)) {
      throw invalidInput(`tags: the value of tag "${tag.key}" has characters other than letters, digits, spaces and + - = . _ : / @.`);
    }
    if (seen.has(tag.key)) {
      throw invalidInput(`tags: tag key "${tag.key}" appears more than once.`);
    }
    seen.add(tag.key);
  }
}

/** A decoded JSON request body. */
export type Body = Record<string, unknown>;

/**
 * unverified: how the service answers a syntactically bad domain. The emulator refuses it with
 * InvalidInputException; the real service may instead fail the certificate with
 * `requestFailureReason` `INVALID_PUBLIC_DOMAIN` or `OTHER`.
 */
function checkDomain(domain: string, member: string): void {
  if (domain.includes('*')) {
    // Documented: "Wildcard domain entries (*.example.com) are not supported."
    throw invalidInput(`${member}: wildcard domains are not supported, got "${domain}".`);
  }
  const labels = domain.split('.');
  if (domain.length > 253 || labels.length < 2 || !labels.every((l) => DNS_LABEL.test(l))) {
    throw invalidInput(`${member}: "${domain}" is not a valid domain name.`);
  }
}

function requiredResourceName(body: Body): string {
  const name = requiredString(body, 'resourceName');
  if (!RESOURCE_NAME.test(name)) {
    throw invalidInput(`resourceName: "${name}" does not match the pattern \\w[\\w\\-]*\\w.`);
  }
  return name;
}

function optionalArn(body: Body): string | undefined {
  const arn = optionalString(body, 'resourceArn');
  if (arn !== undefined && !RESOURCE_ARN.test(arn)) {
    throw invalidInput(`resourceArn: "${arn}" is not a valid ARN.`);
  }
  return arn;
}

function requiredString(body: Body, member: string): string {
  const value = optionalString(body, member);
  // unverified: an empty string for a required member; the emulator treats it as missing.
  if (value === undefined || value === '') {
    throw missing(member);
  }
  return value;
}

function optionalString(body: Body, member: string): string | undefined {
  const value = body[member];
  if (value === undefined || value === null) {
    return undefined;
  }
  if (typeof value !== 'string') {
    throw serialization(member, 'a string');
  }
  return value;
}

function optionalStringList(body: Body, member: string): string[] | undefined {
  const value = body[member];
  if (value === undefined || value === null) {
    return undefined;
  }
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
    throw serialization(member, 'a list of strings');
  }
  return value as string[];
}

function optionalTagList(body: Body, member: string): WireTag[] | undefined {
  const value = body[member];
  if (value === undefined || value === null) {
    return undefined;
  }
  if (!Array.isArray(value)) {
    throw serialization(member, 'a list of tags');
  }
  return value.map((tag: unknown) => {
    if (typeof tag !== 'object' || tag === null) {
      throw serialization(member, 'a list of tags');
    }
    const { key, value: tagValue } = tag as Record<string, unknown>;
    if (typeof key !== 'string' || (tagValue !== undefined && tagValue !== null && typeof tagValue !== 'string')) {
      throw serialization(member, 'a list of { key: string, value?: string }');
    }
    return typeof tagValue === 'string' ? { key, value: tagValue } : { key };
  });
}

function missing(member: string): LightsailError {
  return invalidInput(`${member} is required.`);
}

function serialization(member: string, expected: string): LightsailError {
  return new LightsailError('SerializationException', `${member} must be ${expected}.`);
}
