import {
  Change,
  ChangeResourceRecordSetsCommand,
  GetChangeCommand,
  ListResourceRecordSetsCommand,
  ListResourceRecordSetsCommandOutput,
  Route53Client,
  RRType,
} from '@aws-sdk/client-route-53';
import { RetryOptions, withRetries } from './retries';

/**
 * Every call the handler makes to Route 53, each with the retry policy (which also covers Route 53's
 * `PriorRequestNotComplete`). What to change is decided in `records.ts`.
 */

/** Where a listing starts, and how many record sets it returns at most. */
export interface RecordSetListing {
  readonly zoneId: string;
  readonly startName: string;
  readonly startType: RRType;
  readonly maxItems: number;
}

/**
 * Applies one change batch to a zone: all of it or nothing (Route 53 API reference, ChangeResourceRecordSets).
 * A batch built on a stale read fails with `InvalidChangeBatch`, thrown for the caller to build it again.
 *
 * @returns the change id, to wait for INSYNC with
 */
export async function changeRecordSets(
  deps: RetryOptions, client: Route53Client, zoneId: string, changes: Change[],
  comment = 'cdk-lightsail-certificate: validation record and its holders',
): Promise<string | undefined> {
  const result = await withRetries(deps, () => client.send(new ChangeResourceRecordSetsCommand({
    HostedZoneId: zoneId,
    ChangeBatch: { Comment: comment, Changes: changes },
  })));
  return result.ChangeInfo?.Id;
}

/** One page of a zone's record sets, in Route 53's order, from a name and type on. */
export async function listRecordSets(
  deps: RetryOptions, client: Route53Client, listing: RecordSetListing,
): Promise<ListResourceRecordSetsCommandOutput> {
  return withRetries(deps, () => client.send(new ListResourceRecordSetsCommand({
    HostedZoneId: listing.zoneId, StartRecordName: listing.startName, StartRecordType: listing.startType, MaxItems: listing.maxItems,
  })));
}

/** The status of a change: `PENDING`, or `INSYNC` once every Route 53 server has it. */
export async function changeStatus(deps: RetryOptions, client: Route53Client, changeId: string): Promise<string | undefined> {
  const status = await withRetries(deps, () => client.send(new GetChangeCommand({ Id: changeId })));
  return status.ChangeInfo?.Status;
}
