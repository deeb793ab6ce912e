import * as path from 'path';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { CdkCustomResourceEvent, CdkCustomResourceResponse, Context } from 'aws-lambda';
import { AliasRecordsEvent, onAliasRecordsEvent } from './alias-records';
import { CertificateEvent, onCertificateEvent } from './certificate';
import { ContainerServiceCertificateEvent, onContainerServiceCertificateEvent } from './container-service-certificate';
import { CLIENT_OPTIONS, defaultDeps, HandlerDeps } from './deps';
import { DistributionDomainEvent, onDistributionDomainEvent } from './distribution';
import { DistributionCertificateEvent, onDistributionCertificateEvent } from './distribution-certificate';
import { DomainEntriesEvent, onDomainEntriesEvent } from './domain-entries';
import { IssuedEvent, onIssuedEvent } from './issued';
import { LoadBalancerAttachmentEvent, onLoadBalancerAttachmentEvent } from './load-balancer-attachment';
import { LOAD_BALANCER_CERTIFICATE } from './load-balancer-store';
import { boundedError } from './reason';
import { isWatchEvent, onWatchEvent, WatchResult } from './watch';
import { ALIAS_RECORDS_RESOURCE_TYPE } from '../src/private/alias-records-contract';
import {
  CERTIFICATE_RESOURCE_TYPE,
  CONTAINER_SERVICE_CERTIFICATE_RESOURCE_TYPE,
  DISTRIBUTION_CERTIFICATE_RESOURCE_TYPE,
  DISTRIBUTION_DOMAIN_RESOURCE_TYPE,
  DOMAIN_ENTRIES_RESOURCE_TYPE,
  ISSUED_RESOURCE_TYPE,
  LOAD_BALANCER_ATTACHMENT_RESOURCE_TYPE,
  LOAD_BALANCER_CERTIFICATE_RESOURCE_TYPE,
  LoadBalancerCertificateProperties,
} from '../src/private/contract';

/**
 * Lambda entry of the per-stack provider, called by aws-cdk-lib's custom-resource entrypoint, which
 * logs the request without its `ResponseURL` and answers CloudFormation with what this returns or throws.
 */
export async function handler(event: CdkCustomResourceEvent, context: Pick<Context, 'getRemainingTimeInMillis'>): Promise<CdkCustomResourceResponse> {
  try {
    return await onEvent(event, defaultDeps(context.getRemainingTimeInMillis()));
  } catch (error) {
    // The entrypoint answers with the error's `stack`: it must be the bounded message, never a trace.
    console.error(error);
    throw boundedError(error, event);
  }
}

/** The entrypoint aws-cdk-lib's core provider stages next to this bundle (its `ENTRYPOINT_FILENAME`). */
const ENTRYPOINT = '__entrypoint__';

let cloudWatch: CloudWatchClient | undefined;

/**
 * The function's handler when the stack has the renewal watch: the schedule's event goes to the watch,
 * and every other event, CloudFormation's, to aws-cdk-lib's entrypoint as before (which calls `handler`
 * and answers CloudFormation). The entrypoint would PUT an answer to the event's missing `ResponseURL`
 * and fail, so the schedule's event must not reach it.
 */
export async function route(event: unknown, context: Context): Promise<unknown> {
  if (isWatchEvent(event)) {
    const deps = defaultDeps(context.getRemainingTimeInMillis());
    const result: WatchResult = await onWatchEvent(event, {
      ...deps,
      cloudWatch: () => (cloudWatch ??= new CloudWatchClient({ region: process.env.AWS_REGION, ...CLIENT_OPTIONS })),
    });
    console.log(`Renewal watch: ${result.published} data points published${result.unreadable.length > 0 ? `; not readable: ${result.unreadable.join(', ')}` : ''}`);
    return result;
  }
  // Resolved at run time (a path the bundler does not follow): the file exists only in the staged asset.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const entrypoint = require(path.join(__dirname, ENTRYPOINT)) as { handler: (e: unknown, c: Context) => Promise<unknown> };
  return entrypoint.handler(event, context);
}

/** Hands a request to the handler of its resource type. */
export async function onEvent(event: CdkCustomResourceEvent, deps: HandlerDeps): Promise<CdkCustomResourceResponse> {
  switch (event.ResourceType) {
    case CERTIFICATE_RESOURCE_TYPE:
      return onCertificateEvent(event as CertificateEvent, deps);
    case ISSUED_RESOURCE_TYPE:
      return onIssuedEvent(event as IssuedEvent, deps);
    case DISTRIBUTION_DOMAIN_RESOURCE_TYPE:
      return onDistributionDomainEvent(event as DistributionDomainEvent, deps);
    case DOMAIN_ENTRIES_RESOURCE_TYPE:
      return onDomainEntriesEvent(event as DomainEntriesEvent, deps);
    case DISTRIBUTION_CERTIFICATE_RESOURCE_TYPE:
      return onDistributionCertificateEvent(event as DistributionCertificateEvent, deps);
    case CONTAINER_SERVICE_CERTIFICATE_RESOURCE_TYPE:
      return onContainerServiceCertificateEvent(event as ContainerServiceCertificateEvent, deps);
    case ALIAS_RECORDS_RESOURCE_TYPE:
      return onAliasRecordsEvent(event as AliasRecordsEvent, deps);
    case LOAD_BALANCER_CERTIFICATE_RESOURCE_TYPE:
      return onCertificateEvent(event as CdkCustomResourceEvent<LoadBalancerCertificateProperties>, deps, LOAD_BALANCER_CERTIFICATE);
    case LOAD_BALANCER_ATTACHMENT_RESOURCE_TYPE:
      return onLoadBalancerAttachmentEvent(event as LoadBalancerAttachmentEvent, deps);
    default:
      throw new Error(`Unsupported resource type "${event.ResourceType}": this provider serves `
        + `${CERTIFICATE_RESOURCE_TYPE}, ${ISSUED_RESOURCE_TYPE}, ${DISTRIBUTION_DOMAIN_RESOURCE_TYPE}, ${DOMAIN_ENTRIES_RESOURCE_TYPE}, `
        + `${DISTRIBUTION_CERTIFICATE_RESOURCE_TYPE}, ${CONTAINER_SERVICE_CERTIFICATE_RESOURCE_TYPE}, ${ALIAS_RECORDS_RESOURCE_TYPE}, `
        + `${LOAD_BALANCER_CERTIFICATE_RESOURCE_TYPE} and ${LOAD_BALANCER_ATTACHMENT_RESOURCE_TYPE}`);
  }
}
