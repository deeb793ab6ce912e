import {
  AttachCertificateToDistributionCommand,
  AttachLoadBalancerTlsCertificateCommand,
  CertificateSummary,
  ContainerService,
  CreateCertificateCommand,
  CreateDomainEntryCommand,
  CreateLoadBalancerTlsCertificateCommand,
  CreateLoadBalancerTlsCertificateCommandInput,
  DeleteCertificateCommand,
  DeleteDomainEntryCommand,
  DeleteLoadBalancerTlsCertificateCommand,
  DetachCertificateFromDistributionCommand,
  DomainEntry,
  GetCertificatesCommand,
  GetContainerServicesCommand,
  GetDistributionsCommand,
  GetDomainCommand,
  GetLoadBalancersCommand,
  GetLoadBalancerTlsCertificatesCommand,
  GetRegionsCommand,
  LightsailClient,
  LightsailDistribution,
  LoadBalancerTlsCertificate,
  Tag,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateContainerServiceCommand,
} from '@aws-sdk/client-lightsail';
import { RetryOptions, withRetries } from './retries';
import type { TagChanges } from './tags';

/** Every call the handler makes to Lightsail, each with the retry policy, and what Lightsail's errors mean. */

/**
 * Whether an error says the certificate does not exist. Lightsail says so with `NotFoundException`;
 * like Terraform, a message that contains `DoesNotExist` counts too.
 */
export function isNotFound(error: unknown): boolean {
  const e = error as { name?: string; message?: string } | undefined;
  return e?.name === 'NotFoundException' || (e?.message ?? '').includes('DoesNotExist');
}

/**
 * Whether `DeleteCertificate` refused because the certificate is still attached. The API reference
 * documents no error for it, so any input or operation error whose message says the certificate is
 * in use counts.
 */
export function isInUse(error: unknown): boolean {
  const e = error as { name?: string; message?: string } | undefined;
  return ['InvalidInputException', 'OperationFailureException', 'ResourceInUseException'].includes(e?.name ?? '')
    && /in[ -]?use|attached|being used|associated/i.test(e?.message ?? '');
}

/**
 * The certificate with this name, with its details (domains, status, validation records, in-use count,
 * tags), or `undefined` when there is none. A missing name can come back as an empty list or as an error.
 */
export async function findCertificate(deps: RetryOptions, client: LightsailClient, certificateName: string): Promise<CertificateSummary | undefined> {
  try {
    const result = await withRetries(deps, () => client.send(new GetCertificatesCommand({ certificateName, includeCertificateDetails: true })));
    return (result.certificates ?? []).find((c) => (c.certificateName ?? c.certificateDetail?.name) === certificateName);
  } catch (error) {
    if (isNotFound(error)) {
      return undefined;
    }
    throw error;
  }
}

/** Requests a certificate. */
export async function createCertificate(
  deps: RetryOptions,
  client: LightsailClient,
  request: { certificateName: string; domainName: string; subjectAlternativeNames: string[]; tags: Tag[] },
): Promise<void> {
  await withRetries(deps, () => client.send(new CreateCertificateCommand({
    ...request,
    subjectAlternativeNames: request.subjectAlternativeNames.length > 0 ? request.subjectAlternativeNames : undefined,
    tags: request.tags.length > 0 ? request.tags : undefined,
  })));
}

/** Deletes a certificate; one that is already gone counts as deleted. In-use refusals are thrown. */
export async function deleteCertificate(deps: RetryOptions, client: LightsailClient, certificateName: string): Promise<void> {
  try {
    await withRetries(deps, () => client.send(new DeleteCertificateCommand({ certificateName })));
  } catch (error) {
    if (!isNotFound(error)) {
      throw error;
    }
  }
}

/** Applies tag changes to a certificate, calling only what has something to do. */
export async function applyTagChanges(deps: RetryOptions, client: LightsailClient, resourceName: string, changes: TagChanges): Promise<void> {
  if (changes.remove.length > 0) {
    await withRetries(deps, () => client.send(new UntagResourceCommand({ resourceName, tagKeys: changes.remove })));
  }
  if (changes.set.length > 0) {
    await withRetries(deps, () => client.send(new TagResourceCommand({ resourceName, tags: changes.set })));
  }
}

/** Every certificate of the client's region, with details, page by page. */
export async function lightsailCertificates(deps: RetryOptions, client: LightsailClient): Promise<CertificateSummary[]> {
  const all: CertificateSummary[] = [];
  let pageToken: string | undefined;
  do {
    const page = await withRetries(deps, () => client.send(new GetCertificatesCommand({ includeCertificateDetails: true, pageToken })));
    all.push(...(page.certificates ?? []));
    pageToken = page.nextPageToken;
  } while (pageToken);
  return all;
}

/** The regions Lightsail has, by its own account (`GetRegions`): no list in the code goes stale or names a region without an endpoint. */
export async function lightsailRegionNames(deps: RetryOptions, client: LightsailClient): Promise<string[]> {
  const answer = await withRetries(deps, () => client.send(new GetRegionsCommand({})));
  return (answer.regions ?? []).flatMap((r) => (r.name === undefined ? [] : [String(r.name)]));
}

/** The distribution with this name, or `undefined` when there is none (an empty list or `NotFoundException`). */
export async function findDistribution(
  deps: RetryOptions, client: LightsailClient, distributionName: string,
): Promise<LightsailDistribution | undefined> {
  try {
    const result = await withRetries(deps, () => client.send(new GetDistributionsCommand({ distributionName })));
    return (result.distributions ?? []).find((d) => d.name === distributionName);
  } catch (error) {
    if (isNotFound(error)) {
      return undefined;
    }
    throw error;
  }
}

/** Attaches a certificate to a distribution (replacing the one it had). */
export async function attachCertificateToDistribution(
  deps: RetryOptions, client: LightsailClient, distributionName: string, certificateName: string,
): Promise<void> {
  await withRetries(deps, () => client.send(new AttachCertificateToDistributionCommand({ distributionName, certificateName })));
}

/** Detaches whatever certificate a distribution has. */
export async function detachCertificateFromDistribution(deps: RetryOptions, client: LightsailClient, distributionName: string): Promise<void> {
  await withRetries(deps, () => client.send(new DetachCertificateFromDistributionCommand({ distributionName })));
}

/** The container service with this name, or `undefined` when there is none. */
export async function findContainerService(deps: RetryOptions, client: LightsailClient, serviceName: string): Promise<ContainerService | undefined> {
  try {
    const result = await withRetries(deps, () => client.send(new GetContainerServicesCommand({ serviceName })));
    return (result.containerServices ?? []).find((s) => s.containerServiceName === serviceName);
  } catch (error) {
    if (isNotFound(error)) {
      return undefined;
    }
    throw error;
  }
}

/** Sets a container service's custom domains: the whole map, certificate name to domains. */
export async function updateContainerServiceDomains(
  deps: RetryOptions, client: LightsailClient, serviceName: string | undefined, publicDomainNames: Record<string, string[]>,
): Promise<void> {
  await withRetries(deps, () => client.send(new UpdateContainerServiceCommand({ serviceName, publicDomainNames })));
}

/** The entries of a Lightsail DNS zone, or `undefined` when the zone does not exist. */
export async function domainEntries(deps: RetryOptions, client: LightsailClient, domainName: string): Promise<DomainEntry[] | undefined> {
  try {
    const result = await withRetries(deps, () => client.send(new GetDomainCommand({ domainName })));
    return result.domain?.domainEntries ?? [];
  } catch (error) {
    if (isNotFound(error)) {
      return undefined;
    }
    throw error;
  }
}

/** Adds an entry to a Lightsail DNS zone. */
export async function createDomainEntry(deps: RetryOptions, client: LightsailClient, domainName: string, domainEntry: DomainEntry): Promise<void> {
  await withRetries(deps, () => client.send(new CreateDomainEntryCommand({ domainName, domainEntry })));
}

/** Removes an entry from a Lightsail DNS zone; errors, `NotFoundException` included, are thrown. */
export async function deleteDomainEntry(deps: RetryOptions, client: LightsailClient, domainName: string, domainEntry: DomainEntry): Promise<void> {
  await withRetries(deps, () => client.send(new DeleteDomainEntryCommand({ domainName, domainEntry })));
}

/** The names of the region's load balancers (`GetLoadBalancers`, every page). */
export async function loadBalancerNames(deps: RetryOptions, client: LightsailClient): Promise<string[]> {
  const names: string[] = [];
  let pageToken: string | undefined;
  do {
    const page = await withRetries(deps, () => client.send(new GetLoadBalancersCommand({ pageToken })));
    names.push(...(page.loadBalancers ?? []).flatMap((lb) => (lb.name === undefined ? [] : [lb.name])));
    pageToken = page.nextPageToken;
  } while (pageToken);
  return names;
}

/** A load balancer's TLS certificates (at most 2); a load balancer that does not exist has none. */
export async function loadBalancerTlsCertificates(
  deps: RetryOptions, client: LightsailClient, loadBalancerName: string,
): Promise<LoadBalancerTlsCertificate[]> {
  try {
    const answer = await withRetries(deps, () => client.send(new GetLoadBalancerTlsCertificatesCommand({ loadBalancerName })));
    return answer.tlsCertificates ?? [];
  } catch (error) {
    if (isNotFound(error)) {
      return [];
    }
    throw error;
  }
}

/** Requests a TLS certificate for a load balancer (`CreateLoadBalancerTlsCertificate`). */
export async function createLoadBalancerTlsCertificate(
  deps: RetryOptions, client: LightsailClient, input: CreateLoadBalancerTlsCertificateCommandInput,
): Promise<void> {
  await withRetries(deps, () => client.send(new CreateLoadBalancerTlsCertificateCommand(input)));
}

/** Deletes a load balancer's TLS certificate; `force` deletes the attached one. One already gone counts as deleted. */
export async function deleteLoadBalancerTlsCertificate(
  deps: RetryOptions, client: LightsailClient, loadBalancerName: string, certificateName: string, force: boolean,
): Promise<void> {
  try {
    await withRetries(deps, () => client.send(new DeleteLoadBalancerTlsCertificateCommand({ loadBalancerName, certificateName, force })));
  } catch (error) {
    if (!isNotFound(error)) {
      throw error;
    }
  }
}

/** Attaches a TLS certificate to its load balancer, replacing the attached one (`AttachLoadBalancerTlsCertificate`). */
export async function attachLoadBalancerTlsCertificate(
  deps: RetryOptions, client: LightsailClient, loadBalancerName: string, certificateName: string,
): Promise<void> {
  await withRetries(deps, () => client.send(new AttachLoadBalancerTlsCertificateCommand({ loadBalancerName, certificateName })));
}
