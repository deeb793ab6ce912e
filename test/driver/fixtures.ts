import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, CustomResource, CustomResourceProvider, CustomResourceProviderRuntime, Duration, Stack } from 'aws-cdk-lib';
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
  /** `handler` (the provider's, when it starts), `done` (the provider's, when it answers) or `lambda` (a plain function's). */
  readonly fn: 'handler' | 'done' | 'lambda';
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
 * The user handler behind aws-cdk-lib's response entrypoint (`__entrypoint__.js` calls it and PUTs the
 * response), driven by the resource's properties:
 * - `Name`: the physical id it answers (default: none, so the entrypoint's default applies);
 * - `WaitSeconds`: on Create and Update (`DeleteWaitSeconds`: on Delete), polls every `PollSeconds`
 *   (default 10) with `setTimeout` until that much time passed, before answering (or failing);
 * - `FailOn`: a request type (`Create`/`Update`/`Delete`) to throw on;
 * - `DataSize`: adds that many bytes of data (to exceed the response limit);
 * - `EnvName`: the name of an environment variable whose value the function saw goes into `Env`.
 * Data: `Name`, `Echo` (the `Echo` property), `Waited` (ms of Date time it waited), `Polls`, `Env`.
 * Each call is recorded when it starts, and (with `fn: 'done'`) when it answers.
 */
export const HANDLER_SOURCE = `
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
exports.handler = async (event) => {
  const record = (fn) => (globalThis.__driverTestCalls ??= []).push({ fn, event, now: Date.now() });
  record('handler');
  const p = event.ResourceProperties;
  const started = Date.now();
  const wait = Number((event.RequestType === 'Delete' ? p.DeleteWaitSeconds : p.WaitSeconds) || 0) * 1000;
  let polls = 0;
  while (Date.now() - started < wait) {
    await sleep(Number(p.PollSeconds || 10) * 1000);
    polls++;
  }
  record('done');
  if (p.FailOn === event.RequestType) throw new Error('the handler was told to fail ' + event.RequestType);
  if (event.RequestType === 'Delete') return {};
  const data = { Name: p.Name || 'unnamed', Echo: p.Echo || '', Waited: String(Date.now() - started), Polls: String(polls) };
  if (p.EnvName) data.Env = process.env[p.EnvName] || '';
  if (p.DataSize) data.Big = 'x'.repeat(Number(p.DataSize));
  return { ...(p.Name ? { PhysicalResourceId: p.Name } : {}), Data: data };
};
`;

/** Options of {@link providerApp}. */
export interface ProviderAppOptions {
  /** The provider function's timeout (aws-cdk-lib's default: 15 minutes). */
  readonly timeout?: Duration;
  /** Statements of the provider role's inline policy. @default none */
  readonly policyStatements?: unknown[];
}

/** An app writing to a temporary directory, with construct paths in the metadata (as the CDK CLI asks). */
export function testApp(): App {
  return new App({ outdir: tempDir('driver-cdkout-'), context: { 'aws:cdk:enable-path-metadata': true } });
}

/** An app with one stack holding the test provider. */
export function providerApp(options: ProviderAppOptions = {}): { app: App; stack: Stack; provider: CustomResourceProvider } {
  const app = testApp();
  const stack = new Stack(app, 'TestStack');
  const provider = testProvider(stack, options);
  return { app, stack, provider };
}

/** aws-cdk-lib's core custom resource provider (one function per stack) with {@link HANDLER_SOURCE}. */
export function testProvider(scope: Construct, options: ProviderAppOptions = {}): CustomResourceProvider {
  return CustomResourceProvider.getOrCreateProvider(scope, 'Custom::TestProvider', {
    codeDirectory: handlerDir(HANDLER_SOURCE),
    runtime: CustomResourceProviderRuntime.NODEJS_22_X,
    timeout: options.timeout,
    policyStatements: options.policyStatements,
  });
}

/** A custom resource of the provider; `serviceTimeout` becomes its `ServiceTimeout`. */
export function thing(
  scope: Construct, id: string, provider: CustomResourceProvider, properties: Record<string, unknown>, serviceTimeout?: Duration,
): CustomResource {
  return new CustomResource(scope, id, { serviceToken: provider.serviceToken, resourceType: 'Custom::Thing', properties, serviceTimeout });
}

/** The logical id of a construct's CloudFormation resource. */
export function logicalIdOf(resource: CustomResource | Construct): string {
  const child = (resource.node.defaultChild ?? resource) as unknown as { logicalId: string };
  return Stack.of(resource).resolve(child.logicalId) as string;
}
