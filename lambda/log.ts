import type { CloudFormationCustomResourceEvent } from 'aws-lambda';

/**
 * Logs one line that says what an invocation is about.
 *
 * Only named fields are logged, never the event as a whole: the event carries `ResponseURL`, a
 * pre-signed URL that would let anyone who reads the logs answer for the resource.
 */
export function logEvent(handler: 'onEvent' | 'isComplete', event: CloudFormationCustomResourceEvent<object>): void {
  console.log(JSON.stringify({
    handler,
    RequestType: event.RequestType,
    ResourceType: event.ResourceType,
    LogicalResourceId: event.LogicalResourceId,
    PhysicalResourceId: 'PhysicalResourceId' in event ? event.PhysicalResourceId : undefined,
    ResourceProperties: withoutServiceToken(event.ResourceProperties),
    OldResourceProperties: event.RequestType === 'Update' ? withoutServiceToken(event.OldResourceProperties) : undefined,
  }));
}

// The service token is the framework's own function ARN: noise in every line.
function withoutServiceToken(props: object | undefined): object {
  const { ServiceToken: _serviceToken, ...rest } = (props ?? {}) as Record<string, unknown>;
  return rest;
}
