import { Annotations, Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import type { IHostedZone } from 'aws-cdk-lib/aws-route53';
import { Construct } from 'constructs';
import { closest } from './closest';
import {
  certificateData,
  certificatePhysicalId,
  CREATE_FAILED_MARKER,
  MAX_REASON_BYTES,
  MAX_RESPONSE_BYTES,
  BEFORE_TAG_PREFIX,
  OWNER_TAG_KEY,
} from './contract';
import { throwIfAny } from './errors';
import { DISTRIBUTION_REGION, LIGHTSAIL_REGIONS } from './regions';
import { planZoneAccess, ZoneAccessPlan } from './zone-access';
import { assignZones } from './zones';
import { CertificateValidation, ValidationMethod } from '../validation';

/**
 * The synth-time rules of a Lightsail certificate. Each check returns the problems it found as
 * messages that name the prop and quote the value; values that are unresolved tokens are skipped,
 * since only the deploy knows them.
 */

/** Lightsail takes the primary domain plus at most this many alternate names. */
export const MAX_ALTERNATE_NAMES = 9;

/** Lightsail and tagging accept at most this many tags on a resource. */
export const MAX_TAGS = 50;

/** CloudFormation gives a custom resource at most an hour. */
export const MAX_TIMEOUT_SECONDS = 3600;

/** Shorter waits than this can't see a DNS change propagate. */
export const MIN_TIMEOUT_SECONDS = 60;

/** The longest certificate name Lightsail accepts. */
export const MAX_NAME_LENGTH = 255;

/** Domains Lightsail refuses to certify because Amazon owns them. */
const AMAZON_OWNED_DOMAINS = ['amazonaws.com', 'cloudfront.net', 'elasticbeanstalk.com'];

const LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/i;
const CERTIFICATE_NAME = /^\w[\w-]*\w$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
/**
 * What AWS documents for tag keys and values (Tagging AWS resources, "Tag naming limits and
 * requirements"): Unicode letters, digits, whitespace as `\p{Z}` (no control characters such as tabs or
 * line breaks), and `+ - = . _ : / @`.
 */
const TAG_CHARACTERS = /^[\p{L}\p{N}\p{Z}+\-=._:/@]*$/u;

/** AWS reserves this prefix, in any case, for its own tags (same source). */
const RESERVED_TAG_PREFIX = 'aws:';

/** CloudFormation's longest stack name: what a stack name not known at synth (a NestedStack's) is taken to be. */
export const MAX_STACK_NAME_LENGTH = 128;

/** Quotes a value for a message the way JSON would, so spaces and empty strings stay visible. */
export function quote(value: unknown): string {
  return JSON.stringify(value);
}

/** Problems with one domain name, reported under the prop name given. */
export function checkDomain(prop: string, domain: string): string[] {
  if (Token.isUnresolved(domain)) {
    return [];
  }
  const bad = (why: string) => [`${prop} ${quote(domain)} ${why}`];
  if (domain.includes('*')) {
    return bad('is a wildcard; Lightsail certificates do not support wildcard domains, list each name instead');
  }
  if (domain.endsWith('.')) {
    return bad('ends with a dot; give the name without the trailing dot');
  }
  if (domain.length > 253) {
    return bad(`is ${domain.length} characters long; a domain name has at most 253`);
  }
  const labels = domain.split('.');
  if (labels.length < 2) {
    return bad('is not a fully qualified domain name; it needs at least two labels, like "example.com"');
  }
  const badLabel = labels.find((label) => !LABEL.test(label));
  if (badLabel !== undefined) {
    return bad(
      `has the label ${quote(badLabel)}; each label is 1 to 63 letters, digits or hyphens and does not start or end with a hyphen`,
    );
  }
  const lower = domain.toLowerCase();
  const owned = AMAZON_OWNED_DOMAINS.find((owner) => lower === owner || lower.endsWith(`.${owner}`));
  if (owned) {
    return bad(`is under ${owned}, which Amazon owns; Lightsail does not issue certificates for it`);
  }
  return [];
}

/** The domains of a certificate: primary first, then the alternates, with the primary dropped from them. */
export interface DomainList {
  /** Primary plus alternates, de-duplicated, in the given order. */
  readonly domainNames: string[];
  /** The alternates to send to Lightsail: without the primary. */
  readonly alternateNames: string[];
  /** What is wrong with them. */
  readonly problems: string[];
}

/**
 * Checks the primary domain and the alternates and builds the domain list. The primary repeated in
 * the alternates is dropped (Lightsail adds it itself); any other duplicate is a mistake worth
 * reporting, because the user likely meant another name.
 */
export function checkDomains(domainName: string, subjectAlternativeNames: string[]): DomainList {
  const problems = [...checkDomain('domainName', domainName)];
  const seen = new Map<string, number>();
  const alternateNames: string[] = [];
  subjectAlternativeNames.forEach((name, index) => {
    const prop = `subjectAlternativeNames[${index}]`;
    problems.push(...checkDomain(prop, name));
    if (Token.isUnresolved(name)) {
      alternateNames.push(name);
      return;
    }
    const key = name.toLowerCase();
    if (!Token.isUnresolved(domainName) && key === domainName.toLowerCase()) {
      return;
    }
    const first = seen.get(key);
    if (first !== undefined) {
      problems.push(
        `${prop} ${quote(name)} repeats subjectAlternativeNames[${first}] ${quote(subjectAlternativeNames[first])}; list each name once`,
      );
      return;
    }
    seen.set(key, index);
    alternateNames.push(name);
  });
  if (alternateNames.length > MAX_ALTERNATE_NAMES) {
    problems.push(
      `subjectAlternativeNames has ${alternateNames.length} names besides the primary domain; Lightsail allows at most ${MAX_ALTERNATE_NAMES}`,
    );
  }
  return { domainNames: [domainName, ...alternateNames], alternateNames, problems };
}

/** Problems with an explicit certificate name. */
export function checkCertificateName(name: string): string[] {
  if (Token.isUnresolved(name)) {
    return [];
  }
  if (name.length > MAX_NAME_LENGTH) {
    return [`certificateName ${quote(name)} is ${name.length} characters long; the maximum is ${MAX_NAME_LENGTH}`];
  }
  if (!CERTIFICATE_NAME.test(name)) {
    return [
      `certificateName ${quote(name)} must be at least two characters of letters, digits, underscores and hyphens, starting and ending with a letter, digit or underscore (no dots: distributions and tagging refuse them)`,
    ];
  }
  return [];
}

/** Problems with the region. */
export function checkRegion(region: string): string[] {
  if (Token.isUnresolved(region) || REGION.test(region)) {
    return [];
  }
  return [`region ${quote(region)} is not an AWS region name like "us-east-1"${didYouMean(region)}`];
}

/** `; did you mean "us-east-1"?` when a region Lightsail serves is a typing slip away from `region`, else nothing. */
export function didYouMean(region: string): string {
  const match = closest(region, LIGHTSAIL_REGIONS);
  // Only the number differs (ap-south-2 for ap-south-1): that is how AWS names a new region, more
  // likely one Lightsail doesn't serve than a slip.
  const area = (name: string) => name.replace(/-\d+$/, '');
  if (match === undefined || area(match) === area(region)) {
    return '';
  }
  return `; did you mean ${quote(match)}?`;
}

export { MAX_RESPONSE_BYTES };

/** What the worst-case response of a certificate resource is made of, as known at synth. */
export interface ResponseShape {
  readonly stackName: string;
  readonly logicalId: string;
  readonly region: string;
  readonly certificateName: string;
  readonly domainNames: readonly string[];
}

/**
 * The longest status Lightsail gives a certificate (botocore `lightsail/2016-11-28` service model,
 * `CertificateStatus`): an Update answers with whatever status the certificate has.
 */
const LONGEST_STATUS = 'VALIDATION_TIMED_OUT';

/** The stack id and request id of a request, as long as they get (a 36-character id, the longest partition and account). */
function worstCaseRequest(shape: Pick<ResponseShape, 'stackName' | 'logicalId' | 'region'>) {
  return {
    StackId: `arn:aws-iso-b:cloudformation:${shape.region}:123456789012:stack/${shape.stackName}/${'x'.repeat(36)}`,
    RequestId: 'x'.repeat(36),
    LogicalResourceId: shape.logicalId,
  };
}

/**
 * The largest response the certificate resource can send, in bytes, built with the contract's builders
 * of the physical id and `Data`. Lightsail's records are `_<32 hex>.<domain>.` CNAME
 * `_<32 hex>.<10 letters>.acm-validations.aws.`; the ARN is as long as it gets.
 */
export function worstCaseResponseBytes(shape: ResponseShape): number {
  const data = certificateData({
    certificateName: shape.certificateName,
    certificateArn: `arn:aws-iso-b:lightsail:${shape.region}:123456789012:Certificate/${'x'.repeat(36)}`,
    status: LONGEST_STATUS,
    records: shape.domainNames.map((domain) => ({
      name: `_${'x'.repeat(32)}.${domain}.`,
      type: 'CNAME',
      value: `_${'x'.repeat(32)}.${'x'.repeat(10)}.acm-validations.aws.`,
    })),
  });
  return Buffer.byteLength(JSON.stringify({
    Status: 'SUCCESS',
    Reason: 'SUCCESS',
    ...worstCaseRequest(shape),
    PhysicalResourceId: certificatePhysicalId(shape.region, shape.certificateName),
    Data: data,
  }), 'utf8');
}

/**
 * The largest FAILED answer any request of the resource can get: the handler cuts the reason to
 * {@link MAX_REASON_BYTES}; the physical id is the handler's, or the entrypoint's marker for a failed Create.
 */
export function worstCaseFailureBytes(shape: Pick<ResponseShape, 'stackName' | 'logicalId' | 'region' | 'certificateName'>): number {
  const minted = certificatePhysicalId(shape.region, shape.certificateName);
  return Buffer.byteLength(JSON.stringify({
    Status: 'FAILED',
    Reason: '',
    ...worstCaseRequest(shape),
    PhysicalResourceId: minted.length > CREATE_FAILED_MARKER.length ? minted : CREATE_FAILED_MARKER,
  }), 'utf8') + MAX_REASON_BYTES;
}

/**
 * Problems with the size of the certificate resource's answers, success and failure. A stack name not
 * known at synth (a NestedStack's) is taken to be the longest CloudFormation allows.
 */
export function checkResponseSize(given: ResponseShape): string[] {
  const shape = Token.isUnresolved(given.stackName) ? { ...given, stackName: 'x'.repeat(MAX_STACK_NAME_LENGTH) } : given;
  const values = [shape.logicalId, shape.region, shape.certificateName, ...shape.domainNames];
  if (values.some((v) => Token.isUnresolved(v))) {
    return [];
  }
  const bytes = Math.max(worstCaseResponseBytes(shape), worstCaseFailureBytes(shape));
  if (bytes <= MAX_RESPONSE_BYTES) {
    return [];
  }
  return [`the names are too long: with ${shape.domainNames.length} domains of ${shape.domainNames.join('').length} characters in all `
    + `and certificateName ${quote(shape.certificateName)}, the certificate resource's answer to CloudFormation can reach ${bytes} bytes, `
    + `over CloudFormation's ${MAX_RESPONSE_BYTES}; use fewer or shorter domains, or a shorter certificateName`];
}

/** Problems with the wait for ISSUED. A token is refused: the number of wait links is decided at synth. */
export function checkTimeout(seconds: number): string[] {
  if (Token.isUnresolved(seconds)) {
    return ['timeout is a token; give a fixed Duration (the wait is split into links of at most 13 minutes at synth, so its length must be known then)'];
  }
  if (!Number.isInteger(seconds)) {
    // The wait links count whole seconds (WaitSeconds, TimeoutSeconds); rounding silently would change what was asked for.
    return [`timeout is ${seconds} seconds; it must be a whole number of seconds, e.g. Duration.seconds(${Math.max(MIN_TIMEOUT_SECONDS, Math.round(seconds))})`];
  }
  if (seconds < MIN_TIMEOUT_SECONDS || seconds > MAX_TIMEOUT_SECONDS) {
    return [
      `timeout is ${seconds} seconds; it must be between ${MIN_TIMEOUT_SECONDS} seconds and 1 hour (CloudFormation gives a custom resource at most an hour)`,
    ];
  }
  return [];
}

/**
 * Problems with the final tag set (props plus `Tags.of(...)`). `recordTags` is how many tags the provider adds to
 * record what existing targets had before (`LightsailDomainRecords` with a target by name): they count too.
 */
export function checkTags(tags: Record<string, string>, recordTags = 0): string[] {
  const problems: string[] = [];
  const keys = Object.keys(tags);
  // The handler adds the owner tag to every certificate it creates: it counts against the limit.
  const room = MAX_TAGS - 1 - recordTags;
  if (keys.length > room) {
    problems.push(`tags has ${keys.length} tags; Lightsail allows at most ${MAX_TAGS}, of which one is the owner tag ${quote(OWNER_TAG_KEY)}`
      + (recordTags > 0 ? ` and ${recordTags} record what the targets given by name (DomainTarget.fromDistributionName, fromContainerServiceName) had before` : '')
      + `, so at most ${room}`);
  }
  for (const key of keys) {
    const value = tags[key];
    if (!Token.isUnresolved(key)) {
      if (key === OWNER_TAG_KEY) {
        problems.push(`tag key ${quote(key)} is reserved: the construct sets it to mark the certificates it creates`);
      } else if (key.startsWith(BEFORE_TAG_PREFIX)) {
        problems.push(`tag key ${quote(key)} starts with ${quote(BEFORE_TAG_PREFIX)}, which is reserved: the construct records there what a target had before it attached the certificate`);
      } else if (key.length < 1 || key.length > 128) {
        problems.push(`tag key ${quote(key)} is ${key.length} characters long; keys are 1 to 128 characters`);
      } else if (key.toLowerCase().startsWith(RESERVED_TAG_PREFIX)) {
        problems.push(`tag key ${quote(key)} starts with "aws:", which AWS reserves for its own tags`);
      } else if (!TAG_CHARACTERS.test(key)) {
        problems.push(`tag key ${quote(key)} may only hold letters, digits, spaces and + - = . _ : / @ (no tabs, line breaks or other control characters)`);
      }
    }
    if (!Token.isUnresolved(value)) {
      if (value.length > 256) {
        problems.push(`tag ${quote(key)} has a value of ${value.length} characters; values are at most 256`);
      } else if (value.toLowerCase().startsWith(RESERVED_TAG_PREFIX)) {
        problems.push(`tag ${quote(key)} has the value ${quote(value)}, which starts with "aws:", a prefix AWS reserves`);
      } else if (!TAG_CHARACTERS.test(value)) {
        problems.push(`tag ${quote(key)} has the value ${quote(value)}; values may only hold letters, digits, spaces and + - = . _ : / @ (no tabs, line breaks or other control characters)`);
      }
    }
  }
  return problems;
}

/** Whether `zoneName` is `domain` or one of its parent domains. */
export function zoneCovers(zoneName: string, domain: string): boolean {
  const zone = zoneName.replace(/\.$/, '').toLowerCase();
  const name = domain.toLowerCase();
  return name === zone || name.endsWith(`.${zone}`);
}

/** A certificate's props with every default applied. */
export interface ResolvedCertificateProps {
  readonly domainName: string;
  readonly subjectAlternativeNames: string[];
  /** The name the user gave, if any. */
  readonly certificateName?: string;
  readonly region: string;
  readonly validation: CertificateValidation;
  readonly timeout: Duration;
  readonly removalPolicy: RemovalPolicy;
  /** Whether a generated name hashes the region (a load balancer's certificate: no, its region is the stack's). Default true. */
  readonly nameHashesRegion?: boolean;
}

/** What the checks of a certificate's props found out on the way: its domains and, for Route 53 validation, each domain's zone. */
export interface CheckedCertificate {
  readonly domains: DomainList;
  /** The zone of each domain, by the domain's index; absent unless validation is through Route 53. */
  readonly zones?: ReadonlyMap<number, IHostedZone>;
  /** How each zone is reached (the provider's own role, or a role of the zone's account); with `zones` only. */
  readonly access?: ZoneAccessPlan;
}

/**
 * Every synth rule a certificate's props must pass: throws one error listing all problems, and warns of
 * a region distributions can't use.
 */
export function checkCertificate(scope: Construct, props: ResolvedCertificateProps): CheckedCertificate {
  const { region, validation } = props;
  const domains = checkDomains(props.domainName, props.subjectAlternativeNames);
  // Zones are matched only against well-formed domains, so a bad domain is reported once, for its own fault.
  const zones = validation.method === ValidationMethod.ROUTE53 && domains.problems.length === 0
    ? assignZones(validation, domains.domainNames)
    : undefined;
  const access = zones ? planZoneAccess(scope, validation, zones.assigned) : undefined;
  const problems = [
    ...domains.problems,
    ...(props.certificateName !== undefined ? checkCertificateName(props.certificateName) : []),
    ...checkRegion(region),
    // integral: false, so that a fractional timeout is reported under its prop rather than by Duration.
    ...checkTimeout(props.timeout.toSeconds({ integral: false })),
    ...(zones?.problems ?? []),
    ...(access?.problems ?? []),
    ...checkRemovalPolicy(props.removalPolicy),
  ];
  const hashed = [...(props.nameHashesRegion === false ? [] : [region]), ...domains.domainNames];
  if (props.certificateName === undefined && hashed.some((v) => Token.isUnresolved(v))) {
    // The generated name hashes the region and the domains: hashing token text, which changes between
    // synths, would rename (and so replace) the certificate on an unrelated change.
    problems.push('certificateName is required when region or a domain is a token (the name generated from them would change between synths)');
  }
  problems.push(...claimName(scope, props.certificateName, region));
  throwIfAny(scope, problems);
  warnOfRegion(scope, region);
  return { domains, zones: zones?.assigned, access };
}

function warnOfRegion(scope: Construct, region: string): void {
  if (Token.isUnresolved(region)) {
    return;
  }
  if (!LIGHTSAIL_REGIONS.includes(region)) {
    Annotations.of(scope).addWarningV2(
      'cdk-lightsail-certificate:unknown-region',
      `region ${quote(region)} is not one Lightsail serves as far as this library knows (${LIGHTSAIL_REGIONS.join(', ')}); the deploy fails there unless Lightsail has come to it since${didYouMean(region)}`,
    );
  } else if (region !== DISTRIBUTION_REGION) {
    Annotations.of(scope).addWarningV2(
      'cdk-lightsail-certificate:region',
      `The certificate is created in ${region}. Lightsail distributions accept ${DISTRIBUTION_REGION} certificates only; a container service in ${region} can use it.`,
    );
  }
}

/** Problems with a removal policy: a snapshot of a certificate does not exist. */
export function checkRemovalPolicy(policy: RemovalPolicy): string[] {
  return policy === RemovalPolicy.DESTROY || policy === RemovalPolicy.RETAIN
    ? []
    : [`removalPolicy ${quote(policy)} is not supported; use RemovalPolicy.DESTROY or RemovalPolicy.RETAIN`];
}

/** The explicit certificate names of each stack, by region and name: the construct path that took each. */
const claimedNames = new WeakMap<Stack, Map<string, string>>();

/**
 * Takes an explicit name for `scope` in its stack and region; the same name twice there would be one
 * certificate that two resources each create and delete.
 */
function claimName(scope: Construct, name: string | undefined, region: string): string[] {
  if (name === undefined || Token.isUnresolved(name) || Token.isUnresolved(region)) {
    return [];
  }
  const stack = Stack.of(scope);
  const claimed = claimedNames.get(stack) ?? new Map<string, string>();
  claimedNames.set(stack, claimed);
  const key = `${region}/${name}`;
  const first = claimed.get(key);
  if (first !== undefined && first !== scope.node.path) {
    return [`certificateName ${quote(name)} in ${region} is already the name of ${first}; ${scope.node.path} needs another one (a name is one certificate)`];
  }
  claimed.set(key, scope.node.path);
  return [];
}
