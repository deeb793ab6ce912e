import { CertificateAttachment, ResourceHooks } from '../options';
import { generatedName } from '../physical-ids';
import { PseudoParameters } from '../pseudo-parameters';
import { ResourceRequest, ResourceTypeHandler } from '../resource-handler';

/** What differs between the Lightsail resource types that use certificates. */
export interface CertificateUserType {
  /** The resource type. */
  readonly resourceType: string;
  /** The property that names the resource. */
  readonly nameProperty: string;
  /** The certificate names the resource uses, from its resolved properties. */
  certificates(properties: ResourceRequest['properties']): string[];
  /** The region Lightsail looks the certificates up in. */
  certificateRegion(stack: PseudoParameters): string;
  /** The resource's attributes. */
  attributes(name: string, stack: PseudoParameters): Record<string, unknown>;
}

/**
 * A handler for a Lightsail resource that attaches certificates: it calls the caller's hooks when a
 * certificate starts or stops being used (create, update, delete), so an emulator can refuse an
 * attachment (missing certificate, not ISSUED, wrong region) and keep `inUseResourceCount`.
 */
export function certificateUserHandler(type: CertificateUserType, hooks: ResourceHooks): ResourceTypeHandler {
  const attachment = (request: ResourceRequest, name: string, certificateName: string): CertificateAttachment => ({
    region: type.certificateRegion(request.stack),
    certificateName,
    resourceType: type.resourceType,
    resourceName: name,
    stackRegion: request.stack.region,
  });
  const attachAll = async (request: ResourceRequest, name: string, certificates: string[]) => {
    const done: string[] = [];
    try {
      for (const c of certificates) {
        await hooks.onAttachCertificate?.(attachment(request, name, c));
        done.push(c);
      }
    } catch (e) {
      // The service makes the change all or nothing: undo the attachments that succeeded.
      for (const c of done) await hooks.onDetachCertificate?.(attachment(request, name, c));
      throw e;
    }
  };
  const detachAll = async (request: ResourceRequest, name: string, certificates: string[]) => {
    for (const c of certificates) await hooks.onDetachCertificate?.(attachment(request, name, c));
  };
  return {
    replacementProperties: [type.nameProperty],
    create: async (request) => {
      const given = request.properties[type.nameProperty];
      const name = typeof given === 'string' ? given : generatedName(request.stack.stackName, request.logicalId, 255);
      await attachAll(request, name, type.certificates(request.properties));
      return { physicalId: name, attributes: type.attributes(name, request.stack) };
    },
    update: async (request) => {
      const name = request.physicalId!;
      const before = type.certificates(request.oldProperties ?? {});
      const after = type.certificates(request.properties);
      await attachAll(request, name, after.filter((c) => !before.includes(c)));
      await detachAll(request, name, before.filter((c) => !after.includes(c)));
      return { physicalId: name, attributes: request.attributes };
    },
    delete: (request) => detachAll(request, request.physicalId!, type.certificates(request.properties)),
  };
}
