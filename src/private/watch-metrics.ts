import { Duration } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { METRIC_NAMESPACE, Metric, MetricDimension } from './contract';
import { fail } from './errors';

/** The public metric methods, by the metric each returns, and how each aggregates by default. */
export const WATCH_METRICS = {
  metricDaysToExpiry: { metricName: Metric.DAYS_TO_EXPIRY, statistic: 'Minimum' },
  metricRenewalFailing: { metricName: Metric.RENEWAL_FAILING, statistic: 'Maximum' },
  metricRenewalPending: { metricName: Metric.RENEWAL_PENDING, statistic: 'Maximum' },
} as const;

/** Where a watched certificate's metrics are: the dimensions the watch publishes them with (`lambda/watch.ts`). */
export interface WatchedMetrics {
  /** Whether the certificate is watched at all. */
  readonly watched: boolean;
  readonly certificateName: string;
  readonly region: string;
  /** For a load balancer's certificate. */
  readonly loadBalancerName?: string;
}

/** One metric of the renewal watch, or an error naming `renewalWatch` when nothing publishes it. */
export function watchMetric(
  scope: Construct, of: WatchedMetrics, method: keyof typeof WATCH_METRICS, props: cloudwatch.MetricOptions = {},
): cloudwatch.Metric {
  const { metricName, statistic } = WATCH_METRICS[method];
  if (!of.watched) {
    fail(scope, `${method}(): renewalWatch is false (the default), so nothing publishes ${metricName}; set renewalWatch: true on the certificate`);
  }
  // Loaded on use: the CloudWatch module is not part of every app's synth time.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const cw = require('aws-cdk-lib/aws-cloudwatch') as typeof cloudwatch;
  return new cw.Metric({
    period: Duration.days(1),
    statistic,
    ...props,
    namespace: METRIC_NAMESPACE,
    metricName,
    dimensionsMap: {
      [MetricDimension.CERTIFICATE_NAME]: of.certificateName,
      [MetricDimension.REGION]: of.region,
      ...(of.loadBalancerName === undefined ? {} : { [MetricDimension.LOAD_BALANCER_NAME]: of.loadBalancerName }),
    },
  });
}
