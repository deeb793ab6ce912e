import type { CertificateSummary, Tag } from '@aws-sdk/client-lightsail';
import { HandlerDeps } from './deps';
import { applyTagChanges, createCertificate, deleteCertificate, findCertificate } from './lightsail';
import { mintPhysicalId, parsePhysicalId } from './physical-id';
import type { TagChanges } from './tags';
import { CertificateResourceProperties } from '../src/private/contract';

/**
 * Where a kind of certificate lives and the calls that act on it. The lifecycle in `certificate.ts`
 * (ownership, adoption, records, deletion) is the same for a Lightsail certificate and a load balancer's
 * TLS certificate; only these calls differ. Every read answers in the `CertificateSummary` shape (with
 * details), which the rest of the handler reads.
 */
export interface CertificateStore {
  /** The region of the certificates. */
  readonly region: string;
  /** The certificate of this name, with its details, or `undefined`. */
  find(certificateName: string): Promise<CertificateSummary | undefined>;
  /** Requests a certificate with its tags. */
  create(request: CertificateRequest): Promise<void>;
  /** Deletes a certificate; one already gone counts as deleted. */
  delete(certificateName: string): Promise<void>;
  /** Applies tag changes, calling only what has something to do. */
  applyTags(certificateName: string, changes: TagChanges): Promise<void>;
  /** The physical id of the resource that holds this certificate. */
  physicalId(certificateName: string): string;
}

/** What a certificate is requested with. */
export interface CertificateRequest {
  readonly certificateName: string;
  readonly domainName: string;
  readonly subjectAlternativeNames: string[];
  readonly tags: Tag[];
}

/** A kind of certificate: how to reach the store its properties or its physical id name. */
export interface CertificateKind<P extends CertificateResourceProperties = CertificateResourceProperties> {
  /** The store of the certificate the properties describe. */
  storeFor(deps: HandlerDeps, props: P): CertificateStore;
  /** The store and name a physical id of this kind names; `undefined` for an id the handler did not mint. */
  locate(deps: HandlerDeps, physicalId: string | undefined): { readonly store: CertificateStore; readonly certificateName: string } | undefined;
}

/** Lightsail's own certificates (`CreateCertificate`, `GetCertificates`, ...), in the region the properties name. */
export function lightsailCertificateStore(deps: HandlerDeps, region: string): CertificateStore {
  const client = deps.lightsail(region);
  return {
    region,
    find: (name) => findCertificate(deps, client, name),
    create: (request) => createCertificate(deps, client, request),
    delete: (name) => deleteCertificate(deps, client, name),
    applyTags: (name, changes) => applyTagChanges(deps, client, name, changes),
    physicalId: (name) => mintPhysicalId(region, name),
  };
}

/** The kind of a `Custom::LightsailCertificate`. */
export const LIGHTSAIL_CERTIFICATE: CertificateKind = {
  storeFor: (deps, props) => lightsailCertificateStore(deps, props.Region),
  locate: (deps, physicalId) => {
    const location = parsePhysicalId(physicalId);
    return location && { store: lightsailCertificateStore(deps, location.region), certificateName: location.certificateName };
  },
};
