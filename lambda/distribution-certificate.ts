import type { LightsailDistribution } from '@aws-sdk/client-lightsail';
import type { CdkCustomResourceEvent, CdkCustomResourceResponse } from 'aws-lambda';
import { beforeKeyStem, clearBefore, readBefore, writeBefore } from './before-tags';
import { HandlerDeps, pauseBefore } from './deps';
import { DISTRIBUTION_API_REGION } from './distribution';
import { attachCertificateToDistribution, detachCertificateFromDistribution, findCertificate, findDistribution, isNotFound } from './lightsail';
import { backoff } from './retries';
import { thisStacksCertificate } from './stack-leftover';
import { tagsOf } from './summary';
import { DistributionCertificateProperties, TARGET_DOMAIN_NAME_ATTRIBUTE } from '../src/private/contract';

/** A request for a `Custom::LightsailDistributionCertificate`. */
export type DistributionCertificateEvent = CdkCustomResourceEvent<DistributionCertificateProperties>;

const PREFIX = 'lightsail-distribution-certificate';

/** How long an attach may take to show in `GetDistributions` (unverified whether it shows at once). */
export const ATTACH_BUDGET_MS = 2 * 60_000;

/** What one resource did: the distribution, the certificate it attached, and the one attached before ('' for none). */
interface Taken {
  readonly distribution: string;
  readonly certificate: string;
  readonly previous: string;
}

function physicalIdOf(taken: Taken): string {
  return [PREFIX, taken.distribution, taken.certificate, taken.previous].join(':');
}

/** Lightsail resource names are letters, digits, `_` and `-` (botocore `ResourceName`), so `:` separates them. */
function parse(physicalId: string): Taken | undefined {
  const [prefix, distribution, certificate, previous] = physicalId.split(':');
  return prefix === PREFIX && distribution && certificate ? { distribution, certificate, previous: previous ?? '' } : undefined;
}

/**
 * Attaches the certificate to a distribution made outside the stack, remembering the certificate it
 * had (in the physical id), and gives it back on Delete: re-attached, or the certificate detached when
 * there was none; but only while the distribution still has this resource's certificate, so a newer
 * attachment (an update that replaced the certificate, or a rollback) is never undone.
 * An Update on the same distribution keeps the first resource's "before". A certificate of this stack
 * found attached on Create is a lost attempt's, not the distribution's own: the "before" is then the one
 * that attempt recorded on it. Before attaching, the "before" is written on the certificate to attach
 * (see `before-tags.ts`), so a lost answer loses nothing.
 */
export async function onDistributionCertificateEvent(event: DistributionCertificateEvent, deps: HandlerDeps): Promise<CdkCustomResourceResponse> {
  if (event.RequestType === 'Delete') {
    const taken = parse(event.PhysicalResourceId);
    if (taken) {
      await giveBack(deps, taken);
      await clearBefore(deps, deps.lightsail(DISTRIBUTION_API_REGION), taken.certificate, stemOf(taken.distribution));
    }
    return { PhysicalResourceId: event.PhysicalResourceId };
  }
  const { DistributionName: name, CertificateName: certificate } = event.ResourceProperties;
  const distribution = await find(deps, name);
  if (!distribution) {
    throw new Error(`Distribution "${name}" does not exist in ${DISTRIBUTION_API_REGION}, where Lightsail keeps every distribution; `
      + 'check the name given to DomainTarget.fromDistributionName');
  }
  const before = event.RequestType === 'Update' ? parse(event.PhysicalResourceId) : undefined;
  const previous = before?.distribution === name ? before.previous : await ownBefore(deps, distribution, event.StackId);
  const taken = { distribution: name, certificate, previous: previous === certificate ? '' : previous };
  await record(deps, taken);
  if (distribution.certificateName !== certificate) {
    await attachCertificateToDistribution(deps, deps.lightsail(DISTRIBUTION_API_REGION), name, certificate);
  }
  await attached(deps, name, certificate);
  return {
    PhysicalResourceId: physicalIdOf(taken),
    Data: { [TARGET_DOMAIN_NAME_ATTRIBUTE]: distribution.domainName, PreviousCertificateName: taken.previous },
  };
}

/**
 * The certificate the distribution had before this stack: the one it has, unless that is none or this
 * stack's own, whose record (written before a lost attempt attached it) says what was there.
 */
async function ownBefore(deps: HandlerDeps, distribution: LightsailDistribution, stackId: string): Promise<string> {
  const current = distribution.certificateName ?? '';
  if (current === '') {
    return '';
  }
  const leftover = await thisStacksCertificate(deps, DISTRIBUTION_API_REGION, current, stackId);
  // Without a record, the leftover is an attempt's from before records: what it replaced is unknown.
  return leftover ? readBefore(tagsOf(leftover), stemOf(distribution.name ?? ''))?.[0] ?? '' : current;
}

function stemOf(distributionName: string): string {
  return beforeKeyStem('distribution', distributionName);
}

/** Writes the "before" on the certificate about to be attached: it is a certificate of this stack (its handler made or took it over). */
async function record(deps: HandlerDeps, taken: Taken): Promise<void> {
  const client = deps.lightsail(DISTRIBUTION_API_REGION);
  const certificate = await findCertificate(deps, client, taken.certificate);
  // A missing certificate is left for the attach to report in Lightsail's words.
  if (certificate) {
    await writeBefore(deps, client, taken.certificate, tagsOf(certificate), stemOf(taken.distribution), taken.previous === '' ? [] : [taken.previous]);
  }
}

/** Waits until a read shows the certificate attached: whether Attach answers before that is not documented. */
async function attached(deps: HandlerDeps, name: string, certificate: string): Promise<void> {
  const deadline = deps.now() + ATTACH_BUDGET_MS;
  for (let read = 1; ; read++) {
    const distribution = await find(deps, name);
    if (distribution?.certificateName === certificate) {
      return;
    }
    const pause = pauseBefore(deps, backoff(deps, read, 1_000, 10_000), deadline);
    if (pause === undefined) {
      throw new Error(`Distribution "${name}" does not show the certificate "${certificate}" ${ATTACH_BUDGET_MS / 60_000} minutes after it was attached`);
    }
    await deps.sleep(pause);
  }
}

async function giveBack(deps: HandlerDeps, taken: Taken): Promise<void> {
  const distribution = await find(deps, taken.distribution);
  if (distribution?.certificateName !== taken.certificate) {
    // Gone, or holding another certificate since: nothing of ours to give back.
    return;
  }
  const client = deps.lightsail(DISTRIBUTION_API_REGION);
  try {
    if (taken.previous !== '') {
      await attachCertificateToDistribution(deps, client, taken.distribution, taken.previous);
    } else {
      await detachCertificateFromDistribution(deps, client, taken.distribution);
    }
  } catch (error) {
    if (taken.previous === '' || !isNotFound(error)) {
      throw error;
    }
    // The certificate before was deleted meanwhile: leave the distribution without ours.
    await detachCertificateFromDistribution(deps, client, taken.distribution);
  }
}

function find(deps: HandlerDeps, distributionName: string) {
  return findDistribution(deps, deps.lightsail(DISTRIBUTION_API_REGION), distributionName);
}
