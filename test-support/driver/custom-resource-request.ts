import { randomBytes, randomUUID } from 'crypto';
import { PseudoParameters } from './pseudo-parameters';

/** A custom resource request, as CloudFormation sends it to the `ServiceToken`. */
export interface CustomResourceRequest {
  /** `Create`, `Update` or `Delete`. */
  readonly RequestType: 'Create' | 'Update' | 'Delete';
  /** The `ServiceToken` property (a Lambda function ARN). */
  readonly ServiceToken: string;
  /** A pre-signed S3 URL the handler PUTs its response to. */
  readonly ResponseURL: string;
  /** The stack's ARN. */
  readonly StackId: string;
  /** Unique per request. */
  readonly RequestId: string;
  /** The resource's logical id. */
  readonly LogicalResourceId: string;
  /** The template type, e.g. `Custom::LightsailCertificate`. */
  readonly ResourceType: string;
  /** The properties, scalars turned into strings, `ServiceToken` included. */
  readonly ResourceProperties: Record<string, unknown>;
  /** Update only: the properties before the update. */
  readonly OldResourceProperties?: Record<string, unknown>;
  /** Update and Delete: the physical id the resource has. */
  readonly PhysicalResourceId?: string;
}

/** A custom resource response, as handlers PUT it to the `ResponseURL`. */
export interface CustomResourceResponse {
  /** `SUCCESS` or `FAILED`. */
  readonly Status: string;
  /** Why it failed; CloudFormation shows it in the event. */
  readonly Reason?: string;
  /** The resource's physical id; a different one on Update means replacement. */
  readonly PhysicalResourceId?: string;
  /** Must match the request. */
  readonly StackId?: string;
  /** Must match the request. */
  readonly RequestId?: string;
  /** Must match the request. */
  readonly LogicalResourceId?: string;
  /** Hide `Data` from describe calls. */
  readonly NoEcho?: boolean;
  /** The attributes (`Fn::GetAtt`). */
  readonly Data?: Record<string, unknown>;
}

/**
 * CloudFormation passes every scalar property of a custom resource as a string (`5` → `"5"`,
 * `true` → `"true"`), at any depth. Handlers must cope; the driver does the same so they have to.
 */
export function stringifyScalars(value: unknown): unknown {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map(stringifyScalars);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, stringifyScalars(v)]));
  }
  return value;
}

/** What a request is about. */
export interface RequestInput {
  /** The request type. */
  readonly requestType: CustomResourceRequest['RequestType'];
  /** The stack. */
  readonly pseudo: PseudoParameters;
  /** The resource's logical id. */
  readonly logicalId: string;
  /** The resource's type. */
  readonly resourceType: string;
  /** The resolved properties (not yet stringified). */
  readonly properties: Record<string, unknown>;
  /** Update only: the resolved properties before the update. */
  readonly oldProperties?: Record<string, unknown>;
  /** Update and Delete: the resource's physical id. */
  readonly physicalId?: string;
}

/** Builds the request CloudFormation would send. */
export function buildRequest(input: RequestInput): CustomResourceRequest {
  const requestId = randomUUID();
  const properties = stringifyScalars(input.properties) as Record<string, unknown>;
  return {
    RequestType: input.requestType,
    ServiceToken: String(properties.ServiceToken),
    ResponseURL: responseUrl(input.pseudo, input.logicalId, requestId),
    StackId: input.pseudo.stackId,
    RequestId: requestId,
    LogicalResourceId: input.logicalId,
    ResourceType: input.resourceType,
    ResourceProperties: properties,
    ...(input.oldProperties ? { OldResourceProperties: stringifyScalars(input.oldProperties) as Record<string, unknown> } : {}),
    ...(input.physicalId !== undefined ? { PhysicalResourceId: input.physicalId } : {}),
  };
}

/**
 * A URL shaped like CloudFormation's pre-signed S3 URL. Nothing listens there: the driver captures the
 * PUT. It looks real so that handlers which parse it, or are careful not to log it, are exercised.
 */
function responseUrl(pseudo: PseudoParameters, logicalId: string, requestId: string): string {
  const now = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  const key = encodeURIComponent(`${pseudo.stackId}|${logicalId}|${requestId}`);
  const credential = encodeURIComponent(`AKIAIOSFODNN7EXAMPLE/${now.slice(0, 8)}/${pseudo.region}/s3/aws4_request`);
  const host = `cloudformation-custom-resource-response-${pseudo.region.replace(/-/g, '')}.s3.${pseudo.region}.amazonaws.com`;
  return `https://${host}/${key}?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=${now}`
    + `&X-Amz-SignedHeaders=host&X-Amz-Expires=7200&X-Amz-Credential=${credential}&X-Amz-Signature=${randomBytes(32).toString('hex')}`;
}
