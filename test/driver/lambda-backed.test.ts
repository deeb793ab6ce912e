import { CfnOutput, CustomResource, Duration, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { cleanUpTempDirs, handlerDir, recordedCalls, resetCalls, testApp } from './fixtures';
import { LocalCloudFormation, StackOperationError } from '../../test-support/driver';

afterAll(cleanUpTempDirs);
beforeEach(resetCalls);

/** A plain Lambda-backed custom resource handler, as people write them: it PUTs its own response to the ResponseURL with `https.request`. */
const PLAIN_SOURCE = `
const https = require('https');
const url = require('url');
exports.handler = async (event, context) => {
  (globalThis.__driverTestCalls ??= []).push({ fn: 'lambda', event, now: Date.now() });
  console.log('got', event.RequestType, 'in', process.env.AWS_REGION, 'for', context.functionName);
  const p = event.ResourceProperties;
  if (p.Silent === 'true') return;
  const body = JSON.stringify({
    Status: p.Fail === 'true' ? 'FAILED' : 'SUCCESS',
    Reason: p.Fail === 'true' ? 'the plain handler was told to fail' : 'ok',
    PhysicalResourceId: event.PhysicalResourceId || 'plain-' + p.Name,
    StackId: event.StackId,
    RequestId: event.RequestId,
    LogicalResourceId: event.LogicalResourceId,
    Data: { Greeting: 'hello ' + p.Name, Region: process.env.AWS_REGION, Custom: process.env.CUSTOM_SETTING },
  });
  const u = url.parse(event.ResponseURL);
  await new Promise((resolve, reject) => {
    const req = https.request({ hostname: u.hostname, port: 443, path: u.path, method: 'PUT',
      headers: { 'content-type': '', 'content-length': Buffer.byteLength(body) } }, (res) => { res.resume(); res.on('end', resolve); });
    req.on('error', reject);
    req.write(body);
    req.end();
  });
};
`;

function plainApp(properties: Record<string, unknown>, code: lambda.Code = lambda.Code.fromAsset(handlerDir(PLAIN_SOURCE))) {
  const app = testApp();
  const stack = new Stack(app, 'PlainStack', { env: { account: '111122223333', region: 'eu-west-1' } });
  const fn = new lambda.Function(stack, 'Handler', {
    runtime: lambda.Runtime.NODEJS_20_X,
    handler: 'index.handler',
    code,
    environment: { CUSTOM_SETTING: 'from-the-template' },
  });
  const res = new CustomResource(stack, 'Res', { serviceToken: fn.functionArn, properties, serviceTimeout: Duration.minutes(5) });
  new CfnOutput(stack, 'Greeting', { value: res.getAttString('Greeting') });
  new CfnOutput(stack, 'Custom', { value: res.getAttString('Custom') });
  return app.synth();
}

describe('plain Lambda-backed custom resources', () => {
  test('the response the handler PUTs to the ResponseURL is captured', async () => {
    const logs: string[] = [];
    const cfn = new LocalCloudFormation({ functionLog: (name, line) => logs.push(`${name}: ${line}`) });

    const result = await cfn.deploy(plainApp({ Name: 'world' }), 'PlainStack');

    expect(result.outputs).toEqual({ Greeting: 'hello world', Custom: 'from-the-template' });
    expect(result.resources.Res.physicalId).toBe('plain-world');
    expect(result.resources.Res.attributes.Region).toBe('eu-west-1');
    expect(result.stackId).toMatch(/^arn:aws:cloudformation:eu-west-1:111122223333:stack\/PlainStack\//);
    expect(logs).toEqual([expect.stringMatching(/^PlainStack-Handler.*: INFO\tgot Create in eu-west-1 for PlainStack-Handler/)]);
    expect(process.env.CUSTOM_SETTING).toBeUndefined();

    await cfn.destroy('PlainStack');
    expect(recordedCalls().map((c) => [c.event.RequestType, c.event.PhysicalResourceId])).toEqual([['Create', undefined], ['Delete', 'plain-world']]);
  });

  test('an update runs the code the update deployed', async () => {
    const cfn = new LocalCloudFormation();
    await cfn.deploy(plainApp({ Name: 'v' }), 'PlainStack');
    const v2 = PLAIN_SOURCE.replace("'hello ' + p.Name", "'hi again ' + p.Name");

    const result = await cfn.deploy(plainApp({ Name: 'v', Round: 2 }, lambda.Code.fromAsset(handlerDir(v2))), 'PlainStack');

    expect(result.status).toBe('UPDATE_COMPLETE');
    expect(result.outputs.Greeting).toBe('hi again v');
    expect(recordedCalls().map((c) => [c.event.RequestType, c.event.OldResourceProperties?.Round, c.event.ResourceProperties.Round]))
      .toEqual([['Create', undefined, undefined], ['Update', undefined, '2']]);
  });

  test('a FAILED response fails the resource with its reason', async () => {
    const error = await new LocalCloudFormation().deploy(plainApp({ Name: 'x', Fail: true }), 'PlainStack').catch((e: StackOperationError) => e);
    const failed = (error as StackOperationError).result.events.find((e) => e.status === 'CREATE_FAILED')!;
    expect(failed.reason).toMatch(/^Received response status \[FAILED\] from custom resource\. Message returned: the plain handler was told to fail \(RequestId: /);
    // The rollback's Delete carries the physical id of the failed response.
    expect(recordedCalls().map((c) => [c.event.RequestType, c.event.PhysicalResourceId])).toEqual([['Create', undefined], ['Delete', 'plain-x']]);
  });

  test('no response at all: CloudFormation gives up after the ServiceTimeout (virtual time)', async () => {
    const started = Date.now();
    const error = await new LocalCloudFormation().deploy(plainApp({ Name: 'x', Silent: true }), 'PlainStack').catch((e: StackOperationError) => e);
    const events = (error as StackOperationError).result.events.filter((e) => e.logicalId === 'Res');
    expect(events[1]).toMatchObject({ status: 'CREATE_FAILED', reason: expect.stringMatching(/^CloudFormation did not receive a response from your Custom Resource/) });
    expect(events[1].timestamp.getTime() - events[0].timestamp.getTime()).toBeGreaterThanOrEqual(300_000);
    expect(Date.now() - started).toBeLessThan(10_000);
    // The rollback's Delete (with a made-up physical id) gets no response either.
    expect((error as StackOperationError).result.status).toBe('ROLLBACK_FAILED');
    expect(recordedCalls().map((c) => c.event.RequestType)).toEqual(['Create', 'Delete']);
  });
});
