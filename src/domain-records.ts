import { CfnMapping, CfnResource, Fn, Stack, Token } from 'aws-cdk-lib';
import * as lightsail from 'aws-cdk-lib/aws-lightsail';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { Construct } from 'constructs';
import { DISTRIBUTION_REGION, ILightsailCertificate } from './certificate-base';
import { LightsailCertificate } from './lightsail-certificate';
import { crossAccountAliasRecords, zoneAccessProblems } from './private/alias-records';
import { attribute } from './private/attributes';
import { CONTAINER_SERVICE_HOSTED_ZONE_IDS } from './private/container-zones';
import {
  Attr,
  CONTAINER_SERVICE_CERTIFICATE_RESOURCE_TYPE,
  ContainerServiceCertificateProperties,
  DISTRIBUTION_CERTIFICATE_RESOURCE_TYPE,
  DISTRIBUTION_DOMAIN_RESOURCE_TYPE,
  DistributionCertificateProperties,
  DistributionDomainProperties,
  DOMAIN_ENTRIES_RESOURCE_TYPE,
  DomainEntriesProperties,
  MAX_CONTAINER_SERVICE_DOMAINS,
  TARGET_DOMAIN_NAME_ATTRIBUTE,
} from './private/contract';
import { throwIfAny } from './private/errors';
import { CertificateProvider } from './private/provider';
import { quote, zoneCovers } from './private/rules';
import { SERVICE_TIMEOUT_SECONDS } from './private/timing';
import { knownZoneName } from './private/zones';
import type { HostedZoneAccess } from './validation';

/** The hosted zone of every CloudFront domain, which Lightsail distributions are served from. */
const CLOUDFRONT_HOSTED_ZONE_ID = 'Z2FDTNDATAQYW2';

/**
 * What serves a certificate's domains: a Lightsail distribution or a Lightsail container service.
 *
 * @example
 * declare const distribution: lightsail.CfnDistribution;
 * const target = DomainTarget.distribution(distribution);
 */
export class DomainTarget {
  /**
   * A Lightsail distribution (CDN). Each domain gets alias records (`A`, and `AAAA` unless the
   * distribution is `ipv4` only) to the distribution's own domain, which is read at deploy time.
   * Apex domains work: an alias is not a CNAME.
   *
   * @param distribution the distribution, which takes the certificate's name
   */
  public static distribution(distribution: lightsail.CfnDistribution): DomainTarget {
    return new DomainTarget(distribution, undefined);
  }

  /**
   * A Lightsail container service. Each domain gets an alias `A` record to the service's own domain
   * (from its `Url`), with the hosted zone of the service's region as the Lightsail guide lists it.
   * Apex domains work: an alias is not a CNAME. No `AAAA`: AWS documents no IPv6 for container services.
   *
   * @param service the container service, whose `publicDomainNames` take the certificate
   */
  public static containerService(service: lightsail.CfnContainer): DomainTarget {
    return new DomainTarget(undefined, service);
  }

  /**
   * A Lightsail distribution made outside this app (console, another tool), by name. Once the
   * certificate is ISSUED, the provider attaches it to the distribution (remembering the certificate
   * the distribution had), then the records are written: alias `A` and `AAAA` records to the
   * distribution's own domain. When the records leave the stack, or point elsewhere, the distribution
   * gets back the certificate it had before (or none, when it had none). The certificate must be in
   * us-east-1, as every distribution's.
   *
   * @param distributionName the distribution's name
   */
  public static fromDistributionName(distributionName: string): DomainTarget {
    return new DomainTarget(undefined, undefined, distributionName);
  }

  /**
   * A Lightsail container service made outside this app, by name. Once the certificate is ISSUED,
   * the provider adds the domains to the service's public domain names (leaving its other domains as
   * they are), then the alias `A` records to the service's own domain are written. When the records
   * leave the stack, or point elsewhere, exactly the domains added are removed again. A container
   * service takes at most 4 custom domains, and certificates of its own region.
   *
   * @param serviceName the container service's name
   * @param region the container service's region
   * @default region - the region of the stack of `LightsailDomainRecords`
   */
  public static fromContainerServiceName(serviceName: string, region?: string): DomainTarget {
    return new DomainTarget(undefined, undefined, undefined, { name: serviceName, region });
  }

  private constructor(
    /** @internal */ public readonly _distribution: lightsail.CfnDistribution | undefined,
    /** @internal */ public readonly _service: lightsail.CfnContainer | undefined,
    /** @internal */ public readonly _distributionName?: string,
    /** @internal */ public readonly _serviceByName?: { readonly name: string; readonly region?: string },
  ) {}
}

/**
 * Properties of `LightsailDomainRecords`.
 */
export interface LightsailDomainRecordsProps {
  /**
   * The certificate whose domains are served: a `LightsailCertificate`, or an imported one (then
   * `domainNames` is required, as an imported certificate's domains are not known).
   */
  readonly certificate: ILightsailCertificate;

  /** What serves them. */
  readonly target: DomainTarget;

  /**
   * The Route 53 hosted zone the records go into; every domain must be its name or a subdomain of it.
   * Give this or `lightsailDomain`.
   *
   * @default - none: `lightsailDomain` is required
   */
  readonly zone?: route53.IHostedZone;

  /**
   * How the provider reaches `zone` when it lives in another AWS account: the role of that account to
   * assume (STS `AssumeRole`, with the external id when given). The provider then writes the alias records
   * itself, as that role, and owns exactly what it wrote: it creates a record only where the zone has none
   * of that name and type, refuses (naming it) one it did not write, follows a changed target, and removes
   * its records when they leave the stack. The provider's policy gets `sts:AssumeRole` on exactly this
   * role; the role's permissions policy, in the zone's account, must allow the records (see the README).
   *
   * @default - the zone is in the stack's account: the records are the stack's `AWS::Route53::RecordSet`s
   */
  readonly zoneAccess?: HostedZoneAccess;

  /**
   * A Lightsail DNS zone (e.g. `example.com`) the records go into instead of a Route 53 zone: the
   * provider writes one alias `A` entry per domain there, and removes exactly those entries when they
   * leave the stack or point elsewhere. Give this or `zone`.
   *
   * @default - none: `zone` is required
   */
  readonly lightsailDomain?: string;

  /**
   * The ARN of the Lightsail DNS zone, so that the provider may write into that zone only. Lightsail
   * domain ARNs end in a generated id, not the name.
   *
   * @default - the provider may write entries into every Lightsail DNS zone of the account
   */
  readonly lightsailDomainArn?: string;

  /**
   * The domains to point at the target, each a domain of the certificate.
   *
   * @default - every domain of the certificate (required for an imported certificate)
   */
  readonly domainNames?: string[];
}

/**
 * The DNS records that send a certificate's domains to the Lightsail distribution or container service
 * that serves them, so that `https://www.example.com` (and the apex) works in the same deploy as the
 * certificate: alias records to a distribution's own domain (read at deploy time, since CloudFormation
 * does not return it) or to a container service's, in a Route 53 hosted zone or a Lightsail DNS zone.
 *
 * The records follow what they point at: they are written after the distribution (or service), which
 * takes the certificate after it is ISSUED; they change when it is replaced, and go with the stack.
 *
 * @example
 * declare const zone: route53.IHostedZone;
 * declare const certificate: LightsailCertificate;
 * declare const distribution: lightsail.CfnDistribution;
 * new LightsailDomainRecords(this, 'Records', {
 *   certificate,
 *   target: DomainTarget.distribution(distribution),
 *   zone,
 * });
 */
export class LightsailDomainRecords extends Construct {
  /** The domains pointed at the target. */
  public readonly domainNames: string[];

  /**
   * The records written as the stack's record sets, in the order of `domainNames` (`A` then `AAAA` for a
   * distribution). Empty with `zoneAccess` or `lightsailDomain`.
   */
  public readonly records: route53.RecordSet[] = [];

  /**
   * The alias records the provider writes through `zoneAccess` into a zone of another account (one
   * resource for all of them), or `undefined` without `zoneAccess`.
   */
  public readonly crossAccountRecords?: CfnResource;

  /**
   * The entries written into the Lightsail DNS zone (`lightsailDomain`), or `undefined` with a Route 53 zone.
   */
  public readonly lightsailDomainEntries?: CfnResource;

  constructor(scope: Construct, id: string, props: LightsailDomainRecordsProps) {
    super(scope, id);
    const known = LightsailCertificate.isLightsailCertificate(props.certificate) ? props.certificate.domainNames : undefined;
    const problems: string[] = [];
    if (known === undefined && props.domainNames === undefined) {
      problems.push(`domainNames is required with an imported certificate (${props.certificate.node.path}), whose domains are not known at synth`);
    }
    if ((props.zone === undefined) === (props.lightsailDomain === undefined)) {
      problems.push(props.zone === undefined
        ? 'give zone (a Route 53 hosted zone) or lightsailDomain (a Lightsail DNS zone): the records go into one of them'
        : `give zone or lightsailDomain, not both (zone ${props.zone.node.path}, lightsailDomain ${quote(props.lightsailDomain!)})`);
    }
    if (props.lightsailDomainArn !== undefined && props.lightsailDomain === undefined) {
      problems.push(`lightsailDomainArn ${quote(props.lightsailDomainArn)} is given without lightsailDomain`);
    }
    problems.push(...zoneAccessProblems(this, props.zone, props.zoneAccess));
    this.domainNames = props.domainNames ?? known ?? [];
    const zoneName = props.zone ? knownZoneName(props.zone)?.replace(/\.$/, '') : props.lightsailDomain;
    const where = props.zone ? 'zone' : 'Lightsail domain';
    const seen = new Map<string, number>();
    for (const [index, domain] of this.domainNames.entries()) {
      if (Token.isUnresolved(domain)) {
        continue;
      }
      // DNS names are case-insensitive: a second spelling would be the same records again.
      const first = seen.get(domain.toLowerCase());
      if (first !== undefined) {
        problems.push(`domainNames[${index}] ${quote(domain)} repeats domainNames[${first}] ${quote(this.domainNames[first])}; list each name once`);
        continue;
      }
      seen.set(domain.toLowerCase(), index);
      if (known !== undefined && !known.some((k) => k.toLowerCase() === domain.toLowerCase())) {
        problems.push(`domainNames has ${quote(domain)}, which is not a domain of the certificate (${known.join(', ')})`);
      } else if (zoneName !== undefined && !Token.isUnresolved(zoneName) && !zoneCovers(zoneName, domain)) {
        problems.push(`domainNames has ${quote(domain)}, which is not in the ${where} ${quote(zoneName)}`);
      }
    }
    problems.push(...checkRegions(this, props.certificate, props.target));
    if ((props.target._service || props.target._serviceByName) && this.domainNames.length > MAX_CONTAINER_SERVICE_DOMAINS) {
      problems.push(`domainNames has ${this.domainNames.length} domains (${this.domainNames.join(', ')}), but a container service takes up to `
        + `${MAX_CONTAINER_SERVICE_DOMAINS} custom domains across its certificates; list the ones it serves`);
    }
    throwIfAny(this, problems, 'LightsailDomainRecords');

    const target = props.target._distribution
      ? this.distributionTarget(props.target._distribution)
      : props.target._service
        ? this.containerServiceTarget(props.target._service)
        : props.target._distributionName !== undefined
          ? this.existingDistributionTarget(props.target._distributionName, props.certificate)
          : this.existingContainerServiceTarget(props.target._serviceByName!.name, serviceRegion(this, props.target)!, props.certificate);
    if (props.zone && props.zoneAccess) {
      this.crossAccountRecords = crossAccountAliasRecords(this, props.zone, props.zoneAccess, this.domainNames, target);
    } else if (props.zone) {
      this.writeRoute53Records(props.zone, target);
    } else {
      this.lightsailDomainEntries = this.writeLightsailEntries(props.lightsailDomain!, props.lightsailDomainArn, target.dnsName);
    }
  }

  /** Where the alias records of a distribution point: its own domain, read at deploy time. */
  private distributionTarget(distribution: lightsail.CfnDistribution): AliasTarget {
    const provider = CertificateProvider.of(this);
    provider.allowDistributionReads();
    const properties: DistributionDomainProperties = {
      DistributionName: distribution.ref,
      DistributionArn: distribution.attrDistributionArn,
    };
    const lookup = new CfnResource(this, 'DistributionDomain', {
      type: DISTRIBUTION_DOMAIN_RESOURCE_TYPE,
      properties: { ServiceToken: provider.serviceToken, ServiceTimeout: SERVICE_TIMEOUT_SECONDS, ...properties },
    });
    return {
      dnsName: attribute(lookup, Attr.DOMAIN_NAME),
      hostedZoneId: CLOUDFRONT_HOSTED_ZONE_ID,
      ipv6: distribution.ipAddressType !== 'ipv4',
    };
  }

  /**
   * Where the alias records of a container service point: the host of its `Url`
   * (`https://<service>.<id>.<region>.cs.amazonlightsail.com/`), in the hosted zone of its region.
   */
  private containerServiceTarget(service: lightsail.CfnContainer): AliasTarget {
    const host = Fn.select(2, Fn.split('/', service.attrUrl));
    return { dnsName: host, hostedZoneId: containerZoneId(service, Stack.of(service).region), ipv6: false };
  }

  /**
   * A distribution made outside the app: the provider attaches the certificate and reads the domain. Its
   * IP address type is not known at synth, so both `A` and `AAAA` aliases are written (Lightsail's default is dual-stack).
   */
  private existingDistributionTarget(distributionName: string, certificate: ILightsailCertificate): AliasTarget {
    const provider = CertificateProvider.of(this);
    provider.allowDistributionAttachment();
    // The provider records the distribution's earlier certificate on ours: a count tag and one value.
    reserveRecordTags(certificate, 2);
    const properties: DistributionCertificateProperties = { DistributionName: distributionName, CertificateName: certificate.certificateName };
    const attachment = new CfnResource(this, 'DistributionCertificate', {
      type: DISTRIBUTION_CERTIFICATE_RESOURCE_TYPE,
      properties: { ServiceToken: provider.serviceToken, ServiceTimeout: SERVICE_TIMEOUT_SECONDS, ...properties },
    });
    return { dnsName: attribute(attachment, TARGET_DOMAIN_NAME_ATTRIBUTE), hostedZoneId: CLOUDFRONT_HOSTED_ZONE_ID, ipv6: true };
  }

  /** A container service made outside the app: the provider adds the domains and reads the service's own domain. */
  private existingContainerServiceTarget(serviceName: string, region: string, certificate: ILightsailCertificate): AliasTarget {
    const provider = CertificateProvider.of(this);
    provider.allowContainerServiceUpdates(region);
    // The provider records the domains the service had before on ours: a count tag, one per domain, and the id in force.
    reserveRecordTags(certificate, 2 + this.domainNames.length);
    const properties: ContainerServiceCertificateProperties = {
      ServiceName: serviceName,
      Region: region,
      CertificateName: certificate.certificateName,
      DomainNames: this.domainNames.map((d) => (Token.isUnresolved(d) ? d : d.toLowerCase())),
    };
    const attachment = new CfnResource(this, 'ContainerServiceCertificate', {
      type: CONTAINER_SERVICE_CERTIFICATE_RESOURCE_TYPE,
      properties: { ServiceToken: provider.serviceToken, ServiceTimeout: SERVICE_TIMEOUT_SECONDS, ...properties },
    });
    return { dnsName: attribute(attachment, TARGET_DOMAIN_NAME_ATTRIBUTE), hostedZoneId: containerZoneId(this, region), ipv6: false };
  }

  private writeRoute53Records(zone: route53.IHostedZone, alias: AliasTarget): void {
    const target = route53.RecordTarget.fromAlias({ bind: () => ({ dnsName: alias.dnsName, hostedZoneId: alias.hostedZoneId }) });
    for (const [index, domain] of this.domainNames.entries()) {
      const id = recordId(domain, index);
      this.records.push(new route53.ARecord(this, `${id}A`, { zone, recordName: `${domain}.`, target }));
      if (alias.ipv6) {
        this.records.push(new route53.AaaaRecord(this, `${id}AAAA`, { zone, recordName: `${domain}.`, target }));
      }
    }
  }

  /**
   * One alias `A` entry per domain in the Lightsail DNS zone, written by the provider (CloudFormation has
   * no resource for a single entry). `A` only: Lightsail documents alias entries as `A` records.
   */
  private writeLightsailEntries(domainName: string, domainArn: string | undefined, target: string): CfnResource {
    const provider = CertificateProvider.of(this);
    provider.allowDomainEntries(domainArn);
    const properties: DomainEntriesProperties = {
      DomainName: domainName,
      Names: this.domainNames.map((d) => (Token.isUnresolved(d) ? d : d.toLowerCase())),
      Target: target,
    };
    return new CfnResource(this, 'DomainEntries', {
      type: DOMAIN_ENTRIES_RESOURCE_TYPE,
      properties: { ServiceToken: provider.serviceToken, ServiceTimeout: SERVICE_TIMEOUT_SECONDS, ...properties },
    });
  }
}

/** Where alias records point. */
interface AliasTarget {
  readonly dnsName: string;
  readonly hostedZoneId: string;
  /** Whether `AAAA` aliases go with the `A` ones. */
  readonly ipv6: boolean;
}

/** The id of the stack's mapping from region to container-service hosted zone (region-agnostic stacks only). */
const CONTAINER_ZONES_MAPPING_ID = 'LightsailContainerServiceHostedZones';

/**
 * The hosted zone of container services of `region`; for a region-agnostic stack, looked up by the
 * template for the region it is deployed to.
 */
function containerZoneId(scope: Construct, region: string): string {
  if (!Token.isUnresolved(region)) {
    return CONTAINER_SERVICE_HOSTED_ZONE_IDS[region];
  }
  const stack = Stack.of(scope);
  const mapping = (stack.node.tryFindChild(CONTAINER_ZONES_MAPPING_ID) as CfnMapping | undefined)
    ?? new CfnMapping(stack, CONTAINER_ZONES_MAPPING_ID, {
      mapping: Object.fromEntries(Object.entries(CONTAINER_SERVICE_HOSTED_ZONE_IDS).map(([r, zone]) => [r, { HostedZoneId: zone }])),
    });
  return mapping.findInMap(region, 'HostedZoneId');
}

/** The region of a container-service target: its stack's, or the one given with its name (else the records' stack's). */
function serviceRegion(scope: Construct, target: DomainTarget): string | undefined {
  if (target._service) {
    return Stack.of(target._service).region;
  }
  return target._serviceByName ? target._serviceByName.region ?? Stack.of(scope).region : undefined;
}

/**
 * What Lightsail refuses, known at synth: a distribution takes us-east-1 certificates only; a container
 * service takes certificates of its own region, and its alias needs a region the guide lists.
 */
function checkRegions(scope: Construct, certificate: ILightsailCertificate, target: DomainTarget): string[] {
  const certificateRegion = LightsailCertificate.isLightsailCertificate(certificate) ? certificate.region : certificate.env.region;
  const problems: string[] = [];
  if (target._distribution || target._distributionName !== undefined) {
    const named = target._distribution ? target._distribution.node.path : quote(target._distributionName!);
    if (!Token.isUnresolved(certificateRegion) && certificateRegion !== DISTRIBUTION_REGION) {
      problems.push(`the certificate ${certificate.node.path} is in ${quote(certificateRegion)}, but the target distribution `
        + `${named} accepts ${DISTRIBUTION_REGION} certificates only; create the certificate in ${DISTRIBUTION_REGION}`);
    }
    return problems;
  }
  const named = target._service ? target._service.node.path : quote(target._serviceByName!.name);
  const region = serviceRegion(scope, target)!;
  if (Token.isUnresolved(region)) {
    return problems;
  }
  if (!(region in CONTAINER_SERVICE_HOSTED_ZONE_IDS)) {
    problems.push(`the target container service ${named} is in ${quote(region)}, where Lightsail lists no container-service `
      + `hosted zone for alias records (it lists ${Object.keys(CONTAINER_SERVICE_HOSTED_ZONE_IDS).join(', ')})`);
  }
  if (!Token.isUnresolved(certificateRegion) && certificateRegion !== region) {
    problems.push(`the certificate ${certificate.node.path} is in ${quote(certificateRegion)}, but the target container service `
      + `${named} is in ${quote(region)} and takes certificates of its own region only`);
  }
  return problems;
}

/** A construct id for a domain's records: from the domain, so it stays when the list is reordered. */
function recordId(domain: string, index: number): string {
  return Token.isUnresolved(domain) ? `Domain${index}` : domain.toLowerCase();
}

/** Room for the provider's record tags on a certificate of this app (an imported one's tags are not known). */
function reserveRecordTags(certificate: ILightsailCertificate, count: number): void {
  if (LightsailCertificate.isLightsailCertificate(certificate)) {
    certificate._reserveRecordTags(count);
  }
}
