import { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { GetCertificatesCommand, GetCertificatesCommandOutput, GetLoadBalancerTlsCertificatesCommand, LightsailClient } from '@aws-sdk/client-lightsail';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { fakeDeps, T0 } from './fixtures';
import { isWatchEvent, onWatchEvent } from '../../lambda/watch';
import { WATCH_EVENT_KEY } from '../../src/private/contract';

const lightsail = mockClient(LightsailClient);
const cloudWatch = mockClient(CloudWatchClient);
const DAY_MS = 86_400_000;

// The watch logs each certificate it reads (Lambda keeps the log): not the test's output.
beforeEach(() => { jest.spyOn(console, 'log').mockImplementation(() => undefined); });
afterEach(() => { jest.restoreAllMocks(); });

beforeEach(() => {
  lightsail.reset();
  cloudWatch.reset();
});

function deps() {
  const client = new CloudWatchClient({ region: 'eu-west-1', credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test' } });
  return { ...fakeDeps(), cloudWatch: () => client };
}

function certificate(name: string, detail: Record<string, unknown>): GetCertificatesCommandOutput {
  return { $metadata: {}, certificates: [{ certificateName: name, certificateDetail: { name, status: 'ISSUED', ...detail } }] } as GetCertificatesCommandOutput;
}

test('only the schedule\'s event is the watch\'s: CloudFormation\'s events go to the entrypoint', () => {
  expect(isWatchEvent({ [WATCH_EVENT_KEY]: [] })).toBe(true);
  expect(isWatchEvent({ RequestType: 'Create', ResourceType: 'Custom::LightsailCertificate' })).toBe(false);
  expect(isWatchEvent(null)).toBe(false);
});

test('each certificate\'s days to expiry and renewal status are published in one call; an unreadable one is skipped', async () => {
  lightsail.on(GetCertificatesCommand, { certificateName: 'fine' })
    .resolves(certificate('fine', { notAfter: new Date(T0 + 100 * DAY_MS) }));
  lightsail.on(GetCertificatesCommand, { certificateName: 'stalled' })
    .resolves(certificate('stalled', { notAfter: new Date(T0 + 20.5 * DAY_MS), renewalSummary: { renewalStatus: 'PendingValidation' } }));
  lightsail.on(GetCertificatesCommand, { certificateName: 'renewing' })
    .resolves(certificate('renewing', { notAfter: new Date(T0 + 50 * DAY_MS), renewalSummary: { renewalStatus: 'PendingAutoRenewal' } }));
  lightsail.on(GetCertificatesCommand, { certificateName: 'gone' }).resolves({ certificates: [] });
  cloudWatch.on(PutMetricDataCommand).resolves({});

  const result = await onWatchEvent({
    [WATCH_EVENT_KEY]: ['fine', 'stalled', 'renewing', 'gone'].map((name) => ({ Region: 'us-east-1', CertificateName: name })),
  }, deps());

  expect(result).toEqual({ published: 9, unreadable: ['us-east-1/gone'] });
  expect(cloudWatch).toHaveReceivedCommandTimes(PutMetricDataCommand, 1);
  const data = cloudWatch.commandCalls(PutMetricDataCommand)[0].args[0].input.MetricData!;
  const value = (name: string, metric: string) => data.find((d) => d.MetricName === metric && d.Dimensions![0].Value === name)?.Value;
  expect(cloudWatch.commandCalls(PutMetricDataCommand)[0].args[0].input.Namespace).toBe('LightsailCertificate');
  expect([value('fine', 'DaysToExpiry'), value('fine', 'RenewalFailing'), value('fine', 'RenewalPending')]).toEqual([100, 0, 0]);
  expect([value('stalled', 'DaysToExpiry'), value('stalled', 'RenewalFailing'), value('stalled', 'RenewalPending')]).toEqual([20.5, 1, 0]);
  expect([value('renewing', 'RenewalFailing'), value('renewing', 'RenewalPending')]).toEqual([0, 1]);
  expect(data[0].Dimensions).toEqual([{ Name: 'CertificateName', Value: 'fine' }, { Name: 'Region', Value: 'us-east-1' }]);
});

test('a load balancer\'s certificate is read through its load balancer, its upper-case renewal status understood, its metrics under its load balancer too', async () => {
  lightsail.on(GetLoadBalancerTlsCertificatesCommand, { loadBalancerName: 'web' }).resolves({
    tlsCertificates: [
      { name: 'other', status: 'ISSUED', isAttached: true, notAfter: new Date(T0 + 300 * DAY_MS) },
      { name: 'site', status: 'ISSUED', isAttached: false, notAfter: new Date(T0 + 40 * DAY_MS), renewalSummary: { renewalStatus: 'PENDING_VALIDATION' } },
    ],
  });
  lightsail.on(GetLoadBalancerTlsCertificatesCommand, { loadBalancerName: 'busy' }).resolves({
    tlsCertificates: [{ name: 'site', status: 'ISSUED', isAttached: true, notAfter: new Date(T0 + 50 * DAY_MS), renewalSummary: { renewalStatus: 'PENDING_AUTO_RENEWAL' } }],
  });
  lightsail.on(GetLoadBalancerTlsCertificatesCommand, { loadBalancerName: 'gone' }).rejects(Object.assign(new Error('The load balancer does not exist'), { name: 'NotFoundException' }));
  cloudWatch.on(PutMetricDataCommand).resolves({});

  const result = await onWatchEvent({
    [WATCH_EVENT_KEY]: ['web', 'busy', 'gone'].map((balancer) => ({ Region: 'eu-west-1', CertificateName: 'site', LoadBalancerName: balancer })),
  }, deps());

  expect(result).toEqual({ published: 6, unreadable: ['eu-west-1/gone/site'] });
  expect(lightsail).not.toHaveReceivedCommand(GetCertificatesCommand);
  const data = cloudWatch.commandCalls(PutMetricDataCommand)[0].args[0].input.MetricData!;
  const value = (balancer: string, metric: string) => data.find((d) => d.MetricName === metric && d.Dimensions![2].Value === balancer)?.Value;
  expect([value('web', 'DaysToExpiry'), value('web', 'RenewalFailing'), value('web', 'RenewalPending')]).toEqual([40, 1, 0]);
  expect([value('busy', 'RenewalFailing'), value('busy', 'RenewalPending')]).toEqual([0, 1]);
  expect(data[0].Dimensions).toEqual([{ Name: 'CertificateName', Value: 'site' }, { Name: 'Region', Value: 'eu-west-1' }, { Name: 'LoadBalancerName', Value: 'web' }]);
});
