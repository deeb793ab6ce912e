import { CustomResourceRequest, CustomResourceResponse } from './custom-resource-request';
import { InvocationResult, LambdaFunction, LambdaRuntime } from './lambda-runtime';
import { captureRequests } from './response-capture';
import { TickableClock, VirtualScheduler } from './virtual-clock';

/** CloudFormation's limit on a custom resource response (status, reason, physical id and data). */
export const MAX_RESPONSE_BYTES = 4096;

/** CloudFormation's default custom resource timeout, in seconds (the `ServiceTimeout` property changes it). */
export const DEFAULT_SERVICE_TIMEOUT_SECONDS = 3600;

/** The reason CloudFormation gives a resource whose creation it cancelled because another one failed. */
export const CANCELLED_REASON = 'Resource creation cancelled';

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
    /** True when CloudFormation stopped waiting because another resource failed. */
    readonly cancelled?: boolean;
  };

/** Options of one {@link CustomResourceRunner.run}. */
export interface RunOptions {
  /** How long CloudFormation waits for the response. @default one hour */
  readonly serviceTimeoutSeconds?: number;
  /** When (epoch ms, virtual) CloudFormation cancels the request if no response came by then. @default never */
  readonly cancelAt?: number;
  /** Receives a response that came after CloudFormation stopped waiting (cancelled, or timed out). */
  readonly onIgnoredResponse?: (response: CustomResourceResponse) => void;
}

const STOPPED: unique symbol = Symbol('CloudFormation stopped waiting');

/** Delays before Lambda's two retries of a failed asynchronous invocation (its defaults: about 1, then 2 minutes). */
export const ASYNC_RETRY_DELAYS_MS = [60_000, 120_000];

/**
 * Sends custom resource requests to their `ServiceToken` and judges the responses like CloudFormation.
 *
 * The function is invoked as CloudFormation invokes it, asynchronously: its code (aws-cdk-lib's response
 * entrypoint and the handler behind it) runs for real, its own timers on the operation's virtual time,
 * and its PUT to the `ResponseURL` is captured. An invocation that fails without answering (an uncaught
 * error, the function's timeout) is retried twice, as Lambda retries asynchronous invocations.
 * CloudFormation stops waiting at its service timeout, or when it cancels the request; the invocation
 * (and Lambda's retries of it) keeps running in the background, and its late response is ignored.
 * {@link settle} waits for those.
 */
export class CustomResourceRunner {
  /** The operation's virtual time. */
  readonly scheduler: VirtualScheduler;
  private readonly background: Promise<unknown>[] = [];

  /**
   * @param runtime runs the functions
   * @param functions finds the functions
   * @param clock the virtual clock waits happen on
   */
  constructor(
    private readonly runtime: LambdaRuntime,
    private readonly functions: FunctionDirectory,
    clock: TickableClock,
  ) {
    this.scheduler = new VirtualScheduler(clock);
  }

  /** Sends one request and waits (on virtual time) for its response, its cancellation or CloudFormation's timeout. */
  async run(request: CustomResourceRequest, options: RunOptions = {}): Promise<CustomResourceOutcome> {
    const fn = this.functions.functionByArn(request.ServiceToken);
    if (!fn) {
      return { ok: false, delivered: false, reason: `The local driver found no Lambda function with ARN ${request.ServiceToken} (the ServiceToken)` };
    }
    const deadline = Date.now() + (options.serviceTimeoutSeconds ?? DEFAULT_SERVICE_TIMEOUT_SECONDS) * 1000;
    const stopAt = Math.min(deadline, options.cancelAt ?? Infinity);
    const notes: string[] = [];
    const attempts = this.invokeWithRetries(request, fn, deadline, notes);
    const stop = this.scheduler.delay(stopAt - Date.now());
    const first = await this.scheduler.idle(Promise.race([attempts, stop.promise.then((): typeof STOPPED => STOPPED)]));
    if (first !== STOPPED && first !== undefined) {
      stop.cancel();
      return judge(request, first.response, first.bytes);
    }
    if (first === STOPPED) {
      this.background.push(attempts.then((raw) => raw && options.onIgnoredResponse?.(raw.response)));
      if (stopAt >= deadline) notes.push('the function was still running at the service timeout');
    } else {
      // Every attempt ended without a response; CloudFormation keeps waiting all the same.
      await this.scheduler.idle(stop.promise);
    }
    if (stopAt < deadline) return { ok: false, cancelled: true, reason: CANCELLED_REASON };
    return {
      ok: false,
      reason: 'CloudFormation did not receive a response from your Custom Resource. Please check your logs for requestId '
        + `[${request.RequestId}]. If you are using the Python cfn-response module, you may need to update your Lambda function `
        + `code so that CloudFormation can attach the updated version. [local driver: ${notes.join('; ')}]`,
    };
  }

  /** Waits (on virtual time) until the invocations CloudFormation stopped waiting for have finished. */
  async settle(): Promise<void> {
    while (this.background.length > 0) await this.scheduler.idle(Promise.all(this.background.splice(0)));
  }

  /** Lambda's asynchronous invocation: the first response PUT, or undefined when every attempt ended without one. */
  private async invokeWithRetries(
    request: CustomResourceRequest, fn: LambdaFunction, deadline: number, notes: string[],
  ): Promise<RawResponse | undefined> {
    for (let attempt = 0; attempt <= ASYNC_RETRY_DELAYS_MS.length; attempt++) {
      if (attempt > 0) await this.scheduler.delay(ASYNC_RETRY_DELAYS_MS[attempt - 1]).promise;
      if (Date.now() >= deadline) break;
      const { result, requests } = await captureRequests(request.ResponseURL, () => this.runtime.invoke(fn, request, this.scheduler));
      // CloudFormation reads the first response written to the pre-signed URL.
      const put = requests.find((r) => r.method === 'PUT');
      if (put) return parseResponse(put.body);
      notes.push(describeInvocation(result));
      const failed = result.status === 'rejected' || !result.value.ok;
      if (!failed) break;
    }
    return undefined;
  }
}

interface RawResponse {
  readonly response: CustomResourceResponse;
  readonly bytes: number;
}

function parseResponse(body: string): RawResponse {
  try {
    return { response: JSON.parse(body) as CustomResourceResponse, bytes: Buffer.byteLength(body, 'utf8') };
  } catch {
    return { response: { Status: 'FAILED', Reason: 'Invalid response object: the body is not JSON' }, bytes: 0 };
  }
}

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
