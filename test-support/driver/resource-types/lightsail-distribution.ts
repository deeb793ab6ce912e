import { DistributionInfo, ResourceHooks } from '../options';
import { randomString } from '../physical-ids';
import { ResourceRequest, ResourceTypeHandler } from '../resource-handler';
import { certificateUserHandler } from './certificate-user';

/**
 * `AWS::Lightsail::Distribution`: its `CertificateName` is attached through the hooks, and the
 * distribution itself (its own `*.cloudfront.net` domain, which CloudFormation does not return) is
 * told to the hooks, for `GetDistributions`. Distributions take certificates from us-east-1 only,
 * whatever the stack's region, so that is the region the hooks are told to look in. A replaced
 * distribution gets a new id, so a new ARN and domain.
 */
export function distributionHandler(hooks: ResourceHooks): ResourceTypeHandler {
  const inner = certificateUserHandler({
    resourceType: 'AWS::Lightsail::Distribution',
    nameProperty: 'DistributionName',
    certificates: (p) => (typeof p.CertificateName === 'string' && p.CertificateName !== '' ? [p.CertificateName] : []),
    certificateRegion: () => 'us-east-1',
    attributes: (_name, s) => ({
      DistributionArn: `arn:${s.partition}:lightsail:us-east-1:${s.account}:Distribution/${randomString(36, 'abcdef0123456789')}`,
      Status: 'Deployed',
      AbleToUpdateBundle: true,
      DomainName: `d${randomString(13, 'abcdefghijklmnopqrstuvwxyz0123456789')}.cloudfront.net`,
    }),
  }, hooks);
  const tell = (request: ResourceRequest, name: string, attributes: Record<string, unknown>): DistributionInfo => {
    const info: DistributionInfo = {
      name,
      arn: String(attributes.DistributionArn),
      domainName: String(attributes.DomainName),
      ipAddressType: typeof request.properties.IpAddressType === 'string' ? request.properties.IpAddressType : 'dualstack',
      status: String(attributes.Status),
    };
    hooks.onPutDistribution?.(info);
    return info;
  };
  return {
    ...inner,
    create: async (request) => {
      const created = await inner.create(request);
      tell(request, created.physicalId, created.attributes ?? {});
      return created;
    },
    update: async (request) => {
      const updated = await inner.update!(request);
      tell(request, updated.physicalId, updated.attributes ?? {});
      return updated;
    },
    delete: async (request) => {
      await inner.delete?.(request);
      hooks.onDeleteDistribution?.(request.physicalId!);
    },
  };
}
