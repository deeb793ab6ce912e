import type { CdkCustomResourceEvent, CdkCustomResourceResponse } from 'aws-lambda';
import { HandlerDeps, pauseBefore } from './deps';
import { attachLoadBalancerTlsCertificate, isNotFound } from './lightsail';
import { loadBalancerCertificates } from './load-balancer-store';
import { backoff } from './retries';
import { Attr, LoadBalancerAttachmentProperties } from '../src/private/contract';

/** A request for a `Custom::LightsailLoadBalancerCertificateAttachment`. */
export type LoadBalancerAttachmentEvent = CdkCustomResourceEvent<LoadBalancerAttachmentProperties>;

const PREFIX = 'lightsail-load-balancer-certificate-attachment';

/** How long an attach may take to show in `GetLoadBalancerTlsCertificates` (unverified whether it shows at once). */
export const LB_ATTACH_BUDGET_MS = 2 * 60_000;

/** What one resource did: where, the certificate it attached, and the one attached before ('' for none). */
interface Taken {
  readonly region: string;
  readonly loadBalancer: string;
  readonly certificate: string;
  readonly previous: string;
}

function physicalIdOf(taken: Taken): string {
  return [PREFIX, taken.region, taken.loadBalancer, taken.certificate, taken.previous].join(':');
}

/** Lightsail resource names are letters, digits, `_` and `-` (botocore `ResourceName`), so `:` separates them. */
function parse(physicalId: string): Taken | undefined {
  const [prefix, region, loadBalancer, certificate, previous] = physicalId.split(':');
  return prefix === PREFIX && region && loadBalancer && certificate ? { region, loadBalancer, certificate, previous: previous ?? '' } : undefined;
}

/**
 * Attaches the ISSUED certificate to its load balancer (`AttachLoadBalancerTlsCertificate` replaces the
 * attached one: botocore's documentation calls it rotating), remembering in the physical id the certificate
 * attached before, and gives that one back on Delete, but only while ours is still the attached one and the
 * one before still exists and is ISSUED: a newer attachment (the update that replaced our certificate, or a
 * rollback) is never undone. An Update on the same load balancer keeps the first resource's "before", so a
 * chain of replaced certificates still gives back the original one.
 */
export async function onLoadBalancerAttachmentEvent(event: LoadBalancerAttachmentEvent, deps: HandlerDeps): Promise<CdkCustomResourceResponse> {
  if (event.RequestType === 'Delete') {
    const taken = parse(event.PhysicalResourceId);
    if (taken) {
      await giveBack(deps, taken);
    }
    return { PhysicalResourceId: event.PhysicalResourceId };
  }
  const { LoadBalancerName: loadBalancer, Region: region, CertificateName: certificate } = event.ResourceProperties;
  const held = await loadBalancerCertificates(deps, region, loadBalancer);
  if (!held.some((c) => c.name === certificate)) {
    throw new Error(`Load balancer "${loadBalancer}" in ${region} has no certificate "${certificate}" to attach`);
  }
  const before = event.RequestType === 'Update' ? parse(event.PhysicalResourceId) : undefined;
  const attachedNow = held.find((c) => c.isAttached)?.name ?? '';
  const previous = before?.loadBalancer === loadBalancer && before.region === region ? before.previous : attachedNow;
  const taken: Taken = { region, loadBalancer, certificate, previous: previous === certificate ? '' : previous };
  if (attachedNow !== certificate) {
    await attach(deps, region, loadBalancer, certificate);
  }
  await attached(deps, taken);
  return { PhysicalResourceId: physicalIdOf(taken), Data: { [Attr.CERTIFICATE_NAME]: certificate, PreviousCertificateName: taken.previous } };
}

async function attach(deps: HandlerDeps, region: string, loadBalancerName: string, certificateName: string): Promise<void> {
  await attachLoadBalancerTlsCertificate(deps, deps.lightsail(region), loadBalancerName, certificateName);
}

/** Waits until a read shows the certificate attached: whether the attach answers before that is not documented. */
async function attached(deps: HandlerDeps, taken: Taken): Promise<void> {
  const deadline = deps.now() + LB_ATTACH_BUDGET_MS;
  for (let read = 1; ; read++) {
    const held = await loadBalancerCertificates(deps, taken.region, taken.loadBalancer);
    if (held.some((c) => c.name === taken.certificate && c.isAttached)) {
      return;
    }
    const pause = pauseBefore(deps, backoff(deps, read, 1_000, 10_000), deadline);
    if (pause === undefined) {
      throw new Error(`Load balancer "${taken.loadBalancer}" does not show the certificate "${taken.certificate}" attached `
        + `${LB_ATTACH_BUDGET_MS / 60_000} minutes after it was attached`);
    }
    await deps.sleep(pause);
  }
}

async function giveBack(deps: HandlerDeps, taken: Taken): Promise<void> {
  if (taken.previous === '') {
    // Nothing to give back: Lightsail has no detach for load balancers; the certificate's own Delete removes ours.
    return;
  }
  const held = await loadBalancerCertificates(deps, taken.region, taken.loadBalancer);
  if (!held.some((c) => c.name === taken.certificate && c.isAttached)) {
    // Gone, or holding another certificate since: nothing of ours to give back.
    return;
  }
  const previous = held.find((c) => c.name === taken.previous);
  if (previous?.status !== 'ISSUED') {
    console.log(`Certificate "${taken.previous}" of load balancer "${taken.loadBalancer}" is ${previous?.status ?? 'gone'}: not re-attached`);
    return;
  }
  try {
    await attach(deps, taken.region, taken.loadBalancer, taken.previous);
  } catch (error) {
    if (!isNotFound(error)) {
      throw error;
    }
    console.log(`Certificate "${taken.previous}" of load balancer "${taken.loadBalancer}" went meanwhile: not re-attached`);
  }
}
