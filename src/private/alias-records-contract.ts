/**
 * The contract of `Custom::LightsailAliasRecords` between `LightsailDomainRecords` and the handler in
 * `lambda/alias-records.ts` (see `contract.ts` for the other resource types).
 */

/**
 * Route 53 alias records written by the provider through a role of the zone's account (a zone of another
 * account, which CloudFormation record sets of the stack can't reach). The resource owns exactly what it
 * wrote: it creates a record set only where none is, refuses one it did not write, follows a changed
 * target, and deletes its records on Delete.
 */
export const ALIAS_RECORDS_RESOURCE_TYPE = 'Custom::LightsailAliasRecords';

/** Properties of a `Custom::LightsailAliasRecords`. */
export interface AliasRecordsProperties {
  /** The hosted zone (id, without `/hostedzone/`); a change replaces the resource. */
  readonly HostedZoneId: string;
  /** The full names of the records, lower case, without the trailing dot, e.g. `example.com`, `www.example.com`. */
  readonly Names: string[];
  /** The record types written per name: `A`, or `A` and `AAAA`. */
  readonly Types: string[];
  /** The alias target's DNS name: a distribution's or a container service's own domain. */
  readonly TargetDnsName: string;
  /** The alias target's hosted zone (CloudFront's, or the container-service zone of a region). */
  readonly TargetHostedZoneId: string;
  /** The role in the zone's account to assume for every Route 53 call. */
  readonly RoleArn: string;
  /** The external id its trust policy asks for (`sts:ExternalId`). */
  readonly ExternalId?: string;
}

/** The physical id: the zone, so that a zone change is a replacement whose cleanup deletes the old zone's records. */
export function aliasRecordsPhysicalId(hostedZoneId: string): string {
  return `route53-alias-records:${hostedZoneId}`;
}
