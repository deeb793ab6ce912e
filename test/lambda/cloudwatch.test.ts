/** Tests of `lambda/cloudwatch.ts`: publishing metrics within PutMetricData's limit. */
import { CloudWatchClient, MetricDatum, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { fakeDeps } from './fixtures';
import { putMetricData } from '../../lambda/cloudwatch';

const cloudWatch = mockClient(CloudWatchClient);

beforeEach(() => {
  cloudWatch.reset();
});

const datum = (i: number): MetricDatum => ({ MetricName: 'DaysToExpiry', Value: i, Unit: 'None' });

test('1,001 metrics go in two calls, 1,000 and 1, to the namespace given', async () => {
  const data = Array.from({ length: 1001 }, (_, i) => datum(i));

  await putMetricData(fakeDeps(), new CloudWatchClient({ region: 'eu-west-1' }), 'LightsailCertificate', data);

  const inputs = cloudWatch.commandCalls(PutMetricDataCommand).map((c) => c.args[0].input);
  expect(inputs.map((i) => i.MetricData?.length)).toEqual([1000, 1]);
  expect(inputs.map((i) => i.Namespace)).toEqual(['LightsailCertificate', 'LightsailCertificate']);
  expect(inputs[1].MetricData).toEqual([datum(1000)]);
});

test('nothing to publish calls nothing', async () => {
  await putMetricData(fakeDeps(), new CloudWatchClient({ region: 'eu-west-1' }), 'LightsailCertificate', []);

  expect(cloudWatch).not.toHaveReceivedAnyCommand();
});
