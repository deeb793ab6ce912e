import { randomUUID } from 'crypto';
import { generatedName } from '../physical-ids';
import { PseudoParameters } from '../pseudo-parameters';
import { DeployedResourceView, ResourceRequest, ResourceResponse, ResourceTypeHandler } from '../resource-handler';

/** How a resource type is named, referenced and addressed by ARN. */
interface Naming {
  /** The property that sets the resource's name (and physical id), if it has one. */
  readonly nameProperty?: string;
  /** The longest name the service accepts, for generated names. */
  readonly maxLength?: number;
  /** Whether `Ref` returns the ARN rather than the name. */
  readonly refIsArn?: boolean;
  /** The attribute that holds the ARN, when it is not `Arn`. */
  readonly arnAttribute?: string;
  /** The ARN of a resource with this name. */
  arn?(name: string, stack: PseudoParameters): string;
}

const NAMING: Record<string, Naming> = {
  'AWS::Lambda::Function': { nameProperty: 'FunctionName', maxLength: 64, arn: (n, s) => `arn:${s.partition}:lambda:${s.region}:${s.account}:function:${n}` },
  'AWS::IAM::Role': { nameProperty: 'RoleName', maxLength: 64, arn: (n, s) => `arn:${s.partition}:iam::${s.account}:role/${n}` },
  'AWS::IAM::Policy': { nameProperty: undefined, maxLength: 128 },
  'AWS::IAM::ManagedPolicy': { nameProperty: 'ManagedPolicyName', refIsArn: true, arn: (n, s) => `arn:${s.partition}:iam::${s.account}:policy/${n}` },
  'AWS::Logs::LogGroup': { nameProperty: 'LogGroupName', maxLength: 512, arn: (n, s) => `arn:${s.partition}:logs:${s.region}:${s.account}:log-group:${n}:*` },
  'AWS::SNS::Topic': { nameProperty: 'TopicName', refIsArn: true, arn: (n, s) => `arn:${s.partition}:sns:${s.region}:${s.account}:${n}` },
  'AWS::SQS::Queue': { nameProperty: 'QueueName', arn: (n, s) => `arn:${s.partition}:sqs:${s.region}:${s.account}:${n}` },
  'AWS::S3::Bucket': { nameProperty: 'BucketName', maxLength: 63, arn: (n, s) => `arn:${s.partition}:s3:::${n}` },
  'AWS::Lightsail::Certificate': {
    nameProperty: 'CertificateName',
    arnAttribute: 'CertificateArn',
    arn: (_n, s) => `arn:${s.partition}:lightsail:${s.region}:${s.account}:Certificate/${randomUUID()}`,
  },
};

/** Properties whose change replaces a resource of these types (the rest update in place). */
const REPLACEMENT_PROPERTIES: Record<string, readonly string[]> = {
  'AWS::Lambda::Function': ['FunctionName'],
  'AWS::IAM::Role': ['RoleName', 'Path'],
  'AWS::IAM::ManagedPolicy': ['ManagedPolicyName', 'Path'],
  'AWS::Logs::LogGroup': ['LogGroupName'],
  'AWS::SNS::Topic': ['TopicName'],
  'AWS::SQS::Queue': ['QueueName'],
  'AWS::S3::Bucket': ['BucketName'],
  'AWS::Lightsail::Certificate': ['CertificateName', 'DomainName', 'SubjectAlternativeNames'],
};

/**
 * The physical id and attributes of a resource of any type: the name property if set, else a
 * generated name; `Arn` (or the type's ARN attribute) in the type's ARN format, or a generic one.
 */
export function genericIdentity(request: ResourceRequest): ResourceResponse {
  const naming = NAMING[request.resourceType] ?? {};
  const given = naming.nameProperty ? request.properties[naming.nameProperty] : undefined;
  const name = typeof given === 'string' && given !== '' ? given : generatedName(request.stack.stackName, request.logicalId, naming.maxLength);
  const arn = naming.arn ? naming.arn(name, request.stack) : genericArn(request.resourceType, name, request.stack);
  const arnAttribute = naming.arnAttribute ?? 'Arn';
  if (naming.refIsArn) return { physicalId: arn, attributes: { [arnAttribute]: arn, Name: name } };
  return { physicalId: name, attributes: { [arnAttribute]: arn } };
}

/**
 * The fallback for every type without its own handler (IAM, Lambda, Logs, SNS, SQS, S3,
 * `AWS::CDK::Metadata`, ...): it does nothing but mint a physical id and ARN-style attributes, keeping
 * them on updates unless a replacement property changed.
 */
export function genericResourceHandler(resourceType: string): ResourceTypeHandler {
  return {
    replacementProperties: REPLACEMENT_PROPERTIES[resourceType] ?? [],
    create: (request) => genericIdentity(request),
    update: (request) => ({ physicalId: request.physicalId!, attributes: request.attributes }),
    getAtt: genericAttribute,
  };
}

/**
 * An attribute nobody set: an ARN-looking value for `*Arn` attributes, otherwise a placeholder built
 * from the physical id. The driver does not know each type's attributes; a placeholder keeps templates
 * that pass them around deployable.
 */
export function genericAttribute(resource: DeployedResourceView, attribute: string): unknown {
  if (attribute === 'Arn' || attribute.endsWith('Arn')) return genericArn(resource.type, resource.physicalId, resource.stack);
  return `${resource.physicalId}|${attribute}`;
}

function genericArn(resourceType: string, name: string, stack: PseudoParameters): string {
  const [, service = 'unknown', kind = 'resource'] = resourceType.split('::');
  return `arn:${stack.partition}:${service.toLowerCase()}:${stack.region}:${stack.account}:${kind.toLowerCase()}/${name}`;
}
