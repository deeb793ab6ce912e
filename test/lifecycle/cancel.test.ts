/**
 * CloudFormation cancels a certificate's Create that is still in progress when another resource fails,
 * then sends a Delete with a physical id it made up, while the cancelled invocation runs on (its answer
 * ignored). The Delete deletes the certificate named in the properties only if its owner tag names this
 * resource.
 */
import { CfnResource } from 'aws-cdk-lib';
import { calls, CERT_REGION, certificates, logicalIdOf, STACK_NAME, synth, useLocalLightsail, website } from './harness';
import { StackOperationError, StackResult } from '../../test-support/driver';
import { EmulatedCertificate, LightsailEmulator } from '../../test-support/emulator';
import { LocalLightsailOptions } from '../../test-support/local-lightsail';

const env = useLocalLightsail();

/** Options of {@link deployCancelled}. */
interface CancelledDeploy {
  /** When the other resource fails, after the certificate's Create was sent. */
  readonly afterMs: number;
  /** More options of the LocalLightsail. */
  readonly local?: LocalLightsailOptions;
  /** The certificate's explicit name. */
  readonly certificateName?: string;
  /** Prepares the new emulator before the deploy. */
  readonly before?: (emulator: LightsailEmulator) => void;
}

/** Restarts LocalLightsail so that the website's certificate's Create fails `afterMs` in, and deploys the stack. */
async function deployCancelled(options: CancelledDeploy): Promise<{ result: StackResult; certificateId: string }> {
  let certificateId = '';
  const assembly = synth((stack) => {
    const { certificate } = website(stack, { certificateName: options.certificateName, distribution: false });
    certificateId = logicalIdOf(certificate.node.defaultChild as CfnResource);
  });
  const failWhileInProgress = { logicalId: certificateId, afterMs: options.afterMs, reason: 'Other failed to create: boom' };
  const local = await env.restart({ ...options.local, failWhileInProgress });
  options.before?.(local.emulator);
  const error = await local.deploy(assembly, STACK_NAME).then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(StackOperationError);
  return { result: (error as StackOperationError).result, certificateId };
}

/** The certificate resource's requests, with the physical id each Delete named. */
function requestsOf(result: StackResult, certificateId: string) {
  return result.customResourceCalls.filter((c) => c.logicalId === certificateId);
}

describe('a certificate whose Create is cancelled', () => {
  test('cancelled while it waits for the validation records: the rollback Delete (made-up id) deletes it by name; none left', async () => {
    const { result, certificateId } = await deployCancelled({ afterMs: 20_000, local: { emulator: { modes: { recordDelayMs: 60_000 } } } });

    expect(result.status).toBe('ROLLBACK_COMPLETE');
    expect(result.statusReason).toBe(`Other failed to create: boom; ${certificateId} failed to create: Resource creation cancelled`);
    const events = result.events.filter((e) => e.logicalId === certificateId);
    expect(events.map((e) => [e.status, e.reason])).toEqual([
      ['CREATE_IN_PROGRESS', undefined], ['CREATE_FAILED', 'Resource creation cancelled'], ['DELETE_IN_PROGRESS', undefined], ['DELETE_COMPLETE', undefined],
    ]);
    expect(events[1].timestamp.getTime() - events[0].timestamp.getTime()).toBeGreaterThanOrEqual(20_000);
    expect(events[1].timestamp.getTime() - events[0].timestamp.getTime()).toBeLessThan(21_000);

    const [create, rollbackDelete, ...more] = requestsOf(result, certificateId);
    expect(more).toEqual([]);
    expect(create).toMatchObject({ cancelled: true, response: undefined });
    // CloudFormation never got a physical id: it made one up, which names no certificate.
    expect(rollbackDelete.request.RequestType).toBe('Delete');
    expect(rollbackDelete.request.PhysicalResourceId).toMatch(new RegExp(`^${STACK_NAME}-${certificateId.slice(0, 10)}.*-[A-Za-z0-9]{12}$`));
    expect(rollbackDelete.response).toMatchObject({ Status: 'SUCCESS' });
    // The certificate the cancelled Create made was deleted by that Delete, by the name in its properties.
    const [made] = calls(env.emulator, 'CreateCertificate');
    expect(made).toMatchObject({ region: CERT_REGION, outcome: 'ok' });
    expect(calls(env.emulator, 'DeleteCertificate').map((c) => [c.input.certificateName, c.outcome])).toEqual([[made.input.certificateName, 'ok']]);
    // The cancelled invocation ran to its end meanwhile; CloudFormation ignored its answer. Nothing is left.
    expect(create.ignoredResponse).toBeDefined();
    expect(calls(env.emulator, 'CreateCertificate')).toHaveLength(1);
    expect(certificates(env.emulator)).toEqual([]);
  });

  test("cancelled at once, with the name taken by someone else's certificate: the Create refuses it anyway, the rollback Delete leaves it alone", async () => {
    let foreign: EmulatedCertificate | undefined;
    // Cancelled before its first call is answered: the invocation and the rollback's Delete run side by side.
    const { result, certificateId } = await deployCancelled({
      afterMs: 0,
      certificateName: 'site-cert',
      before: (emulator) => {
        foreign = emulator.seedCertificate({ region: CERT_REGION, name: 'site-cert', domainName: 'example.com', subjectAlternativeNames: ['www.example.com'] });
      },
    });

    expect(result.status).toBe('ROLLBACK_COMPLETE');
    const [create, rollbackDelete] = requestsOf(result, certificateId);
    expect(create.cancelled).toBe(true);
    // The cancelled invocation went on and refused the certificate; that answer went nowhere.
    expect(create.ignoredResponse).toMatchObject({ Status: 'FAILED', Reason: expect.stringContaining('which no CloudFormation stack made') });
    expect(rollbackDelete.request.PhysicalResourceId).toMatch(new RegExp(`^${STACK_NAME}-`));
    expect(rollbackDelete.response).toMatchObject({ Status: 'SUCCESS' });
    // Untouched: not deleted, not tagged, not replaced.
    expect(certificates(env.emulator).map((c) => [c.arn, c.status, c.tags])).toEqual([[foreign!.arn, 'ISSUED', []]]);
    expect(env.emulator.calls.list().map((c) => c.operation).filter((op) => op !== 'GetCertificates')).toEqual([]);
  });
});
