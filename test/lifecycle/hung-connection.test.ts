/**
 * A connection that Lightsail accepts and never answers: every call is bounded (the SDK's request timeout
 * throws, see lambda/deps.ts), so the handler ends with its own error, in its first invocation, long
 * before Lambda would stop it.
 */
import { compressRealTimeSleeps, failureReasons, STACK_NAME, synth, useLocalLightsail, website } from './harness';
import { StackOperationError } from '../../test-support/driver';

const env = useLocalLightsail();
// The SDK's 10 s request timeouts and backoff are real-time timers: a tenth of them here.
compressRealTimeSleeps(10);

test('a GetCertificates that never answers ends in the handler\'s error, not in Lambda\'s timeout', async () => {
  const assembly = synth((stack) => website(stack, { distribution: false }));
  env.emulator.faults.script({ kind: 'hang', operation: 'GetCertificates', times: 1_000 });

  const error = await env.local.deploy(assembly, STACK_NAME).then(() => undefined, (e: unknown) => e);

  expect(error).toBeInstanceOf(StackOperationError);
  const result = (error as StackOperationError).result;
  const reasons = failureReasons(result);
  expect(reasons).toContain('requestTimeout');
  expect(reasons).not.toContain('Task timed out');
  expect(reasons).not.toContain('did not receive a response');
  // One invocation answered: no Lambda retry of a killed one.
  const [create] = result.customResourceCalls;
  expect(create.request.RequestType).toBe('Create');
  expect(create.response).toMatchObject({ Status: 'FAILED' });
  expect(env.emulator.calls.list({ operation: 'GetCertificates' }).every((c) => c.outcome === 'hung')).toBe(true);
}, 45_000);
