import {
  Annotations,
  Arn,
  ArnFormat,
  CfnDeletionPolicy,
  CfnOutput,
  CfnResource,
  Duration,
  Fn,
  IResolvable,
  ITaggableV2,
  Lazy,
  RemovalPolicy,
  Stack,
  TagManager,
  TagType,
  Token,
} from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as lightsail from 'aws-cdk-lib/aws-lightsail';
import type { IHostedZone } from 'aws-cdk-lib/aws-route53';
import { Construct } from 'constructs';
import { DISTRIBUTION_REGION, ILightsailCertificate, LightsailCertificateAttributes, ValidationRecord } from './certificate-base';
import { attribute } from './private/attributes';
import { LightsailCertificateBase } from './private/certificate-base';
import { consumersOf, takesCertificate, zonesCovering } from './private/consumers';
import {
  Attr,
  CERTIFICATE_RESOURCE_TYPE,
  CertificateResourceProperties,
  recordAttribute,
} from './private/contract';
import { fail, prefixed, throwIfAny } from './private/errors';
import { renderIssuedWait } from './private/issued-wait';
import { generateName } from './private/naming';
import { CertificateProvider } from './private/provider';
import { checkCertificate, checkCertificateName, checkRemovalPolicy, checkResponseSize, checkTags, quote } from './private/rules';
import { SERVICE_TIMEOUT_SECONDS } from './private/timing';
import { watchMetric, WatchedMetrics } from './private/watch-metrics';
import type { ZoneAccessPlan } from './private/zone-access';
import { CertificateValidation, ValidationMethod } from './validation';

/** A container service serves at most this many domains of one certificate. */
const MAX_CONTAINER_DOMAINS = 4;

const LIGHTSAIL_CERTIFICATE_SYMBOL = Symbol.for('cdk-lightsail-certificate.LightsailCertificate');

/**
 * Properties of a `LightsailCertificate`.
 */
export interface LightsailCertificateProps {
  /**
   * The primary domain of the certificate, e.g. `example.com`. Wildcards are not supported.
   * @see https://docs.aws.amazon.com/lightsail/2016-11-28/api-reference/API_CreateCertificate.html
   */
  readonly domainName: string;

  /**
   * More domains the certificate covers, at most 9. Wildcards are not supported. The primary
   * domain may be repeated here; it is dropped, as Lightsail adds it itself.
   *
   * @default - the primary domain only
   * @see https://docs.aws.amazon.com/lightsail/2016-11-28/api-reference/API_CreateCertificate.html
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
   * @see https://docs.aws.amazon.com/lightsail/2016-11-28/api-reference/API_CreateCertificate.html
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
   * @see https://docs.aws.amazon.com/lightsail/2016-11-28/api-reference/API_CreateCertificate.html
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

  /**
   * Whether the stack watches the certificate's renewal: once a day the stack's provider function reads
   * it and publishes `DaysToExpiry`, `RenewalFailing` and `RenewalPending` to CloudWatch (namespace
   * `LightsailCertificate`, dimensions `CertificateName` and `Region`), which `metricDaysToExpiry()` and
   * `metricRenewalFailing()` return. Lightsail publishes no such metric itself. The first watched
   * certificate of a stack adds one daily EventBridge rule and its invoke permission; the others add
   * nothing but their entry in the rule's input.
   *
   * @default false
   */
  readonly renewalWatch?: boolean;
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
   * Refers to an existing certificate by name, in us-east-1 (use `fromCertificateAttributes` for
   * another region).
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
    class Import extends LightsailCertificateBase {
      public readonly certificateName = attrs.certificateName;
      public readonly certificateArn: string;

      constructor() {
        // The ARN gives the account and the region; without one, the region is the construct's default.
        super(scope, id, attrs.certificateArn !== undefined && attrs.region === undefined
          ? { environmentFromArn: attrs.certificateArn }
          : { region: attrs.region ?? DISTRIBUTION_REGION });
        throwIfAny(this, checkCertificateName(attrs.certificateName));
        if (attrs.certificateArn !== undefined) {
          // Reads the ARN as aws-cdk-lib does, which refuses one that is not an ARN at all.
          Arn.split(attrs.certificateArn, ArnFormat.SLASH_RESOURCE_NAME);
        }
        this.certificateArn = attrs.certificateArn ?? Lazy.string({
          produce: () => {
            fail(this, `the ARN of certificate ${quote(attrs.certificateName)} is not known; import it with fromCertificateAttributes({ certificateName, certificateArn })`);
          },
        });
      }
    }
    return new Import();
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
   * the certificate is ISSUED, so whatever takes it is deployed after issuance. With
   * `CertificateValidation.manual()` (no wait) it resolves as soon as the certificate is requested:
   * reading it adds a synth warning, since Lightsail attaches only ISSUED certificates.
   *
   * @attribute
   */
  public get certificateName(): string {
    // Warned of at validation, once the whole stack is known: a zone added later may be the fix.
    this.nameRead = true;
    return this.nameAttribute;
  }

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
   * @see https://docs.aws.amazon.com/lightsail/2016-11-28/api-reference/API_DomainValidationRecord.html
   */
  public readonly validationRecords: ValidationRecord[];

  /** The region the certificate lives in (also `env.region`). */
  public readonly region: string;

  /** How the certificate is validated. */
  public readonly validationMethod: ValidationMethod;

  /** Tags of the certificate. */
  public readonly cdkTagManager: TagManager;

  private readonly resource: CfnResource;
  private readonly nameAttribute: string;
  /** Tags the provider adds to record what targets given by name had before; they count toward Lightsail's limit. */
  private recordTags = 0;
  private readonly waits: boolean;
  private readonly zones: IHostedZone[];
  private nameRead = false;
  private outputsAdded = false;
  private readonly watched: boolean;
  private readonly certificateNameForWatch: string;

  constructor(scope: Construct, id: string, props: LightsailCertificateProps) {
    const region = props.region ?? DISTRIBUTION_REGION;
    super(scope, id, { region });
    Object.defineProperty(this, LIGHTSAIL_CERTIFICATE_SYMBOL, { value: true });
    const validation = props.validation ?? CertificateValidation.manual();
    const timeout = props.timeout ?? Duration.minutes(30);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.DESTROY;

    const { domains, zones, access } = checkCertificate(this, {
      ...props, subjectAlternativeNames: props.subjectAlternativeNames ?? [], region, validation, timeout, removalPolicy,
    });

    const certificateName = props.certificateName ?? generateName(this, region, domains.domainNames);
    this.region = region;
    this.validationMethod = validation.method;
    this.waits = validation.waitForIssued;
    this.domainNames = domains.domainNames;
    this.zones = zones ? [...new Set(zones.values())] : [];
    this.cdkTagManager = new TagManager(TagType.MAP, CERTIFICATE_RESOURCE_TYPE, props.tags);
    this.resource = this.renderCertificate(certificateName, props, domains.alternateNames, zones, access);
    this.applyRemovalPolicy(removalPolicy);
    this.certificateArn = attribute(this.resource, Attr.CERTIFICATE_ARN);
    this.validationRecords = this.domainNames.map((domainName, index) => ({
      domainName,
      name: attribute(this.resource, recordAttribute(index, 'Name')),
      type: attribute(this.resource, recordAttribute(index, 'Type')),
      value: attribute(this.resource, recordAttribute(index, 'Value')),
    }));
    this.nameAttribute = validation.waitForIssued
      ? this.renderWait(timeout, validation.method)
      : attribute(this.resource, Attr.CERTIFICATE_NAME);
    this.watched = props.renewalWatch === true;
    // The metrics' dimension is the name the certificate resource returns: known at deploy time only
    // when generated, and never waiting for ISSUED (the watch may as well see a pending certificate).
    this.certificateNameForWatch = attribute(this.resource, Attr.CERTIFICATE_NAME);
    if (this.watched) {
      CertificateProvider.of(this).watch(region, this.certificateNameForWatch);
    }
    // Late, so that tags, removal policies (the certificate's or a zone's) and consumers added after construction count.
    this.node.addValidation({ validate: () => this.validateCertificate(certificateName) });
  }

  /**
   * Days until the certificate expires (`notAfter`), as the stack's renewal watch publishes it once a
   * day; alarm on it as on ACM's `Certificate.metricDaysToExpiry()`. Needs `renewalWatch: true`.
   *
   * @param props how to aggregate (default: minimum over one day)
   */
  public metricDaysToExpiry(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return watchMetric(this, this.watchedMetrics, 'metricDaysToExpiry', props);
  }

  /**
   * 1 while Lightsail's renewal of the certificate is failing (`PendingValidation`: the validation
   * records are not in DNS or the certificate is not in use; `Failed`; or the certificate is not
   * `ISSUED`), else 0, as the stack's renewal watch publishes it once a day. Needs `renewalWatch: true`.
   *
   * @param props how to aggregate (default: maximum over one day)
   */
  public metricRenewalFailing(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return watchMetric(this, this.watchedMetrics, 'metricRenewalFailing', props);
  }

  /**
   * 1 while Lightsail is renewing the certificate (`PendingAutoRenewal`), else 0, as the stack's renewal
   * watch publishes it once a day. Needs `renewalWatch: true`.
   *
   * @param props how to aggregate (default: maximum over one day)
   */
  public metricRenewalPending(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return watchMetric(this, this.watchedMetrics, 'metricRenewalPending', props);
  }

  private get watchedMetrics(): WatchedMetrics {
    return { watched: this.watched, certificateName: this.certificateNameForWatch, region: this.region };
  }

  /**
   * Sets what happens to the certificate when it leaves the stack: `DESTROY` or `RETAIN` (the other
   * policies are refused: a snapshot of a certificate does not exist).
   *
   * @param policy `RemovalPolicy.DESTROY` or `RemovalPolicy.RETAIN`
   */
  public applyRemovalPolicy(policy: RemovalPolicy): void {
    throwIfAny(this, checkRemovalPolicy(policy));
    this.resource.applyRemovalPolicy(policy);
  }

  /**
   * The validation record of one domain of the certificate.
   *
   * @param domainName one of `domainNames` (compared case-insensitively)
   */
  public validationRecordFor(domainName: string): ValidationRecord {
    const record = this.validationRecords.find((r) => r.domainName.toLowerCase() === domainName.toLowerCase());
    if (!record) {
      return fail(this, `validationRecordFor(${quote(domainName)}): not a domain of this certificate (its domains: ${this.domainNames.join(', ')})`);
    }
    return record;
  }

  /**
   * Reserves room among the certificate's tags for the ones the provider writes when it attaches the
   * certificate to a target given by name (what the target had before), so the tag limit is checked at synth.
   *
   * @internal
   */
  public _reserveRecordTags(count: number): void {
    this.recordTags += count;
  }

  /**
   * Adds one stack output per validation record, `<name> CNAME <value>`, for publishing the records
   * by hand. Calling it again adds nothing.
   */
  public addValidationOutputs(): void {
    if (this.outputsAdded) {
      return;
    }
    this.outputsAdded = true;
    this.validationRecords.forEach((record, index) => {
      new CfnOutput(this, `ValidationRecordOutput${index}`, {
        description: `DNS record that validates ${record.domainName}`,
        value: Fn.join(' ', [record.name, record.type, record.value]),
      });
    });
  }

  /**
   * The public domain entry of a Lightsail container service that serves some of this certificate's domains.
   *
   * Give it to `CfnContainer.publicDomainNames`. The container service must be in the certificate's region.
   *
   * @param domainNames the domains the container service serves, at most 4 (default: every domain of the certificate)
   * @see https://docs.aws.amazon.com/lightsail/latest/userguide/amazon-lightsail-enabling-container-services-custom-domains.html
   */
  public containerPublicDomainName(domainNames?: string[]): lightsail.CfnContainer.PublicDomainNameProperty {
    const chosen = domainNames ?? this.domainNames;
    const known = new Set(this.domainNames.map((d) => d.toLowerCase()));
    const problems = chosen
      .filter((d) => !Token.isUnresolved(d) && !known.has(d.toLowerCase()))
      .map((d) => `containerPublicDomainName: domainNames has ${quote(d)}, which is not a domain of this certificate (${this.domainNames.join(', ')})`);
    chosen.forEach((d, index) => {
      const first = chosen.findIndex((other) => !Token.isUnresolved(d) && other.toLowerCase() === d.toLowerCase());
      if (first !== -1 && first < index) {
        problems.push(`containerPublicDomainName: domainNames[${index}] ${quote(d)} repeats domainNames[${first}] ${quote(chosen[first])}; list each name once`);
      }
    });
    if (chosen.length > MAX_CONTAINER_DOMAINS) {
      problems.push(
        `containerPublicDomainName: a container service uses at most ${MAX_CONTAINER_DOMAINS} domains of a certificate, got ${chosen.length}; pass the ones it serves`,
      );
    }
    throwIfAny(this, problems);
    return { certificateName: this.certificateName, domainNames: chosen };
  }

  /** The late checks and warnings: what only the whole app, once built, can tell. */
  private validateCertificate(certificateName: string): string[] {
    this.warnOfDeletedZones();
    this.warnOfNameBeforeIssued();
    this.warnWhereRenewalStops();
    const stack = Stack.of(this);
    return prefixed(this, [
      ...checkTags(this.cdkTagManager.tagValues(), this.recordTags),
      ...this.checkDistributions(),
      ...checkResponseSize({
        stackName: stack.stackName,
        logicalId: stack.resolve(this.resource.logicalId),
        region: this.region,
        certificateName,
        domainNames: this.domainNames,
      }),
    ]);
  }

  /** The certificate resource, and the rights its provider needs to write the records. */
  private renderCertificate(
    certificateName: string,
    props: LightsailCertificateProps,
    alternateNames: string[],
    zones: ReadonlyMap<number, IHostedZone> | undefined,
    access: ZoneAccessPlan | undefined,
  ): CfnResource {
    const provider = CertificateProvider.of(this);
    const hostedZoneIds = zones ? this.domainNames.map((_, i) => zones.get(i)!.hostedZoneId) : undefined;
    const properties: Unresolved<CertificateResourceProperties> = {
      CertificateName: certificateName,
      DomainName: props.domainName,
      SubjectAlternativeNames: alternateNames.length > 0 ? alternateNames : undefined,
      Region: this.region,
      Tags: this.cdkTagManager.renderedTags,
      AdoptExisting: props.adoptExisting ? 'true' : undefined,
      HostedZoneIds: hostedZoneIds,
      HostedZoneAccess: access?.properties,
    };
    if (access) {
      // The provider's own role writes only into zones of its account; the others through the role named for them.
      provider.allowZones(access.ownZoneIds);
      provider.allowZoneRoles(access.roleArns);
    }
    if (this.validationMethod === ValidationMethod.LIGHTSAIL_DOMAIN) {
      provider.allowLightsailDomainValidation();
    }
    // CfnResource rather than CustomResource: the same template, one construct less per resource,
    // which is most of the synth cost a certificate adds.
    return new CfnResource(this, 'Resource', {
      type: CERTIFICATE_RESOURCE_TYPE,
      properties: { ServiceToken: provider.serviceToken, ServiceTimeout: SERVICE_TIMEOUT_SECONDS, ...properties },
    });
  }

  /**
   * Lightsail attaches only ISSUED certificates, and without a wait the name resolves before issuance.
   * When the stack has a hosted zone for the domains, validating through it is the fix, so say which.
   */
  private warnOfNameBeforeIssued(): void {
    if (this.waits || !this.nameRead) {
      return;
    }
    const zones = [...zonesCovering(Stack.of(this), this.domainNames)];
    const then = 'writes the records and waits for ISSUED. Or, once the records are in DNS, use CertificateValidation.manual({ waitForIssued: true }).';
    let fix = 'Once the validation records are in DNS, use CertificateValidation.manual({ waitForIssued: true }).';
    if (zones.length === 1) {
      fix = `The stack has the hosted zone ${zones[0].node.path} (${zones[0].zoneName}), which covers every domain: `
        + `CertificateValidation.fromRoute53(<${zones[0].node.path}>) ${then}`;
    } else if (zones.length > 1) {
      const listed = zones.map((zone) => `${quote(zone.zoneName)}: <${zone.node.path}>`).join(', ');
      fix = `The stack has hosted zones that cover the domains: CertificateValidation.fromRoute53Zones({ ${listed} }) ${then}`;
    }
    Annotations.of(this).addWarningV2(
      'cdk-lightsail-certificate:name-before-issued',
      'certificateName is read, but the certificate is not waited for (CertificateValidation.manual() without waitForIssued): '
      + 'whatever takes the name is deployed before the certificate is ISSUED, and Lightsail attaches only ISSUED certificates. '
      + fix,
    );
  }

  /**
   * A distribution in the app that takes this certificate's name, while the certificate is not in
   * us-east-1: Lightsail refuses it for certain, so synth fails naming both.
   */
  private checkDistributions(): string[] {
    if (Token.isUnresolved(this.region) || this.region === DISTRIBUTION_REGION) {
      return [];
    }
    return takesCertificate(this.node.root, [this.nameAttribute, attribute(this.resource, Attr.CERTIFICATE_NAME)])
      .map((distribution) => `region is ${quote(this.region)}, but the distribution ${distribution.node.path} takes this certificate `
        + `(certificateName), and Lightsail distributions accept ${DISTRIBUTION_REGION} certificates only; leave region out (the `
        + `default is ${DISTRIBUTION_REGION}) or give the distribution a certificate of its own in ${DISTRIBUTION_REGION}`);
  }

  /**
   * Lightsail renews a certificate only while "your certificate remains in use" (its `RenewalSummary`
   * documentation). Two cases the app shows: a RETAINed certificate whose every consumer is in its own
   * stack (once the stack is deleted nothing uses it), and a manual-validation certificate nothing in
   * the app consumes (nothing here keeps it in use).
   */
  private warnWhereRenewalStops(): void {
    const consumers = consumersOf(this.node.root, [this.nameAttribute, attribute(this.resource, Attr.CERTIFICATE_NAME)]);
    const stack = Stack.of(this);
    if (this.resource.cfnOptions.deletionPolicy === CfnDeletionPolicy.RETAIN && consumers.length > 0
      && consumers.every((c) => Stack.of(c) === stack)) {
      Annotations.of(this).addWarningV2(
        'cdk-lightsail-certificate:retained-unused',
        `removalPolicy is RETAIN, but everything that uses the certificate (${consumers.map((c) => c.node.path).join(', ')}) is in stack `
        + `${stack.stackName}: once the stack is deleted nothing uses the kept certificate, and Lightsail renews only certificates in use, `
        + 'so it expires. Use RemovalPolicy.DESTROY, or attach it to something outside this stack.',
      );
    }
    if (this.validationMethod === ValidationMethod.MANUAL && consumers.length === 0) {
      Annotations.of(this).addWarningV2(
        'cdk-lightsail-certificate:manual-unused',
        'validation is CertificateValidation.manual() and nothing in the app uses the certificate (no distribution or container service '
        + 'takes its name): Lightsail renews only certificates in use whose validation records stay in DNS. Attach it to what it is for, '
        + 'and keep the records published.',
      );
    }
  }

  /**
   * A retained certificate keeps its validation records, to renew. A zone this stack deletes can't be
   * deleted while they are in it (Route 53 refuses), and without them the certificate stops renewing.
   */
  private warnOfDeletedZones(): void {
    if (this.resource.cfnOptions.deletionPolicy !== CfnDeletionPolicy.RETAIN) {
      return;
    }
    for (const zone of this.zones) {
      const resource = zone.node.defaultChild;
      if (resource instanceof CfnResource && resource.cfnResourceType === 'AWS::Route53::HostedZone'
        && resource.cfnOptions.deletionPolicy !== CfnDeletionPolicy.RETAIN) {
        Annotations.of(this).addWarningV2(
          'cdk-lightsail-certificate:retained-records-in-deleted-zone',
          `removalPolicy is RETAIN, so the certificate's validation records stay in hosted zone ${zone.node.path} when the stack is deleted, `
          + 'but the stack deletes that zone: Route 53 refuses to delete a zone that still has records, and without them the certificate '
          + 'stops renewing. Retain the zone too (zone.applyRemovalPolicy(RemovalPolicy.RETAIN)), or keep it in another stack.',
        );
      }
    }
  }

  private renderWait(timeout: Duration, method: ValidationMethod): string {
    return renderIssuedWait(this, this.resource, this.region, timeout, method);
  }
}

/** A custom resource's properties, each of which may be a token until deploy time. */
type Unresolved<T> = { readonly [K in keyof T]: T[K] | IResolvable };

