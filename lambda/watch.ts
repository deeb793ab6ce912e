import type { MetricDatum } from '@aws-sdk/client-cloudwatch';
import type { CertificateSummary } from '@aws-sdk/client-lightsail';
import { MetricsClient, putMetricData } from './cloudwatch';
import { HandlerDeps } from './deps';
import { findCertificate } from './lightsail';
import { METRIC_NAMESPACE, Metric, MetricDimension, WATCH_EVENT_KEY, WatchEvent } from '../src/private/contract';

const DAY_MS = 24 * 3600 * 1000;

/** What one run of the watch did, for its log. */
export interface WatchResult {
  readonly published: number;
  /** Certificates that could not be read (deleted outside the stack, or the read failed). */
  readonly unreadable: string[];
}

/** The handler's dependencies, and the CloudWatch client of the function's region. */
export type WatchDeps = HandlerDeps & { readonly cloudWatch: () => MetricsClient };

/** Whether `event` is the schedule's watch event rather than a CloudFormation request. */
export function isWatchEvent(event: unknown): event is WatchEvent {
  return typeof event === 'object' && event !== null && Array.isArray((event as Record<string, unknown>)[WATCH_EVENT_KEY]);
}

/**
 * Reads each watched certificate (`GetCertificates` with details: `notAfter`, `renewalSummary`) and
 * publishes its metrics in the function's region, where the alarms on them live. One certificate that
 * can't be read does not keep the others' metrics back; it is logged, and its metrics stop (an alarm
 * treating missing data as breaching notices).
 */
export async function onWatchEvent(event: WatchEvent, deps: WatchDeps): Promise<WatchResult> {
  const data: MetricDatum[] = [];
  const unreadable: string[] = [];
  const timestamp = new Date(deps.now());
  for (const { Region: region, CertificateName: name } of event[WATCH_EVENT_KEY]) {
    let certificate: CertificateSummary | undefined;
    try {
      certificate = await findCertificate(deps, deps.lightsail(region), name);
    } catch (error) {
      console.error(`Certificate ${name} in ${region} could not be read: ${String(error)}`);
    }
    const detail = certificate?.certificateDetail;
    if (!detail) {
      unreadable.push(`${region}/${name}`);
      continue;
    }
    const dimensions = [{ Name: MetricDimension.CERTIFICATE_NAME, Value: name }, { Name: MetricDimension.REGION, Value: region }];
    const renewal = detail.renewalSummary?.renewalStatus;
    const metric = (metricName: string, value: number, unit: 'None' | 'Count') => data.push({ MetricName: metricName, Dimensions: dimensions, Value: value, Unit: unit, Timestamp: timestamp });
    if (detail.notAfter) {
      metric(Metric.DAYS_TO_EXPIRY, Math.round(((detail.notAfter.getTime() - deps.now()) / DAY_MS) * 100) / 100, 'None');
    }
    // RenewalStatus's documentation: PendingValidation "won't be renewed" without action; Failed did not renew.
    const failing = renewal === 'PendingValidation' || renewal === 'Failed' || detail.status !== 'ISSUED';
    metric(Metric.RENEWAL_FAILING, failing ? 1 : 0, 'Count');
    metric(Metric.RENEWAL_PENDING, renewal === 'PendingAutoRenewal' ? 1 : 0, 'Count');
    console.log(`${region}/${name}: ${detail.status}, notAfter ${detail.notAfter?.toISOString() ?? 'none'}, renewal ${renewal ?? 'not started'}`
      + `${detail.renewalSummary?.renewalStatusReason ? ` (${detail.renewalSummary.renewalStatusReason})` : ''}, in use by ${detail.inUseResourceCount ?? 0}`);
  }
  await putMetricData(deps, deps.cloudWatch(), METRIC_NAMESPACE, data);
  return { published: data.length, unreadable };
}
