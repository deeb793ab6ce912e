import { ResourceRequest, ResourceTypeHandler } from '../resource-handler';
import { Route53Zones } from './route53-zones';

/**
 * `AWS::Route53::RecordSet`: writes the record into the driver's Route 53 model (and so into the DNS
 * sink) on create, rewrites it on update, removes it on delete. `Ref` is the record name, as in
 * CloudFormation.
 */
export function recordSetHandler(zones: Route53Zones): ResourceTypeHandler {
  return {
    replacementProperties: ['Name', 'HostedZoneId', 'HostedZoneName', 'SetIdentifier'],
    create: async (request) => {
      const r = recordOf(request.properties, zones);
      await zones.createRecordSet(r.zoneId, r.name, r.type, r.values);
      return { physicalId: r.name, internal: r };
    },
    update: async (request) => {
      const before = request.internal as RecordSet;
      const after = recordOf(request.properties, zones);
      await zones.deleteRecordSet(before.zoneId, before.name, before.type);
      try {
        await zones.createRecordSet(after.zoneId, after.name, after.type, after.values);
      } catch (e) {
        // Route 53 applies a change batch atomically: put the old record back.
        await zones.createRecordSet(before.zoneId, before.name, before.type, before.values);
        throw e;
      }
      return { physicalId: request.physicalId!, internal: after };
    },
    delete: async (request) => {
      const r = request.internal as RecordSet | undefined;
      if (r) await zones.deleteRecordSet(r.zoneId, r.name, r.type);
    },
  };
}

interface RecordSet {
  readonly zoneId: string;
  readonly name: string;
  readonly type: string;
  readonly values: readonly string[];
}

function recordOf(p: ResourceRequest['properties'], zones: Route53Zones): RecordSet {
  const zoneId = typeof p.HostedZoneId === 'string' ? p.HostedZoneId.replace(/^\/hostedzone\//, '') : zones.zoneIdByName(String(p.HostedZoneName));
  const alias = p.AliasTarget as { DNSName?: string } | undefined;
  const values = alias?.DNSName ? [alias.DNSName] : ((p.ResourceRecords as unknown[] | undefined) ?? []).map(String);
  if (typeof p.Name !== 'string' || typeof p.Type !== 'string') throw new Error('Properties validation failed: Name and Type are required');
  return { zoneId, name: p.Name, type: p.Type, values };
}
