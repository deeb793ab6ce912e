import { ResourceHooks } from '../options';
import { randomString } from '../physical-ids';
import { ResourceTypeHandler } from '../resource-handler';
import { certificateUserHandler } from './certificate-user';

/**
 * `AWS::Lightsail::Container` (a container service): each certificate named in `PublicDomainNames`
 * is attached through the hooks, in the stack's region (container services are regional and take
 * certificates from their own region).
 */
export function containerHandler(hooks: ResourceHooks): ResourceTypeHandler {
  return certificateUserHandler({
    resourceType: 'AWS::Lightsail::Container',
    nameProperty: 'ServiceName',
    certificates: (p) => {
      const names = ((p.PublicDomainNames as Array<{ CertificateName?: unknown }> | undefined) ?? [])
        .map((d) => d.CertificateName)
        .filter((c): c is string => typeof c === 'string' && c !== '');
      return [...new Set(names)];
    },
    certificateRegion: (s) => s.region,
    attributes: (name, s) => ({
      ContainerArn: `arn:${s.partition}:lightsail:${s.region}:${s.account}:ContainerService/${name}`,
      Url: `https://${name}.${randomString(13, 'abcdefghijklmnopqrstuvwxyz0123456789')}.${s.region}.cs.amazonlightsail.com/`,
      PrincipalArn: `arn:${s.partition}:iam::${s.account}:role/amazon/lightsail/${s.region}/containers/${name}/${randomString(26)}`,
    }),
  }, hooks);
}
