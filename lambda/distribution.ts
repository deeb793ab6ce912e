import type { CdkCustomResourceEvent, CdkCustomResourceResponse } from 'aws-lambda';
import { HandlerDeps, pauseBefore } from './deps';
import { findDistribution } from './lightsail';
import { backoff } from './retries';
import { Attr, DistributionDomainProperties } from '../src/private/contract';

/** Lightsail keeps every distribution in us-east-1. */
export const DISTRIBUTION_API_REGION = 'us-east-1';

/** A request for a `Custom::LightsailDistributionDomain`. */
export type DistributionDomainEvent = CdkCustomResourceEvent<DistributionDomainProperties>;

/** How long a new distribution may take to show its domain. */
export const DOMAIN_BUDGET_MS = 2 * 60_000;

/**
 * Reads the distribution's own domain and IP address type, for the alias records that point a custom
 * domain at it. A Delete owns nothing and does nothing.
 */
export async function onDistributionDomainEvent(event: DistributionDomainEvent, deps: HandlerDeps): Promise<CdkCustomResourceResponse> {
  if (event.RequestType === 'Delete') {
    return { PhysicalResourceId: event.PhysicalResourceId };
  }
  const name = event.ResourceProperties.DistributionName;
  const deadline = deps.now() + DOMAIN_BUDGET_MS;
  for (let read = 1; ; read++) {
    const distribution = await findDistribution(deps, deps.lightsail(DISTRIBUTION_API_REGION), name);
    if (distribution?.domainName) {
      return {
        PhysicalResourceId: `lightsail-distribution:${name}`,
        Data: { [Attr.DOMAIN_NAME]: distribution.domainName },
      };
    }
    const pause = pauseBefore(deps, backoff(deps, read, 1_000, 10_000), deadline);
    if (pause === undefined) {
      throw new Error(distribution
        ? `Distribution "${name}" has no domain name yet after ${DOMAIN_BUDGET_MS / 60_000} minutes`
        : `Distribution "${name}" does not exist in ${DISTRIBUTION_API_REGION}, where Lightsail keeps every distribution`);
    }
    await deps.sleep(pause);
  }
}
