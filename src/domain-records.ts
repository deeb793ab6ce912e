import { CfnResource, Fn, Token } from 'aws-cdk-lib';
import * as lightsail from 'aws-cdk-lib/aws-lightsail';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { Construct } from 'constructs';
import { LightsailCertificate } from './lightsail-certificate';
import { attribute } from './private/attributes';
import { Attr, DISTRIBUTION_DOMAIN_RESOURCE_TYPE, DistributionDomainProperties, SERVICE_TIMEOUT_SECONDS } from './private/contract';
import { throwIfAny } from './private/errors';
import { CertificateProvider } from './private/provider';
import { quote, zoneCovers } from './private/rules';
import { knownZoneName } from './private/zones';

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
   * A Lightsail container service. Each domain gets a `CNAME` to the service's own domain (from its
   * `Url`). An apex domain is refused: a CNAME can't be at the zone apex, and Route 53 aliases can't
   * point at a container service.
   *
   * @param service the container service, whose `publicDomainNames` take the certificate
   */
  public static containerService(service: lightsail.CfnContainer): DomainTarget {
    return new DomainTarget(undefined, service);
  }

  private constructor(
    /** @internal */ public readonly _distribution: lightsail.CfnDistribution | undefined,
    /** @internal */ public readonly _service: lightsail.CfnContainer | undefined,
  ) {}
}

/**
 * Properties of `LightsailDomainRecords`.
 */
export interface LightsailDomainRecordsProps {
  /** The certificate whose domains are served. */
  readonly certificate: LightsailCertificate;

  /** What serves them. */
  readonly target: DomainTarget;

  /** The hosted zone the records go into; every domain must be its name or a subdomain of it. */
  readonly zone: route53.IHostedZone;

  /**
   * The domains to point at the target, each a domain of the certificate.
   *
   * @default - every domain of the certificate
   */
  readonly domainNames?: string[];
}

/**
 * The Route 53 records that send a certificate's domains to the Lightsail distribution or container
 * service that serves them, so that `https://www.example.com` works in the same deploy as the
 * certificate: alias records to a distribution's own domain (read at deploy time, since CloudFormation
 * does not return it), or CNAMEs to a container service's.
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

  /** The records written, in the order of `domainNames` (`A` then `AAAA` for a distribution). */
  public readonly records: route53.RecordSet[] = [];

  constructor(scope: Construct, id: string, props: LightsailDomainRecordsProps) {
    super(scope, id);
    const known = props.certificate.domainNames;
    this.domainNames = props.domainNames ?? known;
    const zoneName = knownZoneName(props.zone)?.replace(/\.$/, '');
    const problems: string[] = [];
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
      if (!known.some((k) => k.toLowerCase() === domain.toLowerCase())) {
        problems.push(`domainNames has ${quote(domain)}, which is not a domain of the certificate (${known.join(', ')})`);
      } else if (zoneName !== undefined && !zoneCovers(zoneName, domain)) {
        problems.push(`domainNames has ${quote(domain)}, which is not in the zone ${quote(zoneName)}`);
      } else if (props.target._service && zoneName !== undefined && domain.toLowerCase() === zoneName.toLowerCase()) {
        problems.push(`domainNames has ${quote(domain)}, the zone's apex: a container service is reached by a CNAME, which can't be at `
          + 'the apex, and Route 53 aliases can\'t point at a container service; serve the apex from a distribution, or leave it out');
      }
    }
    throwIfAny(this, problems, 'LightsailDomainRecords');

    if (props.target._distribution) {
      this.pointAtDistribution(props.target._distribution, props.zone);
    } else {
      this.pointAtContainerService(props.target._service!, props.zone);
    }
  }

  private pointAtDistribution(distribution: lightsail.CfnDistribution, zone: route53.IHostedZone): void {
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
    const target = route53.RecordTarget.fromAlias({
      bind: () => ({ dnsName: attribute(lookup, Attr.DOMAIN_NAME), hostedZoneId: CLOUDFRONT_HOSTED_ZONE_ID }),
    });
    const ipv6 = distribution.ipAddressType !== 'ipv4';
    for (const [index, domain] of this.domainNames.entries()) {
      const id = recordId(domain, index);
      this.records.push(new route53.ARecord(this, `${id}A`, { zone, recordName: `${domain}.`, target }));
      if (ipv6) {
        this.records.push(new route53.AaaaRecord(this, `${id}AAAA`, { zone, recordName: `${domain}.`, target }));
      }
    }
  }

  private pointAtContainerService(service: lightsail.CfnContainer, zone: route53.IHostedZone): void {
    // Url is https://<service>.<id>.<region>.cs.amazonlightsail.com/: the host is the third part.
    const host = Fn.select(2, Fn.split('/', service.attrUrl));
    for (const [index, domain] of this.domainNames.entries()) {
      const id = `${recordId(domain, index)}CNAME`;
      this.records.push(new route53.CnameRecord(this, id, { zone, recordName: `${domain}.`, domainName: host }));
    }
  }
}

/** A construct id for a domain's records: from the domain, so it stays when the list is reordered. */
function recordId(domain: string, index: number): string {
  return Token.isUnresolved(domain) ? `Domain${index}` : domain.toLowerCase();
}
