import { Stack, Token } from 'aws-cdk-lib';
import type * as route53 from 'aws-cdk-lib/aws-route53';
import { Construct } from 'constructs';
import type { ZoneAccessProperties } from './contract';
import type { CertificateValidation, HostedZoneAccess } from '../validation';

/** The zones of a certificate's domains (by domain index) and the role to assume for each zone of another account. */
export interface ZoneAccessPlan {
  /** `HostedZoneAccess` of the resource properties: the role per zone id; `undefined` when every zone is the stack's account's. */
  readonly properties?: Record<string, ZoneAccessProperties>;
  /** The zones reached with the provider's own role (the stack's account). */
  readonly ownZoneIds: string[];
  /** The roles to assume, each once. */
  readonly roleArns: string[];
  /** What is wrong, one message each. */
  readonly problems: string[];
}

/**
 * Which zone is reached how: with the provider's own role, or through the role given for it. A zone whose
 * account is known at synth (a zone of a stack with another `env.account`) and differs from the
 * certificate stack's must come with a role: the provider's role can't write there.
 */
export function planZoneAccess(
  scope: Construct, validation: CertificateValidation, assigned: ReadonlyMap<number, route53.IHostedZone>,
): ZoneAccessPlan {
  const keyOf = (zone: route53.IHostedZone) => Object.keys(validation._hostedZones).find((k) => validation._hostedZones[k] === zone);
  const stackAccount = Stack.of(scope).account;
  const properties: Record<string, ZoneAccessProperties> = {};
  const ownZoneIds: string[] = [];
  const roleArns: string[] = [];
  const problems: string[] = [];
  for (const zone of new Set(assigned.values())) {
    const key = keyOf(zone);
    const access: HostedZoneAccess | undefined = key === undefined ? undefined : validation._access[key];
    if (!access) {
      ownZoneIds.push(zone.hostedZoneId);
      const zoneAccount = zone.env?.account;
      if (zoneAccount !== undefined && !Token.isUnresolved(zoneAccount) && !Token.isUnresolved(stackAccount) && zoneAccount !== stackAccount) {
        const how = key === '' ? 'CertificateValidation.fromRoute53CrossAccount(zone, { role })' : `CertificateValidation.fromRoute53ZonesCrossAccount(zones, { ${JSON.stringify(key)}: { role } })`;
        problems.push(`validation: hosted zone ${zone.node.path} is in account ${zoneAccount}, not in the certificate's account ${stackAccount}, and no role was given to reach it; `
          + `pass the role of account ${zoneAccount} to assume: ${how}`);
      }
      continue;
    }
    const roleArn = access.role.roleArn;
    properties[zone.hostedZoneId] = { RoleArn: roleArn, ExternalId: access.externalId };
    if (!roleArns.includes(roleArn)) roleArns.push(roleArn);
  }
  return { properties: roleArns.length > 0 ? properties : undefined, ownZoneIds, roleArns, problems };
}
