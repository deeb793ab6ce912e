import * as crypto from 'crypto';
import {
  Annotations,
  CfnOutput,
  CfnResource,
  Duration,
  Fn,
  IResource,
  ITaggableV2,
  Lazy,
  Names,
  RemovalPolicy,
  ResolutionTypeHint,
  Resource,
  TagManager,
  TagType,
  Token,
} from 'aws-cdk-lib';
import * as lightsail from 'aws-cdk-lib/aws-lightsail';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { Construct } from 'constructs';
import {
  Attr,
  CERTIFICATE_RESOURCE_TYPE,
  CertificateResourceProperties,
  ISSUED_RESOURCE_TYPE,
  IssuedResourceProperties,
  linkWaits,
  recordAttribute,
} from './private/contract';
import { CertificateProvider } from './private/provider';
import {
  checkCertificateName,
  checkDomains,
  checkRegion,
  checkTags,
  checkTimeout,
  MAX_TIMEOUT_SECONDS,
  quote,
  zoneCovers,
} from './private/rules';
import { CertificateValidation, ValidationMethod } from './validation';

/** The only region whose certificates Lightsail distributions accept. */
const DISTRIBUTION_REGION = 'us-east-1';

/** A container service serves at most this many domains of one certificate. */
const MAX_CONTAINER_DOMAINS = 4;

const LIGHTSAIL_CERTIFICATE_SYMBOL = Symbol.for('cdk-lightsail-certificate.LightsailCertificate');

/**
 * A DNS record that proves control of one domain of a certificate.
 */
export interface ValidationRecord {
  /** The domain this record validates. */
  readonly domainName: string;
  /** The record name, e.g. `_a1b2c3.www.example.com.`. */
  readonly name: string;
  /** The record type; Lightsail uses `CNAME`. */
  readonly type: string;
  /** The record value. */
  readonly value: string;
}

/**
 * A Lightsail SSL/TLS certificate.
 */
export interface ILightsailCertificate extends IResource, lightsail.ICertificateRef {
  /**
   * The name of the certificate, which distributions and container services take.
   *
   * @attribute
   */
  readonly certificateName: string;

  /**
   * The ARN of the certificate.
   *
   * @attribute
   */
  readonly certificateArn: string;
}

/**
 * What identifies an existing Lightsail certificate.
 */
export interface LightsailCertificateAttributes {
  /** The name of the certificate. */
  readonly certificateName: string;

  /**
   * The ARN of the certificate.
   *
   * @default - not known: reading `certificateArn` fails at synth
   */
  readonly certificateArn?: string;

  /**
   * The region the certificate lives in.
   *
   * @default - the region of the certificate ARN when it is given, else the stack's region
   */
  readonly region?: string;
}

/**
 * Properties of a `LightsailCertificate`.
 */
export interface LightsailCertificateProps {
  /**
   * The primary domain of the certificate, e.g. `example.com`. Wildcards are not supported.
   */
  readonly domainName: string;

  /**
   * More domains the certificate covers, at most 9. Wildcards are not supported. The primary
   * domain may be repeated here; it is dropped, as Lightsail adds it itself.
   *
   * @default - the primary domain only
   */
  readonly subjectAlternativeNames?: string[];

  /**
   * The name of the certificate: letters, digits, underscores and hyphens, at most 255 characters.
   *
   * The generated name changes when the domains or the region change, so such a change creates a
   * new certificate before the old one is deleted. With an explicit name, change the name too when
   * you change the domains.
   *
   * @default - generated from the construct path, the region and the domains
   */
  readonly certificateName?: string;

  /**
   * The region the certificate is created in. Lightsail distributions accept us-east-1
   * certificates only; a container service takes a certificate of its own region.
   *
   * @default 'us-east-1'
   */
  readonly region?: string;

  /**
   * How the domains are validated, and whether the deploy waits until the certificate is ISSUED.
   *
   * @default CertificateValidation.manual()
   */
  readonly validation?: CertificateValidation;

  /**
   * How long the deploy may wait for the certificate to be ISSUED: between 1 minute and 1 hour
   * (CloudFormation's limit for a custom resource).
   *
   * @default Duration.minutes(30)
   */
  readonly timeout?: Duration;

  /**
   * What happens to the certificate when it leaves the stack: `DESTROY` deletes it (after waiting
   * until nothing uses it), `RETAIN` keeps it.
   *
   * @default RemovalPolicy.DESTROY
   */
  readonly removalPolicy?: RemovalPolicy;

  /**
   * Tags of the certificate. `Tags.of(certificate).add(...)` adds more. Changing tags updates the
   * certificate in place.
   *
   * @default - no tags
   */
  readonly tags?: { [key: string]: string };

  /**
   * Whether to take over an existing certificate that has the same name and domains but was made by
   * hand, by another stack, or by another resource. Without it such a certificate is refused, and the
   * deploy fails naming it. Once taken over, the certificate belongs to this stack: its tags are
   * updated and it is deleted with the stack unless the removal policy is `RETAIN`.
   *
   * Certificates this resource made itself (they carry its owner tag) are always taken back, for
   * instance after a Create that was repeated.
   *
   * @default false
   */
  readonly adoptExisting?: boolean;
}

/**
 * What `LightsailCertificate` and imported certificates share.
 */
export abstract class LightsailCertificateBase extends Resource implements ILightsailCertificate {
  public abstract readonly certificateName: string;
  public abstract readonly certificateArn: string;

  /** A reference to this certificate, for aws-cdk-lib's Lightsail constructs. */
  public get certificateRef(): lightsail.CertificateReference {
    return { certificateName: this.certificateName, certificateArn: this.certificateArn };
  }
}

/**
 * An Amazon Lightsail SSL/TLS certificate, created in us-east-1 (or the region you name) from a
 * stack in any region, with its DNS validation records published and, unless validation is
 * manual, ISSUED before anything that takes its name is deployed.
 *
 * @example
 * declare const zone: route53.IHostedZone;
 * const certificate = new LightsailCertificate(this, 'Certificate', {
 *   domainName: 'example.com',
 *   subjectAlternativeNames: ['www.example.com'],
 *   validation: CertificateValidation.fromRoute53(zone),
 * });
 */
export class LightsailCertificate extends LightsailCertificateBase implements ITaggableV2 {
  /**
   * Refers to an existing certificate by name, in the stack's region.
   *
   * @param scope the parent construct
   * @param id the id of the reference
   * @param certificateName the certificate name
   */
  public static fromCertificateName(scope: Construct, id: string, certificateName: string): ILightsailCertificate {
    return LightsailCertificate.fromCertificateAttributes(scope, id, { certificateName });
  }

  /**
   * Refers to an existing certificate by its attributes.
   *
   * @param scope the parent construct
   * @param id the id of the reference
   * @param attrs the certificate's name, and its ARN and region where known
   */
  public static fromCertificateAttributes(
    scope: Construct,
    id: string,
    attrs: LightsailCertificateAttributes,
  ): ILightsailCertificate {
    return new ImportedCertificate(scope, id, attrs);
  }

  /**
   * Whether `x` is a `LightsailCertificate` (and not merely an imported certificate).
   *
   * @param x any value
   */
  public static isLightsailCertificate(x: any): x is LightsailCertificate {
    return x !== null && typeof x === 'object' && LIGHTSAIL_CERTIFICATE_SYMBOL in x;
  }

  /**
   * The name of the certificate. When the construct waits for issuance this resolves only after
   * the certificate is ISSUED, so whatever takes it is deployed after issuance.
   *
   * @attribute
   */
  public readonly certificateName: string;

  /**
   * The ARN of the certificate.
   *
   * @attribute
   */
  public readonly certificateArn: string;

  /**
   * The domains of the certificate: the primary, then the alternates, without duplicates.
   *
   * @attribute
   */
  public readonly domainNames: string[];

  /**
   * The DNS validation records, one per domain, in the order of `domainNames`.
   *
   * @attribute
   */
  public readonly validationRecords: ValidationRecord[];

  /** The region the certificate lives in (also `env.region`). */
  public readonly region: string;

  /** How the certificate is validated. */
  public readonly validationMethod: ValidationMethod;

  /** Tags of the certificate. */
  public readonly cdkTagManager: TagManager;

  private readonly resource: CfnResource;

  constructor(scope: Construct, id: string, props: LightsailCertificateProps) {
    const region = props.region ?? DISTRIBUTION_REGION;
    super(scope, id, { region });
    Object.defineProperty(this, LIGHTSAIL_CERTIFICATE_SYMBOL, { value: true });

    const validation = props.validation ?? CertificateValidation.manual();
    const timeout = props.timeout ?? Duration.minutes(30);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.DESTROY;
    const domains = checkDomains(props.domainName, props.subjectAlternativeNames ?? []);
    const certificateName = props.certificateName ?? generateName(this, region, domains.domainNames);
    const zones = validation.method === ValidationMethod.ROUTE53 ? assignZones(validation, domains.domainNames) : undefined;

    const problems = [
      ...domains.problems,
      ...(props.certificateName !== undefined ? checkCertificateName(props.certificateName) : []),
      ...checkRegion(region),
      ...checkTimeout(timeout.toSeconds()),
      ...(zones?.problems ?? []),
    ];
    if (removalPolicy !== RemovalPolicy.DESTROY && removalPolicy !== RemovalPolicy.RETAIN) {
      problems.push(`removalPolicy ${quote(removalPolicy)} is not supported; use RemovalPolicy.DESTROY or RemovalPolicy.RETAIN`);
    }
    throwIfAny(this, problems);

    if (!Token.isUnresolved(region) && region !== DISTRIBUTION_REGION) {
      Annotations.of(this).addWarningV2(
        'cdk-lightsail-certificate:region',
        `The certificate is created in ${region}. Lightsail distributions accept ${DISTRIBUTION_REGION} certificates only; a container service in ${region} can use it.`,
      );
    }

    this.region = region;
    this.validationMethod = validation.method;
    this.domainNames = domains.domainNames;
    this.cdkTagManager = new TagManager(TagType.MAP, CERTIFICATE_RESOURCE_TYPE, props.tags);
    this.node.addValidation({ validate: () => prefixed(this, checkTags(this.cdkTagManager.tagValues())) });

    const provider = CertificateProvider.of(this);

    const properties: CertificateResourceProperties = {
      CertificateName: certificateName,
      DomainName: props.domainName,
      SubjectAlternativeNames: domains.alternateNames.length > 0 ? domains.alternateNames : undefined,
      Region: region,
      Tags: Lazy.any({ produce: () => this.cdkTagManager.renderTags() }) as unknown as Record<string, string>,
      AdoptExisting: props.adoptExisting ? 'true' : undefined,
    };
    // CfnResource rather than CustomResource: the same template, one construct less per resource,
    // which is most of the synth cost a certificate adds.
    this.resource = new CfnResource(this, 'Resource', {
      type: CERTIFICATE_RESOURCE_TYPE,
      properties: { ServiceToken: provider.serviceToken, ...properties },
    });
    this.resource.applyRemovalPolicy(removalPolicy);

    this.certificateArn = attribute(this.resource, Attr.CERTIFICATE_ARN);
    this.validationRecords = this.domainNames.map((domainName, index) => ({
      domainName,
      name: attribute(this.resource, recordAttribute(index, 'Name')),
      type: attribute(this.resource, recordAttribute(index, 'Type')),
      value: attribute(this.resource, recordAttribute(index, 'Value')),
    }));

    const records = zones ? this.addRecordSets(zones.assigned) : [];

    if (validation.waitForIssued) {
      this.certificateName = this.addWait(provider.serviceToken, timeout, validation.method, records);
    } else {
      this.certificateName = attribute(this.resource, Attr.CERTIFICATE_NAME);
    }
  }

  /**
   * The validation record of one domain of the certificate.
   *
   * @param domainName one of `domainNames` (compared case-insensitively)
   */
  public validationRecordFor(domainName: string): ValidationRecord {
    const record = this.validationRecords.find((r) => r.domainName.toLowerCase() === domainName.toLowerCase());
    if (!record) {
      throw new Error(
        `${this.node.path}: validationRecordFor(${quote(domainName)}): not a domain of this certificate (its domains: ${this.domainNames.join(', ')})`,
      );
    }
    return record;
  }

  /**
   * Adds one stack output per validation record, `<name> CNAME <value>`, for publishing the records
   * by hand.
   */
  public addValidationOutputs(): void {
    this.validationRecords.forEach((record, index) => {
      new CfnOutput(this, `ValidationRecordOutput${index}`, {
        description: `DNS record that validates ${record.domainName}`,
        value: Fn.join(' ', [record.name, record.type, record.value]),
      });
    });
  }

  /**
   * The public domain entry of a Lightsail container service (`CfnContainer.publicDomainNames`)
   * that serves some of this certificate's domains. The container service must be in the
   * certificate's region.
   *
   * @param domainNames the domains the container service serves, at most 4
   * @default - every domain of the certificate
   */
  public containerPublicDomainName(domainNames?: string[]): lightsail.CfnContainer.PublicDomainNameProperty {
    const chosen = domainNames ?? this.domainNames;
    const known = new Set(this.domainNames.map((d) => d.toLowerCase()));
    const problems = chosen
      .filter((d) => !Token.isUnresolved(d) && !known.has(d.toLowerCase()))
      .map((d) => `containerPublicDomainName: domainNames has ${quote(d)}, which is not a domain of this certificate (${this.domainNames.join(', ')})`);
    if (chosen.length > MAX_CONTAINER_DOMAINS) {
      problems.push(
        `containerPublicDomainName: a container service uses at most ${MAX_CONTAINER_DOMAINS} domains of a certificate, got ${chosen.length}; pass the ones it serves`,
      );
    }
    throwIfAny(this, problems);
    return { certificateName: this.certificateName, domainNames: chosen };
  }

  /**
   * The wait for ISSUED: one `Issued` resource per 13 minutes of `timeout` (a Lambda invocation lasts at
   * most 15), each taking the certificate name from the one before, so they run one after the other;
   * the first depends on the record sets. Returns the last one's name attribute.
   */
  private addWait(serviceToken: string, timeout: Duration, method: ValidationMethod, records: route53.CfnRecordSet[]): string {
    // A timeout given as a token can't be split at synth: it gets as many links as the longest timeout.
    const timeoutSeconds = timeout.toSeconds();
    const waits = Token.isUnresolved(timeoutSeconds) ? linkWaits(MAX_TIMEOUT_SECONDS) : linkWaits(timeoutSeconds);
    let certificateName = attribute(this.resource, Attr.CERTIFICATE_NAME);
    waits.forEach((waitSeconds, index) => {
      const last = index === waits.length - 1;
      const properties: IssuedResourceProperties = {
        CertificateName: certificateName,
        Region: this.region,
        WaitSeconds: String(waitSeconds),
        TimeoutSeconds: last ? (Token.isUnresolved(timeoutSeconds) ? Token.asString(timeoutSeconds) : String(timeoutSeconds)) : undefined,
        ValidationMethod: method,
      };
      const link = new CfnResource(this, index === 0 ? 'Issued' : `Issued${index + 1}`, {
        type: ISSUED_RESOURCE_TYPE,
        properties: { ServiceToken: serviceToken, ...properties },
      });
      if (index === 0) {
        link.node.addDependency(...records);
      }
      certificateName = attribute(link, Attr.CERTIFICATE_NAME);
    });
    return certificateName;
  }

  /** One CNAME record set per domain, in the zone assigned to it. */
  private addRecordSets(assigned: Map<number, route53.IHostedZone>): route53.CfnRecordSet[] {
    return [...assigned.entries()].map(([index, zone]) => {
      const record = this.validationRecords[index];
      // Ids from the domain keep each record set with its domain when the alternates are reordered.
      const id = Token.isUnresolved(record.domainName) ? `ValidationRecord${index}` : `ValidationRecord-${record.domainName.toLowerCase()}`;
      return new route53.CfnRecordSet(this, id, {
        hostedZoneId: zone.hostedZoneId,
        name: record.name,
        // Lightsail validates with CNAME records only (the API documents no other type).
        type: 'CNAME',
        ttl: '60',
        resourceRecords: [record.value],
      });
    });
  }
}

/** A certificate that exists outside this stack. */
class ImportedCertificate extends LightsailCertificateBase {
  public readonly certificateName: string;
  public readonly certificateArn: string;

  constructor(scope: Construct, id: string, attrs: LightsailCertificateAttributes) {
    const arnRegion = attrs.certificateArn && !Token.isUnresolved(attrs.certificateArn) ? attrs.certificateArn.split(':')[3] : undefined;
    super(scope, id, { region: attrs.region ?? arnRegion });
    throwIfAny(this, checkCertificateName(attrs.certificateName));
    this.certificateName = attrs.certificateName;
    this.certificateArn =
      attrs.certificateArn ??
      Lazy.string({
        produce: () => {
          throw new Error(
            `${this.node.path}: the ARN of certificate ${quote(attrs.certificateName)} is not known; import it with fromCertificateAttributes({ certificateName, certificateArn })`,
          );
        },
      });
  }
}

/** A string attribute of a custom resource. */
function attribute(resource: CfnResource, name: string): string {
  return Token.asString(resource.getAtt(name, ResolutionTypeHint.STRING));
}

/**
 * Default name: readable from the construct path, unique through a hash of the region and the
 * domain set. The set is sorted and lower-cased, so reordering the alternates keeps the name while
 * any change of domains or region yields a new one (and so a new certificate before the old goes).
 */
function generateName(scope: Construct, region: string, domainNames: string[]): string {
  const base = Names.uniqueResourceName(scope, { maxLength: 200, separator: '-', allowedSpecialCharacters: '-' });
  const domainSet = [...new Set(domainNames.map((d) => d.toLowerCase()))].sort();
  const hash = crypto.createHash('sha256').update([region, ...domainSet].join('\n')).digest('hex').slice(0, 8);
  return `${base}-${hash}`;
}

/** The Route 53 zone of each domain (by index), and what can't be assigned. */
function assignZones(validation: CertificateValidation, domainNames: string[]) {
  const zones = validation._hostedZones;
  const keys = Object.keys(zones);
  const assigned = new Map<number, route53.IHostedZone>();
  const unmapped: string[] = [];
  const uncovered: string[] = [];
  domainNames.forEach((domain, index) => {
    const key = keys.includes('')
      ? ''
      : keys.find((k) => k.toLowerCase() === domain.toLowerCase()) ??
        keys.filter((k) => zoneCovers(k, domain)).sort((a, b) => b.length - a.length)[0];
    if (key === undefined) {
      unmapped.push(domain);
      return;
    }
    const zone = zones[key];
    const zoneName = knownZoneName(zone);
    if (zoneName !== undefined && !Token.isUnresolved(domain) && !zoneCovers(zoneName, domain)) {
      uncovered.push(`${domain} (zone ${zoneName})`);
    }
    assigned.set(index, zone);
  });
  const problems: string[] = [];
  if (unmapped.length > 0) {
    problems.push(
      `validation: CertificateValidation.fromRoute53Zones has no zone for ${unmapped.map(quote).join(', ')} (zones given for ${keys.map(quote).join(', ')}); add the domain or a parent domain as a key`,
    );
  }
  if (uncovered.length > 0) {
    problems.push(
      `validation: the hosted zone does not cover ${uncovered.join(', ')}; each domain must be the zone's name or end with "." plus it`,
    );
  }
  return { assigned, problems };
}

/** The zone's name when it is known at synth (imported by id only, it isn't). */
function knownZoneName(zone: route53.IHostedZone): string | undefined {
  try {
    return Token.isUnresolved(zone.zoneName) ? undefined : zone.zoneName;
  } catch {
    return undefined;
  }
}

function prefixed(scope: Construct, problems: string[]): string[] {
  return problems.map((p) => `LightsailCertificate ${scope.node.path}: ${p}`);
}

/** Throws one error listing every problem, so a user fixes them all in one go. */
function throwIfAny(scope: Construct, problems: string[]): void {
  if (problems.length === 1) {
    throw new Error(prefixed(scope, problems)[0]);
  }
  if (problems.length > 1) {
    throw new Error(`LightsailCertificate ${scope.node.path} has ${problems.length} problems:\n- ${problems.join('\n- ')}`);
  }
}
