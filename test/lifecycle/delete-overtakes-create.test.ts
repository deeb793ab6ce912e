/**
 * CloudFormation may send the Delete of a cancelled Create while that Create's invocation has not even
 * started (a cold start, an invocation queued behind others): the Delete then finds no certificate. The
 * Create, once its certificate is listed, asks CloudFormation whether its answer is still awaited, and
 * deletes what it made when it is not.
 */
import { CfnResource, Stack } from 'aws-cdk-lib';
import { calls, certificates, logicalIdOf, STACK_NAME, synth, useLocalLightsail, website } from './harness';
import { CertificateValidation, LightsailCertificate } from '../../src';
import { StackOperationError, StackResult } from '../../test-support/driver';

const env = useLocalLightsail();

/** The website, and with `second` another certificate in its zone. */
function app(second: boolean): { assembly: ReturnType<typeof synth>; secondId: string } {
  let secondId = '';
  const assembly = synth((stack: Stack) => {
    const { zone } = website(stack, { distribution: false });
    if (second) {
      const api = new LightsailCertificate(stack, 'Api', { domainName: 'api.example.com', validation: CertificateValidation.fromRoute53(zone) });
      secondId = logicalIdOf(api.node.defaultChild as CfnResource);
    }
  });
  return { assembly, secondId };
}

/**
 * The stack exists (so its function outlives the rollback, as in an update); an update adds a second
 * certificate, another resource fails 2 s in, and the second certificate's Create starts 30 s in, after
 * the rollback's Delete.
 */
async function updateWithDeleteFirst(): Promise<{ result: StackResult; certificateId: string }> {
  const second = app(true);
  const failWhileInProgress = { logicalId: second.secondId, afterMs: 2_000, startDelayMs: 30_000, reason: 'Other failed to create: boom' };
  const local = await env.restart({ failWhileInProgress });
  await local.deploy(app(false).assembly, STACK_NAME);
  const error = await local.deploy(second.assembly, STACK_NAME).then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(StackOperationError);
  return { result: (error as StackOperationError).result, certificateId: second.secondId };
}

test('a Delete that overtakes its Create finds nothing; the Create, no longer awaited, deletes the certificate it made', async () => {
  const { result, certificateId } = await updateWithDeleteFirst();

  expect(result.status).toBe('UPDATE_ROLLBACK_COMPLETE');
  const [create, rollbackDelete] = result.customResourceCalls.filter((c) => c.logicalId === certificateId);
  expect(create.cancelled).toBe(true);
  expect(rollbackDelete.request.RequestType).toBe('Delete');
  expect(rollbackDelete.response).toMatchObject({ Status: 'SUCCESS' });
  // The Delete came first: the certificate did not exist yet.
  const made = calls(env.emulator, 'CreateCertificate').find((c) => c.input.domainName === 'api.example.com')!;
  expect(made.outcome).toBe('ok');
  const deleteRead = env.emulator.calls.list({ operation: 'GetCertificates' }).find((c) => c.input.certificateName === made.input.certificateName)!;
  expect(deleteRead.seq).toBeLessThan(made.seq);
  // No leak: only the website's certificate is left.
  expect(certificates(env.emulator).map((c) => c.domainName)).toEqual(['example.com']);
  // The Create asked CloudFormation, learnt the resource had moved on, and deleted its certificate.
  const asked = env.emulator.calls.list({ service: 'cloudformation' });
  expect(asked.map((c) => [c.operation, c.outcome])).toContainEqual(['DescribeStackResource', 'ok']);
  expect(calls(env.emulator, 'DeleteCertificate').map((c) => [c.input.certificateName, c.outcome])).toEqual([[made.input.certificateName, 'ok']]);
  expect(create.ignoredResponse).toMatchObject({ Status: 'FAILED', Reason: expect.stringContaining('CloudFormation no longer waits for this Create') });
});
