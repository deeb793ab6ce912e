import type { ContainerService } from '@aws-sdk/client-lightsail';
import type { CdkCustomResourceEvent, CdkCustomResourceResponse } from 'aws-lambda';
import { beforeKeyStem, inForceKey, physicalIdMark, readBefore, removeBefore, writeBefore } from './before-tags';
import { HandlerDeps } from './deps';
import { findCertificate, findContainerService, updateContainerServiceDomains } from './lightsail';
import { thisStacksCertificate } from './stack-leftover';
import { tagsOf } from './summary';
import type { TagMap } from './tags';
import { ContainerServiceCertificateProperties, MAX_CONTAINER_SERVICE_DOMAINS, TARGET_DOMAIN_NAME_ATTRIBUTE } from '../src/private/contract';

/** A request for a `Custom::LightsailContainerServiceCertificate`. */
export type ContainerServiceCertificateEvent = CdkCustomResourceEvent<ContainerServiceCertificateProperties>;

const PREFIX = 'lightsail-container-service-certificate';

/** What one resource did: the service, the certificate, and the domains it added under that certificate. */
interface Taken {
  readonly region: string;
  readonly service: string;
  readonly certificate: string;
  readonly added: string[];
}

/** Names are letters, digits, `_`, `-` and (domains) `.`, so `:` and `,` separate them. */
function physicalIdOf(taken: Taken): string {
  return [PREFIX, taken.region, taken.service, taken.certificate, taken.added.join(',')].join(':');
}

function parse(physicalId: string): Taken | undefined {
  const [prefix, region, service, certificate, added] = physicalId.split(':');
  return prefix === PREFIX && region && service && certificate
    ? { region, service, certificate, added: added ? added.split(',') : [] } : undefined;
}

/**
 * Adds the certificate's domains to the `publicDomainNames` of a container service made outside the
 * stack (the map from certificate name to domains, which `UpdateContainerService` replaces whole, so
 * every other entry is sent back as it was), remembering in the physical id which domains it added; a
 * Delete removes exactly those, if still there. An Update on the same service first takes out what the
 * resource added before (the old certificate's domains), in the same call, so a replaced certificate
 * never counts twice towards the service's four domains. On Create, wanted domains found under a
 * certificate of this stack are a lost attempt's: they count as added (under another certificate of this
 * stack, they are moved), so that a Delete removes them.
 */
export async function onContainerServiceCertificateEvent(
  event: ContainerServiceCertificateEvent,
  deps: HandlerDeps,
): Promise<CdkCustomResourceResponse> {
  if (event.RequestType === 'Delete') {
    const taken = parse(event.PhysicalResourceId);
    // The certificate's tags, read once: which id is in force on the service, and the record to remove.
    const tags = taken && await certificateTags(deps, taken.region, taken.certificate);
    if (taken && !isCleanup(tags, taken, event.PhysicalResourceId)) {
      const service = await find(deps, taken.region, taken.service);
      const domains = service ? without(service.publicDomainNames ?? {}, taken) : {};
      if (service) {
        await update(deps, taken.region, service, domains);
      }
      // Domains still under the certificate were there before the stack: the record stays true while they are.
      if (!domains[taken.certificate] && tags) {
        await removeBefore(deps, deps.lightsail(taken.region), taken.certificate, tags, stemOf(taken.service));
      }
    }
    return { PhysicalResourceId: event.PhysicalResourceId };
  }
  const { ServiceName: name, Region: region, CertificateName: certificate, DomainNames: wanted } = event.ResourceProperties;
  const service = await find(deps, region, name);
  if (!service) {
    throw new Error(`Container service "${name}" does not exist in ${region}; check the name and region given to DomainTarget.fromContainerServiceName`);
  }
  const before = event.RequestType === 'Update' ? parse(event.PhysicalResourceId) : undefined;
  let domains = service.publicDomainNames ?? {};
  if (before && before.region === region && before.service === name) {
    domains = without(domains, before);
  }
  const key = (d: string) => d.toLowerCase();
  const isWanted = (d: string) => wanted.some((w) => key(w) === key(d));
  const leftovers = before ? [] : await leftoverCertificates(deps, region, name, domains, isWanted, event.StackId);
  const recorded = leftovers.find((l) => l.name === certificate)?.before?.map(key);
  const leftoverNames = leftovers.map((l) => l.name);
  domains = Object.fromEntries(Object.entries(domains)
    .map(([c, list]): [string, string[]] => [c, c !== certificate && leftoverNames.includes(c) ? list.filter((d) => !isWanted(d)) : list])
    .filter(([, list]) => list.length > 0));
  const mine = new Set((domains[certificate] ?? []).map(key));
  // What was under the certificate before this stack added anything: what a lost attempt recorded, else what is there
  // (a certificate of this stack without a record was put on the service by someone else, then taken over).
  const kept = wanted.map(key).filter((d) => mine.has(d) && (recorded === undefined || recorded.includes(d)));
  const reclaimed = wanted.map(key).filter((d) => mine.has(d) && !kept.includes(d));
  const elsewhere = Object.entries(domains).filter(([c]) => c !== certificate)
    .flatMap(([c, list]) => list.filter(isWanted).map((d) => `${d} (certificate "${c}")`));
  if (elsewhere.length > 0) {
    throw new Error(`Container service "${name}" already serves ${elsewhere.join(', ')}; remove it from the service's custom domains, `
      + 'or leave it out of domainNames');
  }
  const added = wanted.filter((d) => !mine.has(key(d)));
  const next = { ...domains, [certificate]: [...(domains[certificate] ?? []), ...added] };
  const count = Object.values(next).reduce((n, list) => n + list.length, 0);
  if (count > MAX_CONTAINER_SERVICE_DOMAINS) {
    throw new Error(`Container service "${name}" would serve ${count} custom domains (${Object.values(next).flat().join(', ')}), `
      + `but Lightsail allows up to ${MAX_CONTAINER_SERVICE_DOMAINS}; remove some from the service or from domainNames`);
  }
  // What an Update's resource added before was taken out above, and is in `added` again if still wanted.
  const taken = { region, service: name, certificate, added: [...new Set([...reclaimed, ...added.map(key)])] };
  await record(deps, region, certificate, name, kept, physicalIdOf(taken));
  await update(deps, region, service, next);
  return {
    PhysicalResourceId: physicalIdOf(taken),
    Data: { [TARGET_DOMAIN_NAME_ATTRIBUTE]: new URL(service.url ?? '').host },
  };
}

/** A certificate of this stack found on the service, and the domains it recorded as there before it (`undefined`: no record). */
interface Leftover {
  readonly name: string;
  readonly before: string[] | undefined;
}

/** The certificates that hold a wanted domain and belong to this stack (see `thisStacksCertificate`). */
async function leftoverCertificates(
  deps: HandlerDeps, region: string, service: string, domains: Record<string, string[]>, isWanted: (d: string) => boolean, stackId: string,
): Promise<Leftover[]> {
  const holding = Object.entries(domains).filter(([, list]) => list.some(isWanted)).map(([c]) => c);
  const owned = await Promise.all(holding.map((c) => thisStacksCertificate(deps, region, c, stackId)));
  return holding.flatMap((name, i) => {
    const certificate = owned[i];
    return certificate ? [{ name, before: readBefore(tagsOf(certificate), stemOf(service)) }] : [];
  });
}

/** The map without the domains `taken` added (an emptied certificate leaves the map). */
function without(domains: Record<string, string[]>, taken: Taken): Record<string, string[]> {
  const added = new Set(taken.added);
  const left = (domains[taken.certificate] ?? []).filter((d) => !added.has(d.toLowerCase()));
  const { [taken.certificate]: _, ...others } = domains;
  return left.length > 0 ? { ...others, [taken.certificate]: left } : others;
}

function stemOf(serviceName: string): string {
  return beforeKeyStem('container-service', serviceName);
}

/**
 * Writes, on the certificate about to get the domains, those of them it held before this stack added any, and
 * the physical id this request answers with (the one in force on the service).
 */
async function record(
  deps: HandlerDeps, region: string, certificate: string, service: string, kept: readonly string[], physicalId: string,
): Promise<void> {
  const client = deps.lightsail(region);
  const summary = await findCertificate(deps, client, certificate);
  // A missing certificate is left for the update to report in Lightsail's words.
  if (summary) {
    await writeBefore(deps, client, certificate, tagsOf(summary), stemOf(service), kept, physicalId);
  }
}

/** The tags of the certificate, or `undefined` when it is gone (deleted in the same stack operation). */
async function certificateTags(deps: HandlerDeps, region: string, certificate: string): Promise<TagMap | undefined> {
  const summary = await findCertificate(deps, deps.lightsail(region), certificate);
  return summary && tagsOf(summary);
}

/**
 * Whether this Delete is CloudFormation's cleanup of an id replaced by an Update on the same service and
 * certificate (the physical id names the added domains, so it changes with them): the certificate says another
 * id is in force there, and that Update already left the service as wanted. Not a cleanup when the certificate
 * says this id, or nothing (a record from before in-force ids, or a certificate gone).
 */
function isCleanup(tags: TagMap | undefined, taken: Taken, physicalId: string): boolean {
  const inForce = tags?.[inForceKey(stemOf(taken.service))];
  if (inForce !== undefined && inForce !== physicalIdMark(physicalId)) {
    console.log(`${physicalId}: replaced by an Update on the same service and certificate; nothing to give back`);
    return true;
  }
  return false;
}

async function update(deps: HandlerDeps, region: string, service: ContainerService, domains: Record<string, string[]>): Promise<void> {
  if (JSON.stringify(domains) === JSON.stringify(service.publicDomainNames ?? {})) {
    return;
  }
  await updateContainerServiceDomains(deps, deps.lightsail(region), service.containerServiceName, domains);
}

function find(deps: HandlerDeps, region: string, serviceName: string): Promise<ContainerService | undefined> {
  return findContainerService(deps, deps.lightsail(region), serviceName);
}
