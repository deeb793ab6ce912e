import { CfnResource, Stack, Token } from 'aws-cdk-lib';
import type * as route53 from 'aws-cdk-lib/aws-route53';
import { Construct } from 'constructs';
import { ALIAS_RECORDS_RESOURCE_TYPE, AliasRecordsProperties } from './alias-records-contract';
import { CertificateProvider } from './provider';
import { quote } from './rules';
import { SERVICE_TIMEOUT_SECONDS } from './timing';
import type { HostedZoneAccess } from '../validation';

/** Where alias records point, and which types go with each name. */
export interface AliasRecordsTarget {
  readonly dnsName: string;
  readonly hostedZoneId: string;
  /** Whether `AAAA` aliases go with the `A` ones. */
  readonly ipv6: boolean;
}

/**
 * What is wrong with the zone access of `LightsailDomainRecords`: a zone known at synth to be in another
 * account than the stack's (a zone of a stack with another `env.account`) needs a role, because the
 * stack's CloudFormation record sets can only write into the stack's own account; an access needs a role
 * and a Route 53 zone.
 */
export function zoneAccessProblems(scope: Construct, zone: route53.IHostedZone | undefined, access: HostedZoneAccess | undefined): string[] {
  if (access !== undefined) {
    const role = (access as { role?: unknown } | null)?.role;
    if (role === null || typeof role !== 'object' || !('roleArn' in role)) {
      return [`zoneAccess.role is ${role === undefined || role === null ? String(role) : 'not a role (no roleArn)'}; pass the iam.IRole of the zone's account to assume, `
        + 'e.g. iam.Role.fromRoleArn(this, \'DnsRole\', \'arn:aws:iam::111111111111:role/Name\')'];
    }
    return zone === undefined ? [`zoneAccess (role ${quote((role as { roleArn: string }).roleArn)}) is given without zone; it reaches a Route 53 hosted zone of another account`] : [];
  }
  const zoneAccount = zone?.env?.account;
  const stackAccount = Stack.of(scope).account;
  const unknown = (account: string | undefined) => account === undefined || Token.isUnresolved(account);
  if (zone === undefined || unknown(zoneAccount) || unknown(stackAccount) || zoneAccount === stackAccount) {
    return [];
  }
  return [`zone ${zone.node.path} is in account ${zoneAccount}, not in the records' account ${stackAccount}, and no role was given to reach it; `
    + `pass the role of account ${zoneAccount} to assume: zoneAccess: { role }`];
}

/**
 * The alias records of `names`, written by the provider through the zone account's role (one resource for
 * all of them): the provider's policy gets `sts:AssumeRole` on exactly that role, and nothing in Route 53.
 */
export function crossAccountAliasRecords(
  scope: Construct, zone: route53.IHostedZone, access: HostedZoneAccess, names: readonly string[], target: AliasRecordsTarget,
): CfnResource {
  const provider = CertificateProvider.of(scope);
  provider.allowRoleAssumption([access.role.roleArn]);
  const properties: AliasRecordsProperties = {
    HostedZoneId: zone.hostedZoneId,
    Names: names.map((d) => (Token.isUnresolved(d) ? d : d.toLowerCase())),
    Types: target.ipv6 ? ['A', 'AAAA'] : ['A'],
    TargetDnsName: target.dnsName,
    TargetHostedZoneId: target.hostedZoneId,
    RoleArn: access.role.roleArn,
    ExternalId: access.externalId,
  };
  return new CfnResource(scope, 'AliasRecords', {
    type: ALIAS_RECORDS_RESOURCE_TYPE,
    properties: { ServiceToken: provider.serviceToken, ServiceTimeout: SERVICE_TIMEOUT_SECONDS, ...properties },
  });
}
