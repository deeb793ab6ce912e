import { CustomResourceRequest, CustomResourceResponse } from './custom-resource-request';
import { InvocationResult, LambdaFunction } from './lambda-runtime';
import { TickableClock } from './virtual-clock';

/**
 * The physical id aws-cdk-lib's framework answers when the user's onEvent fails a Create; it then
 * ignores the Delete that CloudFormation's rollback sends for it.
 */
export const CREATE_FAILED_PHYSICAL_ID_MARKER = 'AWSCDK::CustomResourceProviderFramework::CREATE_FAILED';
/** The physical id the framework answers when an event somehow has none. */
export const MISSING_PHYSICAL_ID_MARKER = 'AWSCDK::CustomResourceProviderFramework::MISSING_PHYSICAL_ID';

/** How the framework's Step Functions waiter retries isComplete. */
export interface WaiterPolicy {
  /** Seconds before the first retry (`queryInterval`). */
  readonly intervalSeconds: number;
  /** How many retries follow the first call (`totalTimeout / queryInterval`). */
  readonly maxAttempts: number;
  /** Multiplier of the interval after each retry (the Provider uses 1). */
  readonly backoffRate: number;
}

/** The Provider's defaults: `queryInterval` 5 s, `totalTimeout` 30 min. */
export const DEFAULT_WAITER_POLICY: WaiterPolicy = { intervalSeconds: 5, maxAttempts: 360, backoffRate: 1 };

/**
 * Reads the retry policy from the waiter state machine's definition (the `framework-isComplete-task`
 * state's `Retry`), where aws-cdk-lib writes `queryInterval` and `totalTimeout`.
 */
export function waiterPolicyFromDefinition(definition: unknown): WaiterPolicy | undefined {
  if (typeof definition !== 'string') return undefined;
  try {
    const states = (JSON.parse(definition) as { States?: Record<string, { Retry?: Array<Record<string, unknown>> }> }).States ?? {};
    const retry = (states['framework-isComplete-task'] ?? Object.values(states).find((s) => s.Retry))?.Retry?.[0];
    if (!retry) return undefined;
    return {
      intervalSeconds: Number(retry.IntervalSeconds ?? 1),
      maxAttempts: Number(retry.MaxAttempts ?? 3),
      backoffRate: Number(retry.BackoffRate ?? 2),
    };
  } catch {
    return undefined;
  }
}

/** The user functions behind a Provider, and its waiter. */
export interface ProviderFunctions {
  /** The user's onEvent function (`USER_ON_EVENT_FUNCTION_ARN`). */
  readonly onEvent: LambdaFunction;
  /** The user's isComplete function (`USER_IS_COMPLETE_FUNCTION_ARN`), if the Provider has one. */
  readonly isComplete?: LambdaFunction;
  /** The waiter's retry policy. */
  readonly waiter: WaiterPolicy;
}

/** What the framework did: answered CloudFormation, or was still waiting when CloudFormation gave up. */
export type FrameworkOutcome =
  | { readonly kind: 'response'; readonly response: CustomResourceResponse }
  | { readonly kind: 'no-response' };

/** How the framework reaches the user functions and time. */
export interface FrameworkEnvironment {
  /** Moves virtual time forward while the waiter waits. */
  readonly clock: TickableClock;
  /** Epoch ms after which CloudFormation stops waiting for a response (its custom resource timeout). */
  readonly deadline: number;
  /** Invokes a user function. */
  invoke(fn: LambdaFunction, payload: unknown): Promise<InvocationResult>;
}

type Event = Record<string, unknown> & CustomResourceRequest;

/**
 * Plays aws-cdk-lib's Provider framework for one request, as its onEvent, isComplete and onTimeout
 * functions and the waiter state machine do (`custom-resources/lib/provider-framework/runtime/framework.js`):
 *
 * - onEvent: the user's onEvent gets the full request; its answer is merged over the request
 *   (`{...request, ...result}`) with the physical id defaulted (Create: the request id; Update/Delete:
 *   the current one). A Delete may not change the physical id. Without isComplete, that is the response.
 * - isComplete: called at once with that merged event, then again after each interval, at most
 *   `maxAttempts` more times. `IsComplete: false` with `Data` is an error; `IsComplete: true` answers
 *   `{...event, ...result, Data: {...event.Data, ...result.Data}}`. Running out of attempts answers
 *   FAILED "Operation timed out".
 * - errors: a thrown error answers FAILED with the framework's reason (the user's message, the log
 *   group, the user's stack); a failed Create answers the marker physical id, and the Delete that
 *   follows for it is acknowledged without calling the user.
 *
 * Waiting happens on the virtual clock.
 */
export async function playProviderFramework(
  request: CustomResourceRequest, fns: ProviderFunctions, env: FrameworkEnvironment,
): Promise<FrameworkOutcome> {
  if (request.RequestType === 'Delete' && request.PhysicalResourceId === CREATE_FAILED_PHYSICAL_ID_MARKER) {
    return respond('SUCCESS', { ...request });
  }
  let event: Event;
  try {
    const result = await invokeUser(env, fns.onEvent, request);
    event = responseEvent(request, result as Record<string, unknown> | null);
  } catch (e) {
    return respondFailed(request, e);
  }
  if (!fns.isComplete) return respond('SUCCESS', event);

  let delaySeconds = fns.waiter.intervalSeconds;
  for (let retry = 0; ; retry++) {
    try {
      const result = (await invokeUser(env, fns.isComplete, event)) as Record<string, unknown> | null;
      if (result === null || typeof result !== 'object') {
        throw frameworkError(new TypeError(`Cannot read properties of ${String(result)} (reading 'IsComplete')`));
      }
      if (result.IsComplete) {
        const data = { ...(event.Data as object | undefined), ...(result.Data as object | undefined) };
        return respond('SUCCESS', { ...event, ...result, Data: data });
      }
      if (result.Data && Object.keys(result.Data).length > 0) {
        throw frameworkError(new Error('"Data" is not allowed if "IsComplete" is "False"'));
      }
    } catch (e) {
      return respondFailed(event, e);
    }
    if (retry >= fns.waiter.maxAttempts) {
      return respond('FAILED', event, 'Operation timed out');
    }
    env.clock.tick(delaySeconds * 1000);
    delaySeconds *= fns.waiter.backoffRate;
    // CloudFormation's clock started when it sent the request, before onEvent ran: at equal times it has
    // already given up.
    if (Date.now() >= env.deadline) return { kind: 'no-response' };
  }
}

/** Calls a user function as the framework does, turning a function error into the framework's error. */
async function invokeUser(env: FrameworkEnvironment, fn: LambdaFunction, payload: unknown): Promise<unknown> {
  const result = await env.invoke(fn, payload);
  if (result.ok) return result.payload;
  const message = [result.error.errorMessage || 'error', '', `Logs: /aws/lambda/${fn.functionName}`, ''].join('\n');
  const error = new Error(message);
  error.stack = [message, ...result.error.trace.slice(1)].join('\n');
  throw error;
}

function responseEvent(request: CustomResourceRequest, result: Record<string, unknown> | null): Event {
  const answer = result ?? {};
  const physicalId = (answer.PhysicalResourceId as string | undefined) || defaultPhysicalId(request);
  if (request.RequestType === 'Delete' && physicalId !== request.PhysicalResourceId) {
    throw frameworkError(new Error(`DELETE: cannot change the physical resource ID from "${request.PhysicalResourceId}" to "${String(answer.PhysicalResourceId)}" during deletion`));
  }
  return { ...request, ...answer, PhysicalResourceId: physicalId } as Event;
}

/**
 * An error the framework itself raises. Its reason carries the framework's stack in AWS; here that
 * would be the driver's, which says nothing to the reader, so the stack is just the message.
 */
function frameworkError(error: Error): Error {
  error.stack = `${error.name}: ${error.message}`;
  return error;
}

function defaultPhysicalId(request: CustomResourceRequest): string {
  return request.RequestType === 'Create' ? request.RequestId : request.PhysicalResourceId!;
}

function respondFailed(event: CustomResourceRequest | Event, e: unknown): FrameworkOutcome {
  // The framework answers its error's stack (it sets `includeStackTraces`); for errors from the user's
  // function that is the user's message, the log group and the user's stack.
  const err = e as Error;
  const reason = err?.stack ?? String(e);
  const physicalId = event.PhysicalResourceId || (event.RequestType === 'Create' ? CREATE_FAILED_PHYSICAL_ID_MARKER : undefined);
  return respond('FAILED', { ...event, PhysicalResourceId: physicalId } as Event, reason);
}

function respond(status: 'SUCCESS' | 'FAILED', event: Readonly<Record<string, unknown>>, reason?: string): FrameworkOutcome {
  return {
    kind: 'response',
    response: {
      Status: status,
      Reason: reason ?? status,
      StackId: event.StackId as string,
      RequestId: event.RequestId as string,
      PhysicalResourceId: (event.PhysicalResourceId as string | undefined) || MISSING_PHYSICAL_ID_MARKER,
      LogicalResourceId: event.LogicalResourceId as string,
      NoEcho: event.NoEcho as boolean | undefined,
      Data: event.Data as Record<string, unknown> | undefined,
    },
  };
}
