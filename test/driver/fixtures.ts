import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, CustomResource, Duration, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';

/** A fresh temporary directory, removed by {@link cleanUpTempDirs}. */
export function tempDir(prefix = 'driver-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  created.push(dir);
  return dir;
}
const created: string[] = [];

/** Removes the directories {@link tempDir} made. */
export function cleanUpTempDirs(): void {
  for (const dir of created.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

/** Writes `index.js` with `source` into a new temporary directory and returns the directory. */
export function handlerDir(source: string): string {
  const dir = tempDir('driver-handler-');
  fs.writeFileSync(path.join(dir, 'index.js'), source);
  return dir;
}

/** What the test handlers record, in the order they ran. Shared with them through `globalThis`. */
export interface RecordedCall {
  readonly fn: 'onEvent' | 'isComplete' | 'lambda';
  readonly event: Record<string, any>;
  readonly now: number;
}

/** The calls the test handlers recorded since the last {@link resetCalls}. */
export function recordedCalls(): RecordedCall[] {
  return ((globalThis as any).__driverTestCalls ??= []) as RecordedCall[];
}

/** Forgets recorded calls. */
export function resetCalls(): void {
  (globalThis as any).__driverTestCalls = [];
}

/**
 * A Provider onEvent handler driven by the resource's properties:
 * - `Name`: the physical id it answers (default: none, so the framework's default applies);
 * - `FailOn`: a request type (`Create`/`Update`/`Delete`) to throw on;
 * - `DataSize`: adds that many bytes of data (to exceed the response limit).
 * Data: `Name`, `Started` (the Date.now() it ran at), `Echo` (the `Echo` property).
 */
export const ON_EVENT_SOURCE = `
exports.handler = async (event) => {
  (globalThis.__driverTestCalls ??= []).push({ fn: 'onEvent', event, now: Date.now() });
  const p = event.ResourceProperties;
  if (p.FailOn === event.RequestType) throw new Error('onEvent was told to fail ' + event.RequestType);
  if (event.RequestType === 'Delete') return {};
  const data = { Name: p.Name || 'unnamed', Started: String(Date.now()), Echo: p.Echo || '' };
  if (p.DataSize) data.Big = 'x'.repeat(Number(p.DataSize));
  return { ...(p.Name ? { PhysicalResourceId: p.Name } : {}), Data: data };
};
`;

/**
 * A Provider isComplete handler: complete once `WaitSeconds` (property) of Date time passed since
 * onEvent ran; throws when `FailIsComplete` is set.
 */
export const IS_COMPLETE_SOURCE = `
exports.handler = async (event) => {
  (globalThis.__driverTestCalls ??= []).push({ fn: 'isComplete', event, now: Date.now() });
  const p = event.ResourceProperties;
  if (event.RequestType === 'Delete') return { IsComplete: true };
  if (p.FailIsComplete === event.RequestType) throw new Error('isComplete was told to fail');
  const waited = Date.now() - Number(event.Data.Started);
  if (waited < Number(p.WaitSeconds || 0) * 1000) return { IsComplete: false };
  return { IsComplete: true, Data: { Waited: String(waited) } };
};
`;

/** Options of {@link providerApp}. */
export interface ProviderAppOptions {
  readonly queryInterval?: Duration;
  readonly totalTimeout?: Duration;
}

/** An app writing to a temporary directory, with construct paths in the metadata (as the CDK CLI asks). */
export function testApp(): App {
  return new App({ outdir: tempDir('driver-cdkout-'), context: { 'aws:cdk:enable-path-metadata': true } });
}

/** An app with one stack holding a Provider (onEvent + isComplete from the sources above). */
export function providerApp(options: ProviderAppOptions = {}): { app: App; stack: Stack; provider: cr.Provider } {
  const app = testApp();
  const stack = new Stack(app, 'TestStack');
  const provider = testProvider(stack, options);
  return { app, stack, provider };
}

/** A Provider with the test handlers. */
export function testProvider(scope: Construct, options: ProviderAppOptions = {}): cr.Provider {
  const onEventHandler = new lambda.Function(scope, 'OnEvent', {
    runtime: lambda.Runtime.NODEJS_20_X,
    handler: 'index.handler',
    code: lambda.Code.fromAsset(handlerDir(ON_EVENT_SOURCE)),
    timeout: Duration.minutes(1),
  });
  const isCompleteHandler = new lambda.Function(scope, 'IsComplete', {
    runtime: lambda.Runtime.NODEJS_20_X,
    handler: 'index.handler',
    code: lambda.Code.fromAsset(handlerDir(IS_COMPLETE_SOURCE)),
  });
  return new cr.Provider(scope, 'Provider', {
    onEventHandler,
    isCompleteHandler,
    queryInterval: options.queryInterval ?? Duration.seconds(10),
    totalTimeout: options.totalTimeout ?? Duration.minutes(30),
  });
}

/** A custom resource of the provider. */
export function thing(scope: Construct, id: string, provider: cr.Provider, properties: Record<string, unknown>): CustomResource {
  return new CustomResource(scope, id, { serviceToken: provider.serviceToken, resourceType: 'Custom::Thing', properties });
}

/** The logical id of a construct's CloudFormation resource. */
export function logicalIdOf(resource: CustomResource | Construct): string {
  const child = (resource.node.defaultChild ?? resource) as unknown as { logicalId: string };
  return Stack.of(resource).resolve(child.logicalId) as string;
}
