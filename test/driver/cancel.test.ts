import { CustomResourceProvider, Stack } from 'aws-cdk-lib';
import { cleanUpTempDirs, providerApp, recordedCalls, resetCalls, thing } from './fixtures';
import { LocalCloudFormation, StackOperationError, StackResult } from '../../test-support/driver';

afterAll(cleanUpTempDirs);
beforeEach(resetCalls);

function assembly(define: (stack: Stack, provider: CustomResourceProvider) => void) {
  const { app, stack, provider } = providerApp();
  define(stack, provider);
  return app.synth();
}

async function deployFailing(cfn: LocalCloudFormation, asm: ReturnType<typeof assembly>): Promise<StackResult> {
  const error = await cfn.deploy(asm, 'TestStack').then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(StackOperationError);
  return (error as StackOperationError).result;
}

/** When (seconds after the resource's CREATE_IN_PROGRESS, rounded: `Date` moves with real time in 20 ms steps) each of its events happened, as `STATUS@seconds`. */
function timeline(result: StackResult, logicalId: string): string[] {
  const events = result.events.filter((e) => e.logicalId === logicalId);
  const start = events[0].timestamp.getTime();
  return events.map((e) => `${e.status}@${Math.round((e.timestamp.getTime() - start) / 1000)}`);
}

/** The test handler's records of one resource: `[fn, request type, seconds since the first record]`. */
function handlerRuns(logicalId: string): Array<[string, string, number]> {
  const runs = recordedCalls().filter((c) => c.fn !== 'lambda' && c.event.LogicalResourceId === logicalId);
  return runs.map((c) => [c.fn, c.event.RequestType, Math.round((c.now - runs[0].now) / 1000)]);
}

describe('failWhileInProgress: another resource fails while a custom resource is being created', () => {
  test('the Create is cancelled; the rollback Deletes it with a made-up id while the original invocation runs on, its response ignored', async () => {
    const cfn = new LocalCloudFormation({ failWhileInProgress: { logicalId: 'Slow', afterMs: 25_000, reason: 'Other failed to create: boom' } });

    const result = await deployFailing(cfn, assembly((stack, provider) => {
      thing(stack, 'Slow', provider, { Name: 'slow-1', WaitSeconds: 60, DeleteWaitSeconds: 30 });
    }));

    expect(result.status).toBe('ROLLBACK_COMPLETE');
    expect(result.statusReason).toBe('Other failed to create: boom; Slow failed to create: Resource creation cancelled');
    // Cancelled at 25 s; the rollback's Delete (30 s of polling of its own) ends at 55 s.
    expect(timeline(result, 'Slow')).toEqual(['CREATE_IN_PROGRESS@0', 'CREATE_FAILED@25', 'DELETE_IN_PROGRESS@25', 'DELETE_COMPLETE@55']);
    expect(result.events.find((e) => e.status === 'CREATE_FAILED')!.reason).toBe('Resource creation cancelled');
    const [create, rollbackDelete, ...others] = result.customResourceCalls;
    expect(others).toEqual([]);
    // The Create got no response in time; the one its invocation sent at 60 s was ignored.
    expect(create).toMatchObject({ logicalId: 'Slow', cancelled: true, response: undefined });
    expect(create.ignoredResponse).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: 'slow-1', Data: { Polls: '6' } });
    // Both invocations polled side by side, in environments of their own, on one clock moved once.
    expect(Number(create.ignoredResponse!.Data!.Waited)).toBeGreaterThanOrEqual(60_000);
    expect(Number(create.ignoredResponse!.Data!.Waited)).toBeLessThan(61_000);
    // CloudFormation never learnt the physical id: it made one up for the Delete.
    expect(rollbackDelete.request).toMatchObject({ RequestType: 'Delete', PhysicalResourceId: expect.stringMatching(/^TestStack-Slow-[A-Za-z0-9]{12}$/) });
    expect(rollbackDelete.response).toMatchObject({ Status: 'SUCCESS' });
    expect(handlerRuns('Slow')).toEqual([
      ['handler', 'Create', 0],
      ['handler', 'Delete', 25],
      ['done', 'Delete', 55],
      ['done', 'Create', 60],
    ]);
    expect(cfn.stack('TestStack')!.resources).toEqual({});
  });

  test('a resource that answered first completes; a Create in progress when the other one fails is cancelled', async () => {
    const cfn = new LocalCloudFormation({ failWhileInProgress: { logicalId: 'Quick', afterMs: 30_000 } });

    const result = await deployFailing(cfn, assembly((stack, provider) => {
      const quick = thing(stack, 'Quick', provider, { Name: 'quick-1' });
      thing(stack, 'Next', provider, { Name: 'next-1', WaitSeconds: 120, Echo: quick.getAttString('Name') });
    }));

    expect(result.statusReason).toBe('Another resource failed to create (local driver: failWhileInProgress); Next failed to create: Resource creation cancelled');
    expect(timeline(result, 'Quick')).toEqual(['CREATE_IN_PROGRESS@0', 'CREATE_COMPLETE@0', 'DELETE_IN_PROGRESS@30', 'DELETE_COMPLETE@30']);
    expect(timeline(result, 'Next')).toEqual(['CREATE_IN_PROGRESS@0', 'CREATE_FAILED@30', 'DELETE_IN_PROGRESS@30', 'DELETE_COMPLETE@30']);
    expect(recordedCalls().filter((c) => c.fn === 'handler').map((c) => [c.event.LogicalResourceId, c.event.RequestType, c.event.PhysicalResourceId]))
      .toEqual([['Quick', 'Create', undefined], ['Next', 'Create', undefined], ['Next', 'Delete', expect.stringMatching(/^TestStack-Next-/)], ['Quick', 'Delete', 'quick-1']]);
    expect(result.customResourceCalls.find((c) => c.logicalId === 'Next')!.ignoredResponse).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: 'next-1' });
  });

  test('when everything answered before, the stack still rolls back once the other resource fails', async () => {
    const cfn = new LocalCloudFormation({ failWhileInProgress: { logicalId: 'Quick', afterMs: 30_000, reason: 'Other: boom' } });

    const result = await deployFailing(cfn, assembly((stack, provider) => {
      thing(stack, 'Quick', provider, { Name: 'quick-1' });
    }));

    expect(result.statusReason).toBe('(another resource) failed to create: Other: boom');
    expect(timeline(result, 'Quick')).toEqual(['CREATE_IN_PROGRESS@0', 'CREATE_COMPLETE@0', 'DELETE_IN_PROGRESS@30', 'DELETE_COMPLETE@30']);
    expect(result.customResourceCalls.map((c) => [c.request.RequestType, c.request.PhysicalResourceId, c.cancelled])).toEqual([
      ['Create', undefined, undefined],
      ['Delete', 'quick-1', undefined],
    ]);
  });
});
