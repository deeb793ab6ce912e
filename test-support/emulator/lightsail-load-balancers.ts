/**
 * Lightsail's load-balancer TLS certificates over the API. Documented (botocore `lightsail/2016-11-28`):
 * "Each Lightsail load balancer can have up to 2 certificates associated with it at one time", one active
 * and one inactive (`GetLoadBalancerTlsCertificates`); `AttachLoadBalancerTlsCertificate` with the
 * non-attached certificate "will replace the existing one and become the attached certificate"; the `force`
 * of `DeleteLoadBalancerTlsCertificate` "is required when the primary SSL/TLS certificate is in use"; a
 * certificate takes at most 9 alternative names, which Lightsail de-dupes. Validation, records and renewal
 * are the certificates' (`LightsailCertificates`).
 */
import { randomUUID } from 'crypto';
import type { CertificateState, RenewalStatus } from './lightsail';
import type { LightsailContext } from './lightsail-api';
import type { LoadBalancerState } from './lightsail-targets';

type Body = Record<string, unknown>;

/** Documented: 2 certificates per load balancer, 9 alternative names. */
const MAX_CERTIFICATES = 2;
const MAX_ALTERNATE_NAMES = 9;

/** What the API module lends: its error makers and input readers. */
export interface ApiHelpers {
  readonly invalidInput: (message: string, code?: string) => Error;
  readonly notFound: (message: string) => Error;
  readonly string: (body: Body, member: string, required?: boolean) => string | undefined;
  readonly strings: (body: Body, member: string) => string[] | undefined;
  readonly tags: (body: Body) => Array<{ key: string; value?: string }>;
  readonly checkDomain: (domain: string) => void;
}

/** The load balancer a call names. unverified: the error for one that does not exist (NotFoundException here). */
export function loadBalancerOf(region: string, body: Body, ctx: LightsailContext, h: ApiHelpers): LoadBalancerState {
  const name = h.string(body, 'loadBalancerName', true)!;
  const balancer = ctx.targets.loadBalancers.get(`${region}/${name}`);
  if (!balancer) throw h.notFound(`DoesNotExist: the load balancer "${name}" does not exist in ${region}.`);
  return balancer;
}

function certificateOf(balancer: LoadBalancerState, body: Body, ctx: LightsailContext, h: ApiHelpers): CertificateState {
  const name = h.string(body, 'certificateName', true)!;
  const cert = ctx.certificates.ofLoadBalancer(balancer.region, balancer.name).find((c) => c.name === name);
  if (!cert) throw h.notFound(`DoesNotExist: the load balancer "${balancer.name}" has no certificate "${name}".`);
  return cert;
}

function operation(balancer: LoadBalancerState, operationType: string): Body {
  const now = Date.now() / 1000;
  return {
    id: randomUUID(),
    resourceName: balancer.name,
    resourceType: 'LoadBalancer',
    createdAt: now,
    location: { availabilityZone: 'all', regionName: balancer.region },
    isTerminal: true,
    operationType,
    status: 'Succeeded',
    statusChangedAt: now,
  };
}

/** unverified: the exception of a third certificate (InvalidInputException here). */
export function createLoadBalancerTlsCertificate(region: string, body: Body, ctx: LightsailContext, h: ApiHelpers): Body {
  const balancer = loadBalancerOf(region, body, ctx, h);
  const name = h.string(body, 'certificateName', true)!;
  const domainName = h.string(body, 'certificateDomainName', true)!;
  const alternates = h.strings(body, 'certificateAlternativeNames') ?? [];
  [domainName, ...alternates].forEach(h.checkDomain);
  if (new Set(alternates.map((d) => d.toLowerCase())).size > MAX_ALTERNATE_NAMES) {
    throw h.invalidInput(`certificateAlternativeNames: at most ${MAX_ALTERNATE_NAMES} alternative names are allowed.`);
  }
  const held = ctx.certificates.ofLoadBalancer(region, balancer.name);
  if (held.some((c) => c.name === name)) throw h.invalidInput(`The load balancer "${balancer.name}" already has a certificate "${name}".`, 'AlreadyExists');
  if (held.length >= MAX_CERTIFICATES) {
    throw h.invalidInput(`The load balancer "${balancer.name}" already has ${held.length} certificates; a load balancer can have up to ${MAX_CERTIFICATES}.`);
  }
  const spec = { name, domainName, subjectAlternativeNames: alternates, tags: h.tags(body) };
  ctx.certificates.create(region, spec, ctx.faults.forNewCertificate(), undefined, balancer.name);
  return { operations: [operation(balancer, 'CreateLoadBalancerTlsCertificate')] };
}

/** The `LoadBalancerTlsCertificate` wire shape of a certificate. */
export function wireLoadBalancerCertificate(cert: CertificateState, ctx: LightsailContext): Body {
  const rendered = ctx.certificates.render(cert, cert.lateRecordReads > 0 && cert.lateRecordReads-- > 0);
  return {
    name: cert.name,
    arn: cert.arn,
    supportCode: rendered.supportCode,
    createdAt: rendered.createdAt,
    location: { availabilityZone: 'all', regionName: cert.region },
    resourceType: 'LoadBalancerTlsCertificate',
    tags: rendered.tags,
    loadBalancerName: cert.loadBalancer,
    isAttached: cert.attached === true,
    status: rendered.status,
    domainName: rendered.domainName,
    domainValidationRecords: (rendered.domainValidationRecords ?? []).map((r) => ({
      name: r.resourceRecord?.name,
      type: r.resourceRecord?.type,
      value: r.resourceRecord?.value,
      validationStatus: r.validationStatus,
      domainName: r.domainName,
      dnsRecordCreationState: r.dnsRecordCreationState,
    })),
    // unverified: the failure reason's value (the model's LoadBalancerTlsCertificateFailureReason enum has OTHER).
    failureReason: rendered.requestFailureReason,
    issuedAt: rendered.issuedAt,
    notAfter: rendered.notAfter,
    notBefore: rendered.notBefore,
    subjectAlternativeNames: rendered.subjectAlternativeNames,
    // The model's LoadBalancerTlsCertificateRenewalSummary: the certificates' renewal, its statuses in the
    // LoadBalancerTlsCertificateRenewalStatus and ...DomainStatus spellings; no reason field.
    renewalSummary: rendered.renewalSummary && {
      renewalStatus: LOAD_BALANCER_RENEWAL_STATUSES[rendered.renewalSummary.renewalStatus],
      domainValidationOptions: (rendered.renewalSummary.domainValidationRecords ?? []).map((r) => ({
        domainName: r.domainName, validationStatus: r.validationStatus,
      })),
    },
  };
}

/** `RenewalStatus` as `LoadBalancerTlsCertificateRenewalStatus` spells it (botocore's Lightsail model). */
export const LOAD_BALANCER_RENEWAL_STATUSES: Record<RenewalStatus, string> = {
  PendingAutoRenewal: 'PENDING_AUTO_RENEWAL',
  PendingValidation: 'PENDING_VALIDATION',
  Success: 'SUCCESS',
  Failed: 'FAILED',
};

export function getLoadBalancerTlsCertificates(region: string, body: Body, ctx: LightsailContext, h: ApiHelpers): Body {
  const balancer = loadBalancerOf(region, body, ctx, h);
  return { tlsCertificates: ctx.certificates.ofLoadBalancer(region, balancer.name).map((c) => wireLoadBalancerCertificate(c, ctx)) };
}

/** unverified: a certificate not ISSUED is refused (InvalidInputException here). */
export function attachLoadBalancerTlsCertificate(region: string, body: Body, ctx: LightsailContext, h: ApiHelpers): Body {
  const balancer = loadBalancerOf(region, body, ctx, h);
  const cert = certificateOf(balancer, body, ctx, h);
  if (cert.status !== 'ISSUED') throw h.invalidInput(`The certificate "${cert.name}" is ${cert.status}; only a validated certificate can be attached.`);
  ctx.certificates.ofLoadBalancer(region, balancer.name).forEach((c) => { c.attached = c === cert; });
  return { operations: [operation(balancer, 'AttachLoadBalancerTlsCertificate')] };
}

/** unverified: how the refusal of the attached certificate without `force` is worded (InvalidInputException here). */
export function deleteLoadBalancerTlsCertificate(region: string, body: Body, ctx: LightsailContext, h: ApiHelpers): Body {
  const balancer = loadBalancerOf(region, body, ctx, h);
  const cert = certificateOf(balancer, body, ctx, h);
  if (cert.attached && body.force !== true) {
    throw h.invalidInput(`The certificate "${cert.name}" is attached to the load balancer "${balancer.name}"; use force to delete it.`, 'ResourceInUse');
  }
  ctx.certificates.delete(cert);
  return { operations: [operation(balancer, 'DeleteLoadBalancerTlsCertificate')] };
}

/** unverified: no paging here (every load balancer of the region in one page). */
export function getLoadBalancers(region: string, _body: Body, ctx: LightsailContext): Body {
  const loadBalancers = [...ctx.targets.loadBalancers.values()].filter((b) => b.region === region).map((b) => ({
    name: b.name,
    arn: b.arn,
    location: { availabilityZone: 'all', regionName: b.region },
    resourceType: 'LoadBalancer',
    tlsCertificateSummaries: ctx.certificates.ofLoadBalancer(region, b.name).map((c) => ({ name: c.name, isAttached: c.attached === true })),
  }));
  return { loadBalancers };
}
