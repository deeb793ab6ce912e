import { ResourceHooks } from '../options';
import { randomString } from '../physical-ids';
import { ResourceTypeHandler } from '../resource-handler';
import { certificateUserHandler } from './certificate-user';

/**
 * `AWS::Lightsail::Distribution`: its `CertificateName` is attached through the hooks. Distributions
 * take certificates from us-east-1 only, whatever the stack's region, so that is the region the hooks
 * are told to look in.
 */
export function distributionHandler(hooks: ResourceHooks): ResourceTypeHandler {
  return certificateUserHandler({
    resourceType: 'AWS::Lightsail::Distribution',
    nameProperty: 'DistributionName',
    certificates: (p) => (typeof p.CertificateName === 'string' && p.CertificateName !== '' ? [p.CertificateName] : []),
    certificateRegion: () => 'us-east-1',
    attributes: (name, s) => ({
      DistributionArn: `arn:${s.partition}:lightsail:us-east-1:${s.account}:Distribution/${name}`,
      Status: 'Deployed',
      AbleToUpdateBundle: true,
      DomainName: `${randomString(14, 'abcdefghijklmnopqrstuvwxyz0123456789')}.cloudfront.net`,
    }),
  }, hooks);
}
