import { Duration, Stack } from 'aws-cdk-lib';
import { watchMetric } from '../../src/private/watch-metrics';

describe('watchMetric', () => {
  test('a Lightsail certificate\'s metric has two dimensions; a load balancer\'s certificate adds its load balancer', () => {
    const stack = new Stack();
    const lightsail = watchMetric(stack, { watched: true, certificateName: 'site', region: 'us-east-1' }, 'metricDaysToExpiry');
    expect(lightsail.dimensions).toEqual({ CertificateName: 'site', Region: 'us-east-1' });
    expect([lightsail.namespace, lightsail.metricName, lightsail.statistic, lightsail.period.toSeconds()]).toEqual(['LightsailCertificate', 'DaysToExpiry', 'Minimum', 86400]);
    const balanced = watchMetric(stack, { watched: true, certificateName: 'site', region: 'eu-west-1', loadBalancerName: 'web' }, 'metricRenewalPending');
    expect(balanced.dimensions).toEqual({ CertificateName: 'site', Region: 'eu-west-1', LoadBalancerName: 'web' });
  });

  test('the caller\'s options win, but not over the namespace, name and dimensions', () => {
    const metric = watchMetric(new Stack(), { watched: true, certificateName: 'site', region: 'us-east-1' }, 'metricRenewalFailing', {
      statistic: 'Average', period: Duration.hours(6), dimensionsMap: { Other: 'x' },
    });
    expect([metric.statistic, metric.period.toHours(), metric.dimensions]).toEqual(['Average', 6, { CertificateName: 'site', Region: 'us-east-1' }]);
  });

  test('an unwatched certificate\'s metric is refused, naming the prop', () => {
    expect(() => watchMetric(new Stack(), { watched: false, certificateName: 'site', region: 'us-east-1' }, 'metricDaysToExpiry'))
      .toThrow(/metricDaysToExpiry\(\): renewalWatch is false \(the default\), so nothing publishes DaysToExpiry/);
  });
});
