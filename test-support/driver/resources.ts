/**
 * The native (non-custom) resource types, as their CloudFormation providers play them here: Lambda
 * functions (remembered, to be run later), Route 53 hosted zones and record sets, Lightsail distributions
 * and container services (told to the caller through hooks: the emulator's Route 53 and Lightsail), and any other type, which
 * only gets a physical id and an ARN. A method that throws fails the resource with the error's message.
 */
import type { LambdaFunction } from './lambda';
import { AssetDirectories, codeDirectory, generatedName, PseudoParameters, randomString } from './template';

/** A distribution that starts or stops using a certificate. */
export interface CertificateAttachment {
  /** Where Lightsail looks the certificate up: always `us-east-1` for a distribution, the service's own region for a container service. */
  readonly region: string;
  readonly certificateName: string;
  /** `AWS::Lightsail::Distribution` or `AWS::Lightsail::Container`. */
  readonly resourceType: string;
  readonly resourceName: string;
}

/** What native resources do outside the driver; a hook that throws fails the resource with its message. */
export interface ResourceHooks {
  /** A distribution is created with, or updated to, a certificate (the emulator checks it is there and ISSUED). */
  onAttachCertificate?(attachment: CertificateAttachment): void | Promise<void>;
  /** A distribution stops using a certificate (update or delete). */
  onDetachCertificate?(attachment: CertificateAttachment): void | Promise<void>;
  /** A hosted zone is created, with its name as the template gives it. */
  onHostedZoneCreated?(id: string, name: string): void;
  /** A hosted zone is being deleted (throw to fail it, e.g. records left in it). */
  onHostedZoneDeleted?(id: string): void;
  /** Record sets change in a hosted zone, as one `ChangeResourceRecordSets` batch (throw to refuse it). */
  onChangeRecordSets?(zoneId: string, changes: readonly RecordSetChange[]): void;
  /** A distribution exists now, or has changed: what `GetDistributions` lists. */
  onPutDistribution?(distribution: DistributionInfo): void;
  /** A distribution is deleted. */
  onDeleteDistribution?(name: string): void;
  /** A load balancer exists now (its certificates are the emulator's). */
  onPutLoadBalancer?(region: string, name: string): void;
  /** A load balancer is deleted. */
  onDeleteLoadBalancer?(region: string, name: string): void;
}

/** A change of a Route 53 record set; an alias record's value is its target's DNS name (and its TTL 0). */
export interface RecordSetChange {
  readonly action: 'CREATE' | 'UPSERT' | 'DELETE';
  readonly recordSet: { readonly name: string; readonly type: string; readonly ttl: number; readonly values: readonly string[] };
}

/** A deployed distribution, as Lightsail lists it. */
export interface DistributionInfo {
  readonly name: string;
  readonly arn: string;
  /** Its own domain, `d<id>.cloudfront.net`, which CloudFormation does not return. */
  readonly domainName: string;
  /** `dualstack` (the default) or `ipv4`. */
  readonly ipAddressType: string;
  readonly status: string;
}

/** A request to create, update or delete one native resource, properties resolved. */
export interface ResourceRequest {
  readonly logicalId: string;
  readonly type: string;
  readonly properties: Readonly<Record<string, unknown>>;
  /** Update: the properties before. */
  readonly oldProperties?: Readonly<Record<string, unknown>>;
  /** Update and delete. */
  readonly physicalId?: string;
  readonly attributes?: Readonly<Record<string, unknown>>;
  readonly metadata?: Readonly<Record<string, unknown>>;
  readonly stack: PseudoParameters;
  readonly assets: AssetDirectories;
}

/** A created or updated resource: physical id (also what `Ref` returns), attributes, and what the driver keeps for itself. */
export interface ResourceResponse {
  readonly physicalId: string;
  readonly attributes?: Readonly<Record<string, unknown>>;
  /** For a function: the {@link LambdaFunction} to run. */
  readonly function?: LambdaFunction;
}

/** Plays one native resource type. */
export interface ResourceTypeHandler {
  /** Properties whose change replaces the resource (a new one is created, the old one deleted in the cleanup). */
  readonly replacementProperties?: readonly string[];
  create(request: ResourceRequest): ResourceResponse | Promise<ResourceResponse>;
  /** Default: nothing changes but the properties. */
  update?(request: ResourceRequest): ResourceResponse | Promise<ResourceResponse>;
  delete?(request: ResourceRequest): void | Promise<void>;
}

/** How types name themselves (generated names are cut to `maxLength`) and their ARNs. */
const NAMING: Record<string, { readonly nameProperty: string; readonly maxLength: number; arn(name: string, s: PseudoParameters): string }> = {
  'AWS::Lambda::Function': { nameProperty: 'FunctionName', maxLength: 64, arn: (n, s) => `arn:aws:lambda:${s.region}:${s.account}:function:${n}` },
  'AWS::IAM::Role': { nameProperty: 'RoleName', maxLength: 64, arn: (n, s) => `arn:aws:iam::${s.account}:role/${n}` },
  'AWS::Logs::LogGroup': { nameProperty: 'LogGroupName', maxLength: 512, arn: (n, s) => `arn:aws:logs:${s.region}:${s.account}:log-group:${n}:*` },
};

/** Any type: its name property, else a generated name; an `Arn` in the type's format, or a generic one. */
function identity(request: ResourceRequest): ResourceResponse {
  const naming = NAMING[request.type];
  const given = naming ? request.properties[naming.nameProperty] : undefined;
  const name = typeof given === 'string' && given !== '' ? given : generatedName(request.stack.stackName, request.logicalId, naming?.maxLength);
  const [, service = 'unknown', kind = 'resource'] = request.type.split('::');
  const { region, account } = request.stack;
  return { physicalId: name, attributes: { Arn: naming?.arn(name, request.stack) ?? `arn:aws:${service.toLowerCase()}:${region}:${account}:${kind.toLowerCase()}/${name}` } };
}

/** The handler of each type the driver plays; any other type is {@link identity} only. */
export function resourceHandlers(hooks: ResourceHooks): (type: string) => ResourceTypeHandler {
  const describe = (request: ResourceRequest, name: string, arn: string): LambdaFunction => {
    const p = request.properties;
    const variables = (p.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {};
    return {
      functionName: name,
      arn,
      region: request.stack.region,
      handler: String(p.Handler ?? 'index.handler'),
      runtime: String(p.Runtime ?? 'nodejs20.x'),
      directory: codeDirectory(request.assets, p.Code, request.metadata),
      environment: Object.fromEntries(Object.entries(variables).map(([k, v]) => [k, String(v)])),
      timeoutSeconds: Number(p.Timeout ?? 3),
      memorySize: Number(p.MemorySize ?? 128),
      role: typeof p.Role === 'string' ? p.Role : undefined,
    };
  };
  /** A distribution uses the certificate of its `CertificateName`, from us-east-1 whatever the stack's region. */
  const certificateOf = (request: ResourceRequest, name: string, properties: ResourceRequest['properties']): CertificateAttachment | undefined => {
    const certificateName = properties.CertificateName;
    return typeof certificateName === 'string' && certificateName !== ''
      ? { region: 'us-east-1', certificateName, resourceType: request.type, resourceName: name } : undefined;
  };
  /** Tells the hooks of a distribution as it is now. */
  const putDistribution = (request: ResourceRequest, name: string, attributes: Readonly<Record<string, unknown>>) => hooks.onPutDistribution?.({
    name,
    arn: String(attributes.DistributionArn),
    domainName: String(attributes.DomainName),
    ipAddressType: typeof request.properties.IpAddressType === 'string' ? request.properties.IpAddressType : 'dualstack',
    status: String(attributes.Status),
  });
  /** A record set's zone and content, from its properties (`HostedZoneId` only). */
  const recordSetOf = (p: ResourceRequest['properties']): [string, RecordSetChange['recordSet']] => {
    if (typeof p.HostedZoneId !== 'string') throw new Error('The local driver plays record sets with a HostedZoneId only');
    const alias = (p.AliasTarget as { DNSName?: unknown } | undefined)?.DNSName;
    const values = alias !== undefined ? [String(alias)] : ((p.ResourceRecords as unknown[] | undefined) ?? []).map(String);
    return [p.HostedZoneId, { name: String(p.Name), type: String(p.Type), ttl: alias !== undefined ? 0 : Number(p.TTL), values }];
  };
  const changeRecordSet = (action: RecordSetChange['action'], properties: ResourceRequest['properties']) => {
    const [zoneId, recordSet] = recordSetOf(properties);
    hooks.onChangeRecordSets?.(zoneId, [{ action, recordSet }]);
  };
  /** The certificates a container service's `PublicDomainNames` name, in the stack's region (a service takes certificates of its own region). */
  const containerCertificates = (request: ResourceRequest, name: string, properties: ResourceRequest['properties']): CertificateAttachment[] => {
    const entries = (properties.PublicDomainNames as Array<{ CertificateName?: unknown }> | undefined) ?? [];
    const names = [...new Set(entries.map((e) => e.CertificateName).filter((c): c is string => typeof c === 'string' && c !== ''))];
    return names.map((certificateName) => ({ region: request.stack.region, certificateName, resourceType: request.type, resourceName: name }));
  };
  const handlers: Record<string, ResourceTypeHandler> = {
    'AWS::Lambda::Function': {
      replacementProperties: ['FunctionName'],
      create: (request) => {
        const { physicalId, attributes } = identity(request);
        return { physicalId, attributes, function: describe(request, physicalId, String(attributes!.Arn)) };
      },
      update: (request) => ({
        physicalId: request.physicalId!,
        attributes: request.attributes,
        function: describe(request, request.physicalId!, String(request.attributes!.Arn)),
      }),
    },
    'AWS::Route53::HostedZone': {
      replacementProperties: ['Name'],
      create: (request) => {
        const id = `Z0${randomString(19)}`;
        hooks.onHostedZoneCreated?.(id, String(request.properties.Name));
        const n = () => Number.parseInt(randomString(3, '0123456789'), 10);
        return { physicalId: id, attributes: { Id: id, NameServers: [`ns-${n()}.awsdns-${n() % 64}.org`, `ns-${n()}.awsdns-${n() % 64}.com`] } };
      },
      delete: (request) => hooks.onHostedZoneDeleted?.(request.physicalId!),
    },
    'AWS::Route53::RecordSet': {
      replacementProperties: ['Name', 'Type', 'HostedZoneId', 'HostedZoneName', 'SetIdentifier'],
      // `Ref` is the record name, as in CloudFormation.
      create: (request) => {
        changeRecordSet('CREATE', request.properties);
        return { physicalId: String(request.properties.Name) };
      },
      update: (request) => {
        changeRecordSet('UPSERT', request.properties);
        return { physicalId: request.physicalId!, attributes: request.attributes };
      },
      delete: (request) => changeRecordSet('DELETE', request.properties),
    },
    'AWS::Lightsail::Distribution': {
      // A replaced distribution gets a new id: a new ARN and its own domain.
      replacementProperties: ['DistributionName'],
      create: async (request) => {
        const given = request.properties.DistributionName;
        const name = typeof given === 'string' ? given : generatedName(request.stack.stackName, request.logicalId, 255);
        const attachment = certificateOf(request, name, request.properties);
        if (attachment) await hooks.onAttachCertificate?.(attachment);
        const attributes = {
          DistributionArn: `arn:aws:lightsail:us-east-1:${request.stack.account}:Distribution/${randomString(36, 'abcdef0123456789')}`,
          Status: 'Deployed',
          AbleToUpdateBundle: true,
          DomainName: `d${randomString(13, 'abcdefghijklmnopqrstuvwxyz0123456789')}.cloudfront.net`,
        };
        putDistribution(request, name, attributes);
        return { physicalId: name, attributes };
      },
      update: async (request) => {
        const before = certificateOf(request, request.physicalId!, request.oldProperties ?? {});
        const after = certificateOf(request, request.physicalId!, request.properties);
        if (before?.certificateName !== after?.certificateName) {
          // The new certificate is attached before the old one is let go of.
          if (after) await hooks.onAttachCertificate?.(after);
          if (before) await hooks.onDetachCertificate?.(before);
        }
        putDistribution(request, request.physicalId!, request.attributes ?? {});
        return { physicalId: request.physicalId!, attributes: request.attributes };
      },
      delete: async (request) => {
        const attachment = certificateOf(request, request.physicalId!, request.properties);
        if (attachment) await hooks.onDetachCertificate?.(attachment);
        hooks.onDeleteDistribution?.(request.physicalId!);
      },
    },
    'AWS::Lightsail::LoadBalancer': {
      replacementProperties: ['LoadBalancerName'],
      create: (request) => {
        const name = String(request.properties.LoadBalancerName);
        hooks.onPutLoadBalancer?.(request.stack.region, name);
        const attributes = { LoadBalancerArn: `arn:aws:lightsail:${request.stack.region}:${request.stack.account}:LoadBalancer/${randomString(36, 'abcdef0123456789')}` };
        return { physicalId: name, attributes };
      },
      delete: (request) => hooks.onDeleteLoadBalancer?.(request.stack.region, request.physicalId!),
    },
    'AWS::Lightsail::Container': {
      replacementProperties: ['ServiceName'],
      create: async (request) => {
        const name = String(request.properties.ServiceName);
        for (const attachment of containerCertificates(request, name, request.properties)) await hooks.onAttachCertificate?.(attachment);
        const { region, account } = request.stack;
        // The shape the Lightsail guide shows: https://<service>.<id>.<region>.cs.amazonlightsail.com/
        const url = `https://${name}.${randomString(13, 'abcdefghijklmnopqrstuvwxyz0123456789')}.${region}.cs.amazonlightsail.com/`;
        const attributes = { ContainerArn: `arn:aws:lightsail:${region}:${account}:ContainerService/${randomString(36, 'abcdef0123456789')}`, Url: url };
        return { physicalId: name, attributes };
      },
      update: async (request) => {
        const before = containerCertificates(request, request.physicalId!, request.oldProperties ?? {});
        const after = containerCertificates(request, request.physicalId!, request.properties);
        const names = (list: CertificateAttachment[]) => new Set(list.map((a) => a.certificateName));
        for (const a of after.filter((x) => !names(before).has(x.certificateName))) await hooks.onAttachCertificate?.(a);
        for (const a of before.filter((x) => !names(after).has(x.certificateName))) await hooks.onDetachCertificate?.(a);
        return { physicalId: request.physicalId!, attributes: request.attributes };
      },
      delete: async (request) => {
        for (const a of containerCertificates(request, request.physicalId!, request.properties)) await hooks.onDetachCertificate?.(a);
      },
    },
  };
  return (type) => handlers[type] ?? { create: identity };
}
