import { LambdaFunction } from '../lambda-runtime';
import { ResourceRequest, ResourceTypeHandler } from '../resource-handler';
import { genericAttribute, genericIdentity } from './generic';

/**
 * `AWS::Lambda::Function`: nothing is deployed, but the driver remembers what it needs to run the
 * function later (code directory, handler, environment) — keyed by the function's ARN, which is what a
 * custom resource's `ServiceToken` names.
 */
export function lambdaFunctionHandler(): ResourceTypeHandler {
  return {
    replacementProperties: ['FunctionName'],
    create: (request) => {
      const identity = genericIdentity(request);
      return { ...identity, internal: describeFunction(request, identity.physicalId, String(identity.attributes!.Arn)) };
    },
    update: (request) => ({
      physicalId: request.physicalId!,
      attributes: request.attributes,
      internal: describeFunction(request, request.physicalId!, String(request.attributes!.Arn)),
    }),
    getAtt: genericAttribute,
  };
}

/** Reads the internal description of a deployed function kept by {@link lambdaFunctionHandler}. */
export function deployedFunction(internal: unknown): LambdaFunction | undefined {
  const fn = internal as LambdaFunction | undefined;
  return fn && typeof fn.arn === 'string' && typeof fn.handler === 'string' ? fn : undefined;
}

function describeFunction(request: ResourceRequest, name: string, arn: string): LambdaFunction {
  const p = request.properties;
  let code: LambdaFunction['code'];
  try {
    code = request.assets.codeFor(p.Code, request.metadata);
  } catch (e) {
    // A function whose code is not local (a container image, an S3 object from elsewhere) deploys
    // fine; only invoking it fails.
    code = { kind: 'unavailable', reason: (e as Error).message };
  }
  const environment = ((p.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables) ?? {};
  return {
    functionName: name,
    arn,
    region: request.stack.region,
    handler: String(p.Handler ?? 'index.handler'),
    runtime: String(p.Runtime ?? 'nodejs20.x'),
    code,
    environment: Object.fromEntries(Object.entries(environment).map(([k, v]) => [k, String(v)])),
    timeoutSeconds: Number(p.Timeout ?? 3),
    memorySize: Number(p.MemorySize ?? 128),
    role: typeof p.Role === 'string' ? p.Role : undefined,
  };
}
