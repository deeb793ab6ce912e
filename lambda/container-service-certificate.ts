import type { ContainerService } from '@aws-sdk/client-lightsail';
import type { CdkCustomResourceEvent, CdkCustomResourceResponse } from 'aws-lambda';
import { HandlerDeps } from './deps';
import { findContainerService, updateContainerServiceDomains } from './lightsail';
import { isThisStacks } from './stack-leftover';
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
    if (taken) {
      const service = await find(deps, taken.region, taken.service);
      if (service) {
        const domains = without(service.publicDomainNames ?? {}, taken);
        await update(deps, taken.region, service, domains);
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
  const leftovers = before ? [] : await leftoverCertificates(deps, region, domains, isWanted, event.StackId);
  domains = Object.fromEntries(Object.entries(domains)
    .map(([c, list]): [string, string[]] => [c, c !== certificate && leftovers.includes(c) ? list.filter((d) => !isWanted(d)) : list])
    .filter(([, list]) => list.length > 0));
  const mine = new Set((domains[certificate] ?? []).map(key));
  const reclaimed = leftovers.includes(certificate) ? wanted.filter((d) => mine.has(key(d))).map(key) : [];
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
  await update(deps, region, service, next);
  // What an Update's resource added before was taken out above, and is in `added` again if still wanted.
  const taken = { region, service: name, certificate, added: [...new Set([...reclaimed, ...added.map(key)])] };
  return {
    PhysicalResourceId: physicalIdOf(taken),
    Data: { [TARGET_DOMAIN_NAME_ATTRIBUTE]: new URL(service.url ?? '').host },
  };
}

/** The certificates that hold a wanted domain and belong to this stack (see `isThisStacks`). */
async function leftoverCertificates(
  deps: HandlerDeps, region: string, domains: Record<string, string[]>, isWanted: (d: string) => boolean, stackId: string,
): Promise<string[]> {
  const holding = Object.entries(domains).filter(([, list]) => list.some(isWanted)).map(([c]) => c);
  const owned = await Promise.all(holding.map((c) => isThisStacks(deps, region, c, stackId)));
  return holding.filter((_, i) => owned[i]);
}

/** The map without the domains `taken` added (an emptied certificate leaves the map). */
function without(domains: Record<string, string[]>, taken: Taken): Record<string, string[]> {
  const added = new Set(taken.added);
  const left = (domains[taken.certificate] ?? []).filter((d) => !added.has(d.toLowerCase()));
  const { [taken.certificate]: _, ...others } = domains;
  return left.length > 0 ? { ...others, [taken.certificate]: left } : others;
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
