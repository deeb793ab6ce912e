import { CustomResourceRequest, CustomResourceResponse } from './custom-resource-request';
import { InvocationResult, LambdaFunction, LambdaRuntime } from './lambda-runtime';
import { DEFAULT_WAITER_POLICY, FrameworkOutcome, playProviderFramework, waiterPolicyFromDefinition } from './provider-framework';
import { captureRequests } from './response-capture';
import { TickableClock } from './virtual-clock';

/** CloudFormation's limit on a custom resource response (status, reason, physical id and data). */
export const MAX_RESPONSE_BYTES = 4096;

/** CloudFormation's default custom resource timeout, in seconds (the `ServiceTimeout` property changes it). */
export const DEFAULT_SERVICE_TIMEOUT_SECONDS = 3600;

/** The environment variables by which aws-cdk-lib's Provider framework functions are recognised. */
const USER_ON_EVENT_FUNCTION_ARN = 'USER_ON_EVENT_FUNCTION_ARN';
const USER_IS_COMPLETE_FUNCTION_ARN = 'USER_IS_COMPLETE_FUNCTION_ARN';
const WAITER_STATE_MACHINE_ARN = 'WAITER_STATE_MACHINE_ARN';

/** Where the runner finds the functions and state machines a request leads to. */
export interface FunctionDirectory {
  /** The deployed Lambda function with this ARN (a qualifier such as `:$LATEST` is ignored), if any. */
  functionByArn(arn: string): LambdaFunction | undefined;
  /** The `DefinitionString` of the deployed state machine with this ARN, if any. */
  stateMachineDefinition(arn: string): unknown;
}

/** How a custom resource request ended, as CloudFormation sees it. */
export type CustomResourceOutcome =
  | { readonly ok: true; readonly physicalId: string; readonly data: Record<string, unknown>; readonly response: CustomResourceResponse }
  | {
    readonly ok: false;
    readonly reason: string;
    readonly physicalId?: string;
    readonly response?: CustomResourceResponse;
    /** False when the request never reached a function (no function has the `ServiceToken`'s ARN). */
    readonly delivered?: boolean;
  };

/**
 * Sends custom resource requests to their `ServiceToken` and judges the responses like CloudFormation.
 *
 * A token naming one of aws-cdk-lib's Provider framework functions (recognised by its environment) is
 * played by {@link playProviderFramework}; any other Lambda function is invoked with the request and its
 * PUT to the `ResponseURL` is captured.
 */
export class CustomResourceRunner {
  /**
   * @param runtime runs the functions
   * @param functions finds the functions
   * @param clock the virtual clock waits happen on
   */
  constructor(
    private readonly runtime: LambdaRuntime,
    private readonly functions: FunctionDirectory,
    private readonly clock: TickableClock,
  ) {}

  /**
   * Sends one request and waits (on the virtual clock) for its response.
   *
   * @param request the request
   * @param serviceTimeoutSeconds how long CloudFormation waits for the response
   */
  async run(request: CustomResourceRequest, serviceTimeoutSeconds = DEFAULT_SERVICE_TIMEOUT_SECONDS): Promise<CustomResourceOutcome> {
    const fn = this.functions.functionByArn(request.ServiceToken);
    if (!fn) {
      return { ok: false, delivered: false, reason: `The local driver found no Lambda function with ARN ${request.ServiceToken} (the ServiceToken)` };
    }
    const deadline = Date.now() + serviceTimeoutSeconds * 1000;
    const outcome = fn.environment[USER_ON_EVENT_FUNCTION_ARN]
      ? await this.runFramework(request, fn, deadline)
      : await this.runLambda(request, fn, deadline);
    if (outcome.kind === 'no-response') {
      const note = outcome.note ? ` [local driver: ${outcome.note}]` : '';
      return {
        ok: false,
        reason: 'CloudFormation did not receive a response from your Custom Resource. Please check your logs for requestId '
          + `[${request.RequestId}]. If you are using the Python cfn-response module, you may need to update your Lambda function `
          + `code so that CloudFormation can attach the updated version.${note}`,
      };
    }
    return judge(request, outcome.response, outcome.bytes);
  }

  private async runFramework(request: CustomResourceRequest, fn: LambdaFunction, deadline: number): Promise<RawOutcome> {
    const onEvent = this.functions.functionByArn(fn.environment[USER_ON_EVENT_FUNCTION_ARN]);
    const isCompleteArn = fn.environment[USER_IS_COMPLETE_FUNCTION_ARN];
    const isComplete = isCompleteArn ? this.functions.functionByArn(isCompleteArn) : undefined;
    if (!onEvent || (isCompleteArn && !isComplete)) {
      return { kind: 'no-response', note: `the Provider's user functions (${fn.environment[USER_ON_EVENT_FUNCTION_ARN]}, ${isCompleteArn}) are not deployed` };
    }
    const stateMachineArn = fn.environment[WAITER_STATE_MACHINE_ARN];
    const definition = stateMachineArn ? this.functions.stateMachineDefinition(stateMachineArn) : undefined;
    const waiter = waiterPolicyFromDefinition(definition) ?? DEFAULT_WAITER_POLICY;
    const outcome: FrameworkOutcome = await playProviderFramework(request, { onEvent, isComplete, waiter }, {
      invoke: (f, payload) => this.runtime.invoke(f, payload),
      clock: this.clock,
      deadline,
    });
    if (outcome.kind === 'no-response') return { kind: 'no-response', note: 'the Provider was still waiting for isComplete' };
    return { kind: 'response', response: outcome.response, bytes: Buffer.byteLength(JSON.stringify(outcome.response), 'utf8') };
  }

  private async runLambda(request: CustomResourceRequest, fn: LambdaFunction, deadline: number): Promise<RawOutcome> {
    const host = new URL(request.ResponseURL).hostname;
    const { result, requests } = await captureRequests(host, () => this.runtime.invoke(fn, request));
    // CloudFormation reads the first response written to the pre-signed URL.
    const put = requests.find((r) => r.method === 'PUT');
    if (!put) {
      // CloudFormation keeps waiting until its timeout; so does virtual time.
      this.clock.tick(Math.max(0, deadline - Date.now()));
      return { kind: 'no-response', note: describeInvocation(result) };
    }
    let response: CustomResourceResponse;
    try {
      response = JSON.parse(put.body) as CustomResourceResponse;
    } catch {
      return { kind: 'response', response: { Status: 'FAILED', Reason: 'Invalid response object: the body is not JSON' }, bytes: 0 };
    }
    return { kind: 'response', response, bytes: Buffer.byteLength(put.body, 'utf8') };
  }
}

type RawOutcome =
  | { readonly kind: 'response'; readonly response: CustomResourceResponse; readonly bytes: number }
  | { readonly kind: 'no-response'; readonly note?: string };

/** Applies CloudFormation's checks to a response and turns it into an outcome. */
function judge(request: CustomResourceRequest, response: CustomResourceResponse, bytes: number): CustomResourceOutcome {
  if (bytes > MAX_RESPONSE_BYTES) {
    return { ok: false, reason: `Response object is too long. (local driver: ${bytes} bytes, the limit is ${MAX_RESPONSE_BYTES})`, response };
  }
  if (response.Status !== 'SUCCESS' && response.Status !== 'FAILED') {
    return { ok: false, reason: `Invalid response object: Status must be SUCCESS or FAILED, got ${JSON.stringify(response.Status)}`, response };
  }
  for (const key of ['StackId', 'RequestId', 'LogicalResourceId'] as const) {
    if (response[key] !== undefined && response[key] !== request[key]) {
      return { ok: false, reason: `Invalid response object: ${key} ${String(response[key])} does not match the request`, response };
    }
  }
  const physicalId = typeof response.PhysicalResourceId === 'string' && response.PhysicalResourceId !== '' ? response.PhysicalResourceId : undefined;
  if (response.Status === 'FAILED') {
    return {
      ok: false,
      reason: `Received response status [FAILED] from custom resource. Message returned: ${response.Reason ?? ''} (RequestId: ${request.RequestId})`,
      physicalId,
      response,
    };
  }
  if (!physicalId) return { ok: false, reason: 'Invalid PhysicalResourceId', response };
  const data = response.Data;
  if (data !== undefined && (typeof data !== 'object' || data === null || Array.isArray(data))) {
    return { ok: false, reason: 'Invalid response object: Data must be an object', physicalId, response };
  }
  return { ok: true, physicalId, data: data ?? {}, response };
}

function describeInvocation(result: PromiseSettledResult<InvocationResult>): string {
  if (result.status === 'rejected') return `the invocation failed: ${String(result.reason)}`;
  const invocation = result.value;
  if (invocation.ok) return 'the function returned without sending a response';
  return `the function failed with ${invocation.error.errorType}: ${invocation.error.errorMessage} and sent no response`;
}
