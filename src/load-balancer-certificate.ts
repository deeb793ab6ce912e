import { CfnResource, Duration, Fn, CfnOutput, IResolvable, RemovalPolicy, Resource, Stack, Token } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { ValidationRecord } from './certificate-base';
import { attribute } from './private/attributes';
import {
  Attr,
  LOAD_BALANCER_ATTACHMENT_RESOURCE_TYPE,
  LOAD_BALANCER_CERTIFICATE_RESOURCE_TYPE,
  LoadBalancerAttachmentProperties,
  LoadBalancerCertificateProperties,
  recordAttribute,
} from './private/contract';
import { fail, prefixed, throwIfAny } from './private/errors';
import { renderIssuedWait } from './private/issued-wait';
import { generateName } from './private/naming';
import { CertificateProvider } from './private/provider';
import { checkCertificate, checkRemovalPolicy, checkResponseSize, quote } from './private/rules';
import { SERVICE_TIMEOUT_SECONDS } from './private/timing';
import { watchMetric, WatchedMetrics } from './private/watch-metrics';
import { CertificateValidation, ValidationMethod } from './validation';

/** Lightsail resource names (botocore `ResourceName`): `\w[\w\-]*\w`. */
const RESOURCE_NAME = /^\w[\w-]*\w$/;

/**
 * Properties of a `LoadBalancerCertificate`.
 */
export interface LoadBalancerCertificateProps {
  /**
   * The name of the Lightsail load balancer, in the stack's region. For a load balancer of the same stack,
   * pass `cfnLoadBalancer.ref` (or its `loadBalancerName`: the certificate then waits for it all the same).
   */
  readonly loadBalancerName: string;

  /**
   * The primary domain of the certificate, e.g. `example.com`. Wildcards are not supported.
   * @see https://docs.aws.amazon.com/lightsail/2016-11-28/api-reference/API_CreateLoadBalancerTlsCertificate.html
   */
  readonly domainName: string;

  /**
   * More domains the certificate covers, at most 9 (10 domains in all). Wildcards are not supported. The
   * primary domain may be repeated here; it is dropped, as Lightsail adds it itself.
   *
   * @default - the primary domain only
   */
  readonly subjectAlternativeNames?: string[];

  /**
   * The name of the certificate: letters, digits, underscores and hyphens, at most 255 characters.
   *
   * The generated name changes when the domains change, so such a change creates a new certificate before
   * the old one is deleted. With an explicit name, change the name too when you change the domains.
   *
   * @default - generated from the construct path and the domains
   */
  readonly certificateName?: string;

  /**
   * How the domains are validated, and whether the deploy waits until the certificate is ISSUED.
   *
   * @default CertificateValidation.manual()
   */
  readonly validation?: CertificateValidation;

  /**
   * How long the deploy may wait for the certificate to be ISSUED: between 1 minute and 1 hour.
   *
   * @default Duration.minutes(30)
   */
  readonly timeout?: Duration;

  /**
   * What happens to the certificate when it leaves the stack: `DESTROY` deletes it (and attaches again the
   * certificate the load balancer had before), `RETAIN` keeps it, attached.
   *
   * @default RemovalPolicy.DESTROY
   */
  readonly removalPolicy?: RemovalPolicy;

  /**
   * Whether to attach the certificate to the load balancer once it is ISSUED (it replaces the attached one,
   * which is attached again when this certificate leaves the stack or the deploy rolls back). Needs a
   * validation that waits for ISSUED.
   *
   * @default true
   */
  readonly attach?: boolean;

  /**
   * Whether the stack watches the certificate's renewal, as `LightsailCertificate`'s `renewalWatch` does:
   * once a day the stack's provider function reads it (`GetLoadBalancerTlsCertificates`) and publishes
   * `DaysToExpiry`, `RenewalFailing` and `RenewalPending` to CloudWatch (namespace `LightsailCertificate`,
   * dimensions `CertificateName`, `Region` and `LoadBalancerName`), which `metricDaysToExpiry()`,
   * `metricRenewalFailing()` and `metricRenewalPending()` return. Lightsail renews only a certificate in
   * use, so one not attached shows as failing once its renewal is due.
   *
   * @default false
   */
  readonly renewalWatch?: boolean;
}

/**
 * An Amazon Lightsail load balancer's TLS certificate, with its DNS validation records published, ISSUED
 * before the deploy goes on, and attached to the load balancer (the certificate it had before is attached
 * again when this one leaves the stack).
 *
 * `AWS::Lightsail::LoadBalancerTlsCertificate` answers as soon as the certificate is requested and exposes
 * no validation records; this construct shares `LightsailCertificate`'s validation choices, ownership and
 * lifecycle. The certificate lives in the load balancer's region, the stack's.
 *
 * @example
 * declare const zone: route53.IHostedZone;
 * declare const loadBalancer: lightsail.CfnLoadBalancer;
 * new LoadBalancerCertificate(this, 'LoadBalancerCertificate', {
 *   loadBalancerName: loadBalancer.ref,
 *   domainName: 'example.com',
 *   subjectAlternativeNames: ['www.example.com'],
 *   validation: CertificateValidation.fromRoute53(zone),
 * });
 */
export class LoadBalancerCertificate extends Resource {
  /**
   * The name of the certificate. When the construct waits for issuance this resolves only after the
   * certificate is ISSUED (and attached, with `attach`).
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

  /** The load balancer that holds the certificate. */
  public readonly loadBalancerName: string;

  /** How the certificate is validated. */
  public readonly validationMethod: ValidationMethod;

  private readonly resource: CfnResource;
  private outputsAdded = false;
  private readonly watchedMetrics: WatchedMetrics;

  constructor(scope: Construct, id: string, props: LoadBalancerCertificateProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const validation = props.validation ?? CertificateValidation.manual();
    const timeout = props.timeout ?? Duration.minutes(30);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.DESTROY;
    const attach = props.attach ?? true;

    const { domains, zones, access } = checkCertificate(this, {
      ...props,
      subjectAlternativeNames: props.subjectAlternativeNames ?? [],
      region: stack.region,
      validation,
      timeout,
      removalPolicy,
      nameHashesRegion: false,
    });
    const problems: string[] = [];
    if (!Token.isUnresolved(props.loadBalancerName) && !RESOURCE_NAME.test(props.loadBalancerName)) {
      problems.push(`loadBalancerName ${quote(props.loadBalancerName)} is not a Lightsail resource name (letters, digits, underscores and hyphens, `
        + 'starting and ending with a letter, digit or underscore)');
    }
    if (attach && !validation.waitForIssued) {
      problems.push('attach is true (the default), but validation is CertificateValidation.manual() without waitForIssued: Lightsail attaches '
        + 'only ISSUED certificates; use a validation that waits (fromRoute53, fromLightsailDomain, manual({ waitForIssued: true })) or set attach: false');
    }
    throwIfAny(this, problems);

    // The certificate lives in the load balancer's region, so the name needs no region in its hash.
    const certificateName = props.certificateName ?? generateName(this, 'load-balancer', domains.domainNames);
    this.loadBalancerName = props.loadBalancerName;
    this.validationMethod = validation.method;
    this.domainNames = domains.domainNames;

    const provider = CertificateProvider.of(this);
    provider.allowLoadBalancerCertificates();
    if (access) {
      provider.allowZones(access.ownZoneIds);
      provider.allowZoneRoles(access.roleArns);
    }
    if (validation.method === ValidationMethod.LIGHTSAIL_DOMAIN) {
      provider.allowLightsailDomainValidation();
    }
    const properties: Unresolved<LoadBalancerCertificateProperties> = {
      CertificateName: certificateName,
      DomainName: props.domainName,
      SubjectAlternativeNames: domains.alternateNames.length > 0 ? domains.alternateNames : undefined,
      Region: stack.region,
      LoadBalancerName: props.loadBalancerName,
      HostedZoneIds: zones ? this.domainNames.map((_, i) => zones.get(i)!.hostedZoneId) : undefined,
      HostedZoneAccess: access?.properties,
    };
    this.resource = new CfnResource(this, 'Resource', {
      type: LOAD_BALANCER_CERTIFICATE_RESOURCE_TYPE,
      properties: { ServiceToken: provider.serviceToken, ServiceTimeout: SERVICE_TIMEOUT_SECONDS, ...properties },
    });
    throwIfAny(this, checkRemovalPolicy(removalPolicy));
    this.resource.applyRemovalPolicy(removalPolicy);
    this.certificateArn = attribute(this.resource, Attr.CERTIFICATE_ARN);
    this.validationRecords = this.domainNames.map((domainName, index) => ({
      domainName,
      name: attribute(this.resource, recordAttribute(index, 'Name')),
      type: attribute(this.resource, recordAttribute(index, 'Type')),
      value: attribute(this.resource, recordAttribute(index, 'Value')),
    }));
    let name = validation.waitForIssued
      ? renderIssuedWait(this, this.resource, stack.region, timeout, validation.method, props.loadBalancerName)
      : attribute(this.resource, Attr.CERTIFICATE_NAME);
    if (attach) {
      const attachment: LoadBalancerAttachmentProperties = { LoadBalancerName: props.loadBalancerName, Region: stack.region, CertificateName: name };
      const resource = new CfnResource(this, 'Attachment', {
        type: LOAD_BALANCER_ATTACHMENT_RESOURCE_TYPE,
        properties: { ServiceToken: provider.serviceToken, ServiceTimeout: SERVICE_TIMEOUT_SECONDS, ...attachment },
      });
      // A kept certificate stays attached: Lightsail renews only certificates in use, and giving the load
      // balancer back the one before would leave the kept one unused.
      resource.applyRemovalPolicy(removalPolicy);
      // Anything that takes the name comes after the attachment, and goes before it.
      name = attribute(resource, Attr.CERTIFICATE_NAME);
    }
    this.certificateName = name;
    // The dimension is the name the certificate resource returns, as for a LightsailCertificate: never
    // waiting for ISSUED or the attachment (the watch may as well see a pending certificate).
    this.watchedMetrics = {
      watched: props.renewalWatch === true,
      certificateName: attribute(this.resource, Attr.CERTIFICATE_NAME),
      region: stack.region,
      loadBalancerName: props.loadBalancerName,
    };
    if (this.watchedMetrics.watched) {
      provider.watch(stack.region, this.watchedMetrics.certificateName, props.loadBalancerName);
    }
    this.node.addValidation({ validate: () => this.validateLoadBalancerCertificate(certificateName) });
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
   * 1 while Lightsail's renewal of the certificate is failing (`PENDING_VALIDATION`: the validation records
   * are not in DNS or the certificate is not attached; `FAILED`; or the certificate is not `ISSUED`), else 0,
   * as the stack's renewal watch publishes it once a day. Needs `renewalWatch: true`.
   *
   * @param props how to aggregate (default: maximum over one day)
   */
  public metricRenewalFailing(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return watchMetric(this, this.watchedMetrics, 'metricRenewalFailing', props);
  }

  /**
   * 1 while Lightsail is renewing the certificate (`PENDING_AUTO_RENEWAL`), else 0, as the stack's renewal
   * watch publishes it once a day. Needs `renewalWatch: true`.
   *
   * @param props how to aggregate (default: maximum over one day)
   */
  public metricRenewalPending(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return watchMetric(this, this.watchedMetrics, 'metricRenewalPending', props);
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
   * Adds one stack output per validation record, `<name> CNAME <value>`, for publishing the records by
   * hand. Calling it again adds nothing.
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

  private validateLoadBalancerCertificate(certificateName: string): string[] {
    const stack = Stack.of(this);
    this.dependOnLoadBalancerInStack();
    return prefixed(this, checkResponseSize({
      stackName: stack.stackName,
      logicalId: stack.resolve(this.resource.logicalId),
      region: stack.region,
      // The physical id and ARN of a load balancer's certificate carry the load balancer's name and a longer
      // resource type than a certificate's: sized as a certificate with that much more name.
      certificateName: Token.isUnresolved(this.loadBalancerName) ? certificateName : `${certificateName}${this.loadBalancerName}${'x'.repeat(32)}`,
      domainNames: this.domainNames,
    }));
  }

  /**
   * A load balancer of this stack named by its literal name (not its `ref`) gives no dependency by itself:
   * the certificate would be requested before the load balancer exists.
   */
  private dependOnLoadBalancerInStack(): void {
    if (Token.isUnresolved(this.loadBalancerName)) {
      return;
    }
    for (const child of Stack.of(this).node.findAll()) {
      if (child instanceof CfnResource && child.cfnResourceType === 'AWS::Lightsail::LoadBalancer'
        && (child as unknown as { loadBalancerName?: string }).loadBalancerName === this.loadBalancerName) {
        this.resource.addDependency(child);
      }
    }
  }
}

/** A custom resource's properties, each of which may be a token until deploy time. */
type Unresolved<T> = { readonly [K in keyof T]: T[K] | IResolvable };
