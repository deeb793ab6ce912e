import { Stack, Tokenization } from 'aws-cdk-lib';
import * as lightsail from 'aws-cdk-lib/aws-lightsail';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { IConstruct } from 'constructs';
import { zoneCovers } from './rules';
import { knownZoneName } from './zones';

/**
 * The constructs of an app that a certificate's checks look at: the distributions that take the
 * certificate, and the hosted zones that could validate it. Both are searched at validation time,
 * when the app is complete.
 */

/**
 * The `CfnDistribution`s under `root` whose `certificateName` holds one of `nameTokens` (the
 * certificate's name attributes, as the tokens the user passed on).
 */
export function takesCertificate(root: IConstruct, nameTokens: string[]): lightsail.CfnDistribution[] {
  const mine = new Set(nameTokens.map((t) => Tokenization.reverseString(t).firstToken).filter((t) => t !== undefined));
  return root.node.findAll()
    .filter((c): c is lightsail.CfnDistribution => c instanceof lightsail.CfnDistribution)
    .filter((d) => typeof d.certificateName === 'string'
      && Tokenization.reverseString(d.certificateName).tokens.some((t) => mine.has(t)));
}

/**
 * The distributions and container services under `root` that take the certificate: a `certificateName`
 * (a container's among its `publicDomainNames`) that holds one of `nameTokens`.
 */
export function consumersOf(root: IConstruct, nameTokens: string[]): IConstruct[] {
  const mine = new Set(nameTokens.map((t) => Tokenization.reverseString(t).firstToken).filter((t) => t !== undefined));
  const holds = (value: unknown) => typeof value === 'string' && Tokenization.reverseString(value).tokens.some((t) => mine.has(t));
  return root.node.findAll().filter((c) => {
    if (c instanceof lightsail.CfnDistribution) return holds(c.certificateName);
    if (c instanceof lightsail.CfnContainer) {
      const entries = c.publicDomainNames;
      return Array.isArray(entries) && entries.some((e) => holds((e as lightsail.CfnContainer.PublicDomainNameProperty).certificateName));
    }
    return false;
  });
}

/**
 * The hosted zones of `stack` (created or imported with a known name) that together cover every one
 * of `domainNames`, each domain taking its closest zone; none unless every domain is covered.
 */
export function zonesCovering(stack: Stack, domainNames: string[]): Set<route53.IHostedZone> {
  const zones = stack.node.findAll().filter(isHostedZone).filter((z) => knownZoneName(z) !== undefined);
  const chosen = new Set<route53.IHostedZone>();
  for (const domain of domainNames) {
    const zone = zones
      .filter((z) => zoneCovers(knownZoneName(z)!, domain))
      .sort((a, b) => knownZoneName(b)!.length - knownZoneName(a)!.length)[0];
    if (zone === undefined) {
      return new Set();
    }
    chosen.add(zone);
  }
  return chosen;
}

/**
 * Created zones and imported ones alike (aws-cdk-lib's imports are not instances of `HostedZone`),
 * but not a private zone: public certificates are validated through public DNS.
 */
function isHostedZone(c: IConstruct): c is route53.IHostedZone & IConstruct {
  return 'hostedZoneId' in c && 'zoneName' in c && 'hostedZoneArn' in c && !(c instanceof route53.PrivateHostedZone);
}
