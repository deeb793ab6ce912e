/**
 * The five certificate operations: each takes the region and the decoded request body and returns
 * the result body, or throws a `LightsailError`.
 */
import { CertificateState, inUseResourceCount } from './certificate-state';
import { CertificateStore } from './certificate-store';
import { toWireOperation, toWireSummary } from './certificate-view';
import { certificateNotFound, invalidInput, LightsailError } from './errors';
import { FaultInjector } from './faults';
import { ResolvedModes } from './modes';
import { OperationName, WireCertificateSummary, WireDistribution } from './types';
import {
  Body,
  checkTags,
  parseCreateCertificate,
  parseDeleteCertificate,
  parseGetCertificates,
  parseTagResource,
  parseUntagResource,
} from './validation';

/** What the operations work with. */
export interface OperationContext {
  /** The certificates. */
  readonly store: CertificateStore;
  /** Fault settings (for per-certificate faults). */
  readonly faults: FaultInjector;
  /** The account in ARNs and validation records. */
  readonly accountId: string;
  /** Page size of `GetCertificates`. */
  readonly pageSize: number;
  /** How the emulator answers where the real service is undocumented. */
  readonly modes: ResolvedModes;
  /** The distributions, by name (Lightsail keeps them all in us-east-1). */
  readonly distributions: ReadonlyMap<string, WireDistribution>;
}

/** An operation implementation. */
export type OperationHandler = (region: string, body: Body, ctx: OperationContext) => Record<string, unknown>;

/** The implementations, by operation name. */
export const OPERATIONS: Readonly<Record<OperationName, OperationHandler>> = {
  CreateCertificate: createCertificate,
  GetCertificates: getCertificates,
  DeleteCertificate: deleteCertificate,
  TagResource: tagResource,
  UntagResource: untagResource,
  GetDistributions: getDistributions,
};

/**
 * The distributions, or the one named. They live in us-east-1; unverified: what other regions answer
 * (here: none), and the error for a name that does not exist (here: `NotFoundException`).
 */
function getDistributions(region: string, body: Body, ctx: OperationContext): Record<string, unknown> {
  const all = region === 'us-east-1' ? [...ctx.distributions.values()] : [];
  const name = typeof body.distributionName === 'string' ? body.distributionName : undefined;
  if (name === undefined) {
    return { distributions: all };
  }
  const found = all.filter((d) => d.name === name);
  if (found.length === 0) {
    throw new LightsailError('NotFoundException', `DoesNotExist: the distribution "${name}" does not exist.`, { code: 'DoesNotExist' });
  }
  return { distributions: found };
}

function createCertificate(region: string, body: Body, ctx: OperationContext): Record<string, unknown> {
  const input = parseCreateCertificate(body);
  const cert = ctx.store.create(region, {
    name: input.certificateName,
    domainName: input.domainName,
    subjectAlternativeNames: input.subjectAlternativeNames,
    tags: input.tags,
  }, ctx.faults.forNewCertificate());
  // unverified: whether the CreateCertificate result already carries the validation records (the
  // documented shape allows it; ACM publishes them seconds later). The emulator includes them unless
  // the late-records fault is on, and does not count this answer as one of the K late reads.
  const summary = toWireSummary(cert, true, view(ctx, cert.lateRecordReads > 0));
  return { certificate: summary, operations: [toWireOperation(cert, 'CreateCertificate', ctx.store.now())] };
}

function getCertificates(region: string, body: Body, ctx: OperationContext): Record<string, unknown> {
  const input = parseGetCertificates(body);
  let candidates: CertificateState[];
  if (input.certificateName !== undefined) {
    const cert = ctx.store.find(region, input.certificateName);
    // unverified: a name that does not exist comes back as an empty list or as NotFoundException
    // (mode `missingName`).
    if (!cert && ctx.modes.missingName === 'not-found') {
      throw certificateNotFound(input.certificateName, region);
    }
    candidates = cert ? [cert] : [];
  } else {
    candidates = ctx.store.list(region);
  }
  const statuses = input.certificateStatuses;
  const matching = candidates.filter((c) => !statuses || statuses.length === 0 || statuses.includes(c.status));
  const visible = matching.filter((c) => {
    // Fault "empty list after create": the read counts even though it shows nothing.
    if (c.hiddenReads > 0) {
      c.hiddenReads -= 1;
      return false;
    }
    return true;
  });
  const start = input.pageToken !== undefined ? decodePageToken(input.pageToken) : 0;
  const page = visible.filter((c) => c.seq >= start).slice(0, ctx.pageSize + 1);
  const more = page.length > ctx.pageSize;
  const shown = page.slice(0, ctx.pageSize);
  const certificates = shown.map((c): WireCertificateSummary => {
    const hide = input.includeCertificateDetails && c.lateRecordReads > 0;
    if (hide) {
      c.lateRecordReads -= 1;
    }
    return toWireSummary(c, input.includeCertificateDetails, view(ctx, hide));
  });
  // unverified: the real page size, order (here: creation order) and token format; tokens here are opaque and name where to resume,
  // so deleting certificates between pages skips nothing.
  return more ? { certificates, nextPageToken: encodePageToken(page[ctx.pageSize].seq) } : { certificates };
}

function deleteCertificate(region: string, body: Body, ctx: OperationContext): Record<string, unknown> {
  const input = parseDeleteCertificate(body);
  const cert = ctx.store.get(region, input.certificateName);
  // Documented: "Certificates that are currently attached to a distribution cannot be deleted."
  // unverified: whether the call is refused, and with which error (mode `deleteInUse`), and whether
  // the refusal outlives what inUseResourceCount says (mode `inUseLagMs`).
  const inUse = inUseResourceCount(cert, ctx.store.now(), ctx.modes.inUseLagMs);
  if (inUse > 0 && ctx.modes.deleteInUse === 'error') {
    throw invalidInput(`The certificate "${cert.name}" is in use by ${inUse} resource(s) and cannot be deleted; detach it first.`, 'ResourceInUse');
  }
  ctx.store.delete(region, cert.name);
  return { operations: [toWireOperation(cert, 'DeleteCertificate', ctx.store.now())] };
}

function tagResource(region: string, body: Body, ctx: OperationContext): Record<string, unknown> {
  const input = parseTagResource(body);
  const cert = resourceOf(region, input.resourceName, input.resourceArn, ctx);
  const merged = new Map(cert.tags);
  input.tags.forEach((t) => merged.set(t.key, t.value));
  // Documented: "Each resource can have a maximum of 50 tags": the limit applies to the result.
  checkTags([...merged].map(([key, value]) => ({ key, value })));
  cert.tags.clear();
  merged.forEach((value, key) => cert.tags.set(key, value));
  return { operations: [toWireOperation(cert, 'TagResource', ctx.store.now())] };
}

function untagResource(region: string, body: Body, ctx: OperationContext): Record<string, unknown> {
  const input = parseUntagResource(body);
  const cert = resourceOf(region, input.resourceName, input.resourceArn, ctx);
  // unverified: keys the resource does not have are ignored rather than refused.
  input.tagKeys.forEach((k) => cert.tags.delete(k));
  return { operations: [toWireOperation(cert, 'UntagResource', ctx.store.now())] };
}

/**
 * The certificate a Tag/Untag call names. The emulator knows only certificates, so any other name is
 * not found.
 */
function resourceOf(region: string, name: string, arn: string | undefined, ctx: OperationContext): CertificateState {
  const cert = ctx.store.get(region, name);
  if (arn !== undefined && arn !== cert.arn) {
    // unverified: how a resourceArn that names another resource than resourceName is answered.
    throw invalidInput(`resourceArn "${arn}" is not the ARN of the resource "${name}".`);
  }
  return cert;
}

function view(ctx: OperationContext, hideRecords: boolean) {
  return { now: ctx.store.now(), accountId: ctx.accountId, hideRecords };
}

function encodePageToken(seq: number): string {
  return Buffer.from(JSON.stringify({ v: 1, from: seq })).toString('base64url');
}

function decodePageToken(token: string): number {
  try {
    const decoded: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    const from = (decoded as { from?: unknown }).from;
    if (typeof from === 'number' && Number.isInteger(from)) {
      return from;
    }
  } catch {
    // fall through to the error below
  }
  // unverified: the error for a token the service did not issue.
  throw invalidInput(`pageToken "${token}" is not valid.`);
}
