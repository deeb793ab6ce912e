import { MetricDatum, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { RetryOptions, withRetries } from './retries';

/** The call the renewal watch makes to CloudWatch, with the retry policy. */

/** PutMetricData's documented limit: 1,000 metrics per request (CloudWatch API reference). */
const MAX_DATA_PER_CALL = 1000;

/** What the watch needs of a CloudWatch client: sending PutMetricData. */
export interface MetricsClient {
  readonly send: (command: PutMetricDataCommand) => Promise<unknown>;
}

/** Publishes `data` in `namespace`, in as many calls as PutMetricData's limit asks; nothing to publish calls nothing. */
export async function putMetricData(deps: RetryOptions, client: MetricsClient, namespace: string, data: readonly MetricDatum[]): Promise<void> {
  for (let i = 0; i < data.length; i += MAX_DATA_PER_CALL) {
    const chunk = data.slice(i, i + MAX_DATA_PER_CALL);
    await withRetries(deps, () => client.send(new PutMetricDataCommand({ Namespace: namespace, MetricData: chunk })));
  }
}
