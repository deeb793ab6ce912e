import type { MetricDatum } from '@aws-sdk/client-cloudwatch';
import { MetricsClient, putMetricData } from './cloudwatch';
import { HandlerDeps } from './deps';
import { findCertificate, loadBalancerTlsCertificates } from './lightsail';
import { METRIC_NAMESPACE, Metric, MetricDimension, WATCH_EVENT_KEY, WatchEvent, WatchedCertificate } from '../src/private/contract';

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

/** What the watch needs of a certificate, whichever API read it. */
interface Reading {
  readonly status?: string;
  readonly notAfter?: Date;
  /** In `RenewalStatus`'s spelling (`PendingValidation`...). */
  readonly renewalStatus?: string;
  readonly renewalStatusReason?: string;
  readonly inUse: string;
}

/**
 * `LoadBalancerTlsCertificateRenewalStatus` spells `RenewalStatus`'s values in upper snake case
 * (botocore's Lightsail model: PENDING_AUTO_RENEWAL, PENDING_VALIDATION, SUCCESS, FAILED).
 */
const LOAD_BALANCER_RENEWAL_STATUS: Record<string, string> = {
  PENDING_AUTO_RENEWAL: 'PendingAutoRenewal',
  PENDING_VALIDATION: 'PendingValidation',
  SUCCESS: 'Success',
  FAILED: 'Failed',
};

/** A certificate (`GetCertificates` with details) or a load balancer's (`GetLoadBalancerTlsCertificates`); `undefined` if gone. */
async function read(deps: WatchDeps, watched: WatchedCertificate): Promise<Reading | undefined> {
  const client = deps.lightsail(watched.Region);
  if (watched.LoadBalancerName !== undefined) {
    const certificates = await loadBalancerTlsCertificates(deps, client, watched.LoadBalancerName);
    const certificate = certificates.find((c) => c.name === watched.CertificateName);
    const renewal = certificate?.renewalSummary?.renewalStatus;
    return certificate && {
      status: certificate.status,
      notAfter: certificate.notAfter,
      renewalStatus: renewal === undefined ? undefined : LOAD_BALANCER_RENEWAL_STATUS[renewal] ?? renewal,
      // Lightsail renews only certificates in use: a load balancer's is in use while attached.
      inUse: certificate.isAttached ? `attached to ${watched.LoadBalancerName}` : `not attached to ${watched.LoadBalancerName}`,
    };
  }
  const detail = (await findCertificate(deps, client, watched.CertificateName))?.certificateDetail;
  return detail && {
    status: detail.status,
    notAfter: detail.notAfter,
    renewalStatus: detail.renewalSummary?.renewalStatus,
    renewalStatusReason: detail.renewalSummary?.renewalStatusReason,
    inUse: `in use by ${detail.inUseResourceCount ?? 0}`,
  };
}

/**
 * Reads each watched certificate (`notAfter`, the renewal status) and publishes its metrics in the
 * function's region, where the alarms on them live. One certificate that can't be read does not keep the
 * others' metrics back; it is logged, and its metrics stop (an alarm treating missing data as breaching
 * notices).
 */
export async function onWatchEvent(event: WatchEvent, deps: WatchDeps): Promise<WatchResult> {
  const data: MetricDatum[] = [];
  const unreadable: string[] = [];
  const timestamp = new Date(deps.now());
  for (const watched of event[WATCH_EVENT_KEY]) {
    const { Region: region, CertificateName: name, LoadBalancerName: loadBalancer } = watched;
    const label = loadBalancer === undefined ? `${region}/${name}` : `${region}/${loadBalancer}/${name}`;
    let reading: Reading | undefined;
    try {
      reading = await read(deps, watched);
    } catch (error) {
      console.error(`Certificate ${label} could not be read: ${String(error)}`);
    }
    if (!reading) {
      unreadable.push(label);
      continue;
    }
    const dimensions: Array<{ Name: string; Value: string }> = [
      { Name: MetricDimension.CERTIFICATE_NAME, Value: name },
      { Name: MetricDimension.REGION, Value: region },
    ];
    if (loadBalancer !== undefined) {
      dimensions.push({ Name: MetricDimension.LOAD_BALANCER_NAME, Value: loadBalancer });
    }
    const renewal = reading.renewalStatus;
    const metric = (metricName: string, value: number, unit: 'None' | 'Count') => data.push({ MetricName: metricName, Dimensions: dimensions, Value: value, Unit: unit, Timestamp: timestamp });
    if (reading.notAfter) {
      metric(Metric.DAYS_TO_EXPIRY, Math.round(((reading.notAfter.getTime() - deps.now()) / DAY_MS) * 100) / 100, 'None');
    }
    // RenewalStatus's documentation: PendingValidation "won't be renewed" without action; Failed did not renew.
    const failing = renewal === 'PendingValidation' || renewal === 'Failed' || reading.status !== 'ISSUED';
    metric(Metric.RENEWAL_FAILING, failing ? 1 : 0, 'Count');
    metric(Metric.RENEWAL_PENDING, renewal === 'PendingAutoRenewal' ? 1 : 0, 'Count');
    console.log(`${label}: ${reading.status}, notAfter ${reading.notAfter?.toISOString() ?? 'none'}, renewal ${renewal ?? 'not started'}`
      + `${reading.renewalStatusReason ? ` (${reading.renewalStatusReason})` : ''}, ${reading.inUse}`);
  }
  await putMetricData(deps, deps.cloudWatch(), METRIC_NAMESPACE, data);
  return { published: data.length, unreadable };
}
