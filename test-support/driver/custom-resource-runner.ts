import { CustomResourceRequest, CustomResourceResponse } from './custom-resource-request';
import { InvocationResult, LambdaFunction, LambdaRuntime } from './lambda-runtime';
import { captureRequests } from './response-capture';
import { TickableClock } from './virtual-clock';

/** CloudFormation's limit on a custom resource response (status, reason, physical id and data). */
export const MAX_RESPONSE_BYTES = 4096;

/** CloudFormation's default custom resource timeout, in seconds (the `ServiceTimeout` property changes it). */
export const DEFAULT_SERVICE_TIMEOUT_SECONDS = 3600;

/** Where the runner finds the function a request's `ServiceToken` names. */
export interface FunctionDirectory {
  /** The deployed Lambda function with this ARN (a qualifier such as `:$LATEST` is ignored), if any. */
  functionByArn(arn: string): LambdaFunction | undefined;
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

/** Delays before Lambda's two retries of a failed asynchronous invocation (its defaults: about 1, then 2 minutes). */
export const ASYNC_RETRY_DELAYS_MS = [60_000, 120_000];

/**
 * Sends custom resource requests to their `ServiceToken` and judges the responses like CloudFormation.
 *
 * The function is invoked as CloudFormation invokes it, asynchronously: its code (aws-cdk-lib's response
 * entrypoint and the handler behind it) runs for real, its own timers on the virtual clock, and its PUT to
 * the `ResponseURL` is captured. An invocation that fails without answering (an uncaught error, the
 * function's timeout) is retried twice, as Lambda retries asynchronous invocations. A response that comes
 * after CloudFormation's service timeout is ignored, as CloudFormation has given up by then.
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
    const outcome = await this.runLambda(request, fn, deadline);
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

  private async runLambda(request: CustomResourceRequest, fn: LambdaFunction, deadline: number): Promise<RawOutcome> {
    const host = new URL(request.ResponseURL).hostname;
    const notes: string[] = [];
    for (let attempt = 0; attempt <= ASYNC_RETRY_DELAYS_MS.length; attempt++) {
      if (attempt > 0) this.clock.tick(ASYNC_RETRY_DELAYS_MS[attempt - 1]);
      if (Date.now() >= deadline) break;
      const { result, requests } = await captureRequests(host, () => this.runtime.invoke(fn, request, this.clock));
      // CloudFormation reads the first response written to the pre-signed URL, if it is still waiting.
      const put = requests.find((r) => r.method === 'PUT');
      if (put && Date.now() > deadline) {
        notes.push('the response came after the service timeout');
        break;
      }
      if (put) return parseResponse(put.body);
      notes.push(describeInvocation(result));
      const failed = result.status === 'rejected' || !result.value.ok;
      if (!failed) break;
    }
    // CloudFormation keeps waiting until its timeout; so does virtual time.
    this.clock.tick(Math.max(0, deadline - Date.now()));
    return { kind: 'no-response', note: notes.join('; ') };
  }
}

function parseResponse(body: string): RawOutcome {
  try {
    return { kind: 'response', response: JSON.parse(body) as CustomResourceResponse, bytes: Buffer.byteLength(body, 'utf8') };
  } catch {
    return { kind: 'response', response: { Status: 'FAILED', Reason: 'Invalid response object: the body is not JSON' }, bytes: 0 };
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
