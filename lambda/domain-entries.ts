import type { DomainEntry } from '@aws-sdk/client-lightsail';
import type { CdkCustomResourceEvent, CdkCustomResourceResponse } from 'aws-lambda';
import { HandlerDeps } from './deps';
import { createDomainEntry, deleteDomainEntry, domainEntries, isNotFound } from './lightsail';
import { DomainEntriesProperties } from '../src/private/contract';

/**
 * Lightsail serves its DNS zones in us-east-1 only: the API model (botocore `lightsail/2016-11-28`,
 * `InvalidInputException`) says "Domain and distribution APIs are only available in the N. Virginia
 * (us-east-1) Amazon Web Services Region".
 */
export const DOMAIN_API_REGION = 'us-east-1';

/** A request for a `Custom::LightsailDomainEntries`. */
export type DomainEntriesEvent = CdkCustomResourceEvent<DomainEntriesProperties>;

/** The entry type written: Lightsail documents alias entries (`isAlias`) as `A` records. */
const ENTRY_TYPE = 'A';

/**
 * Writes one alias `A` entry per name into a Lightsail DNS zone, pointing at the target, and removes
 * exactly the entries it wrote: what a Delete names, and on Update the old names or target no longer
 * wanted (before the new ones are written, so a name that moves never has two `A` entries). An entry of
 * the same name that points elsewhere was not written here, and is refused rather than overwritten.
 * A new zone name is a new physical id: CloudFormation then deletes the entries of the old zone.
 */
export async function onDomainEntriesEvent(event: DomainEntriesEvent, deps: HandlerDeps): Promise<CdkCustomResourceResponse> {
  const wanted = event.ResourceProperties;
  const physicalId = `lightsail-domain:${wanted.DomainName.toLowerCase()}`;
  if (event.RequestType === 'Delete') {
    await removeEntries(deps, wanted, () => true);
    return { PhysicalResourceId: event.PhysicalResourceId };
  }
  if (event.RequestType === 'Update') {
    const old = event.OldResourceProperties;
    if (sameName(old.DomainName, wanted.DomainName)) {
      const keep = new Set(wanted.Names.map(normalize));
      const sameTarget = sameName(old.Target, wanted.Target);
      await removeEntries(deps, old, (name) => !sameTarget || !keep.has(name));
    }
  }
  await writeEntries(deps, wanted);
  return { PhysicalResourceId: physicalId };
}

async function writeEntries(deps: HandlerDeps, props: DomainEntriesProperties): Promise<void> {
  const client = deps.lightsail(DOMAIN_API_REGION);
  const entries = await readEntries(deps, props.DomainName);
  if (entries === undefined) {
    throw new Error(`The Lightsail DNS zone "${props.DomainName}" does not exist in ${DOMAIN_API_REGION}, where Lightsail keeps DNS zones; `
      + 'create it (Lightsail console, Domains & DNS) or give LightsailDomainRecords the zone that holds these domains');
  }
  const sameNamed = (name: string) => entries.filter((e) => e.type === ENTRY_TYPE && normalize(e.name) === normalize(name));
  // Every name is checked before any is written, so a refusal leaves the zone as it was.
  const taken = props.Names
    .map((name) => ({ name, other: sameNamed(name).find((e) => !sameName(e.target, props.Target)) }))
    .filter((t) => t.other !== undefined);
  if (taken.length > 0) {
    throw new Error(`The Lightsail DNS zone "${props.DomainName}" already has ${taken.map((t) => `an A record for ${t.name} pointing at ${t.other!.target}`).join(', ')}, `
      + 'which this resource did not write; delete it there, or leave the name out of domainNames');
  }
  for (const name of props.Names) {
    if (sameNamed(name).length > 0) {
      // Already there, pointing at the target: written by this resource in an earlier attempt.
      continue;
    }
    try {
      await createDomainEntry(deps, client, props.DomainName, { name, type: ENTRY_TYPE, target: props.Target, isAlias: true });
    } catch (error) {
      // A create applied but whose answer was lost is retried by the SDK, and the retry may be refused
      // as a duplicate (unverified): the entry being there as wanted is what counts.
      const now = await readEntries(deps, props.DomainName);
      if (!(now ?? []).some((e) => e.type === ENTRY_TYPE && sameName(e.name, name) && sameName(e.target, props.Target))) {
        throw error;
      }
    }
  }
}

/** Deletes the entries `props` describes (name, `A`, target) whose name `select` accepts; a zone that is gone has none. */
async function removeEntries(deps: HandlerDeps, props: DomainEntriesProperties, select: (name: string) => boolean): Promise<void> {
  const client = deps.lightsail(DOMAIN_API_REGION);
  const entries = await readEntries(deps, props.DomainName);
  const names = new Set(props.Names.map(normalize).filter(select));
  const ours = (entries ?? []).filter((e) => e.type === ENTRY_TYPE && names.has(normalize(e.name)) && sameName(e.target, props.Target));
  for (const entry of ours) {
    try {
      await deleteDomainEntry(deps, client, props.DomainName, entry);
    } catch (error) {
      if (!isNotFound(error)) {
        throw error;
      }
    }
  }
}

function readEntries(deps: HandlerDeps, domainName: string): Promise<DomainEntry[] | undefined> {
  return domainEntries(deps, deps.lightsail(DOMAIN_API_REGION), domainName);
}

/** DNS names compare without case and trailing dot. */
function normalize(name: string | undefined): string {
  const lower = (name ?? '').trim().toLowerCase();
  return lower.endsWith('.') ? lower.slice(0, -1) : lower;
}

function sameName(a: string | undefined, b: string | undefined): boolean {
  return normalize(a) === normalize(b);
}
