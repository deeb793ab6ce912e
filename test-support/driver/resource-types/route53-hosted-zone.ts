import { hostedZoneId, randomString } from '../physical-ids';
import { ResourceTypeHandler } from '../resource-handler';
import { Route53Zones } from './route53-zones';

/**
 * `AWS::Route53::HostedZone`: a zone id like `Z0...` (also what `Ref` returns), attributes `Id` and
 * `NameServers`; the zone is registered so record sets can be checked against it.
 */
export function hostedZoneHandler(zones: Route53Zones): ResourceTypeHandler {
  return {
    replacementProperties: ['Name'],
    create: (request) => {
      const id = hostedZoneId();
      zones.addZone(id, String(request.properties.Name));
      return { physicalId: id, attributes: { Id: id, NameServers: nameServers() } };
    },
    update: (request) => ({ physicalId: request.physicalId!, attributes: request.attributes }),
    delete: (request) => zones.removeZone(request.physicalId!),
  };
}

/** Four name servers in Route 53's style. */
function nameServers(): string[] {
  const n = () => Number.parseInt(randomString(3, '0123456789'), 10);
  return [`ns-${n()}.awsdns-${n() % 64}.org`, `ns-${n()}.awsdns-${n() % 64}.co.uk`, `ns-${n()}.awsdns-${n() % 64}.com`, `ns-${n()}.awsdns-${n() % 64}.net`];
}
