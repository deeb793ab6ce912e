import { listWithin } from '../../lambda/issued';
import { boundedError } from '../../lambda/reason';
import { CREATE_FAILED_MARKER, MAX_REASON_BYTES, MAX_RESPONSE_BYTES } from '../../src/private/contract';

/** The longest ids CloudFormation gives: a 128-character stack name, a 255-character logical id. */
const event = {
  StackId: `arn:aws-iso-b:cloudformation:ap-southeast-5:123456789012:stack/${'s'.repeat(128)}/${'x'.repeat(36)}`,
  RequestId: 'r'.repeat(36),
  LogicalResourceId: 'L'.repeat(255),
  PhysicalResourceId: `lightsail-certificate:ap-southeast-5:${'c'.repeat(255)}`,
};

/** The FAILED answer aws-cdk-lib's entrypoint sends for an error (it takes `stack`). */
function answerBytes(error: Error, e: { PhysicalResourceId?: string } = event): number {
  return Buffer.byteLength(JSON.stringify({
    Status: 'FAILED',
    Reason: error.stack,
    StackId: event.StackId,
    RequestId: event.RequestId,
    PhysicalResourceId: e.PhysicalResourceId || CREATE_FAILED_MARKER,
    LogicalResourceId: event.LogicalResourceId,
  }), 'utf8');
}

test('a long error becomes a message without a stack trace that, with the longest ids, fits the 4,096-byte answer', () => {
  const original = new Error(`Still pending: ${'é"\\'.repeat(3000)}`);
  const bounded = boundedError(original, event);
  expect(bounded.stack).toBe(bounded.message);
  expect(bounded.message).not.toMatch(/\n\s+at /);
  expect(bounded.message).toMatch(/^Still pending: é"\\.* \[\.\.\.\]$/);
  expect(Buffer.byteLength(JSON.stringify(bounded.message), 'utf8') - 2).toBeLessThanOrEqual(MAX_REASON_BYTES);
  expect(answerBytes(bounded)).toBeLessThanOrEqual(MAX_RESPONSE_BYTES);
  // What the entrypoint would have sent before.
  expect(answerBytes(original)).toBeGreaterThan(MAX_RESPONSE_BYTES);
});

test('a short error keeps its message, its name first when it says more than Error; a Create\'s answer carries the marker id', () => {
  const error = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
  const bounded = boundedError(error, { ...event, PhysicalResourceId: undefined });
  expect(bounded.message).toBe('ThrottlingException: Rate exceeded');
  expect(bounded.stack).toBe('ThrottlingException: Rate exceeded');
  expect(boundedError('plain text', event).message).toBe('plain text');
});

test('the pending list is cut with "and N more"', () => {
  const items = Array.from({ length: 10 }, (_, i) => `d${i}.example.com needs ${'x'.repeat(200)}`);
  const text = listWithin(items, 1_000);
  expect(text.length).toBeLessThanOrEqual(1_000);
  expect(text).toMatch(/^d0\.example\.com needs x+; d1.*; and 6 more$/);
  expect(listWithin(items.slice(0, 2), 1_000)).toBe(items.slice(0, 2).join('; '));
});
