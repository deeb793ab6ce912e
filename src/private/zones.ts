import { Token } from 'aws-cdk-lib';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { quote, zoneCovers } from './rules';
import type { CertificateValidation } from '../validation';

export function assignZones(validation: CertificateValidation, domainNames: string[]) {
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
      `validation: the hosted zone does not cover ${uncovered.join(', ')}; each domain must be the zone's name or a subdomain of it`,
    );
  }
  return { assigned, problems };
}

/** The zone's name when it is known at synth (imported by id only, it isn't: reading it throws). */
export function knownZoneName(zone: route53.IHostedZone): string | undefined {
  try {
    return Token.isUnresolved(zone.zoneName) ? undefined : zone.zoneName;
  } catch {
    return undefined;
  }
}
