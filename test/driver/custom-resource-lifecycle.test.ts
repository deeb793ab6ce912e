import { CfnOutput, CustomResourceProvider, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { cleanUpTempDirs, logicalIdOf, ProviderAppOptions, providerApp, recordedCalls, resetCalls, thing } from './fixtures';
import { LocalCloudFormation, StackOperationError, StackResult } from '../../test-support/driver';

afterAll(cleanUpTempDirs);
beforeEach(resetCalls);

/** The physical id aws-cdk-lib's entrypoint answers for a failed Create; it acknowledges the Delete for it itself. */
const CREATE_FAILED_MARKER = 'AWSCDK::CustomResourceProviderFramework::CREATE_FAILED';

/** Synthesizes a TestStack whose resources `define` adds next to the test provider. */
function assembly(define: (stack: Stack, provider: CustomResourceProvider) => void, options: ProviderAppOptions = {}) {
  const { app, stack, provider } = providerApp(options);
  define(stack, provider);
  return app.synth();
}

/** Deploys and expects a StackOperationError; returns its result. */
async function deployFailing(cfn: LocalCloudFormation, asm: ReturnType<typeof assembly>): Promise<StackResult> {
  const error = await cfn.deploy(asm, 'TestStack').then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(StackOperationError);
  return (error as StackOperationError).result;
}

/** The events the user handler (behind aws-cdk-lib's entrypoint) received. */
function userEvents(logicalId?: string) {
  return recordedCalls().filter((c) => c.fn === 'handler' && (logicalId === undefined || c.event.LogicalResourceId === logicalId)).map((c) => c.event);
}

function statuses(result: StackResult, logicalId: string): string[] {
  return result.events.filter((e) => e.logicalId === logicalId).map((e) => e.status);
}

/** Milliseconds between a resource's first event with `from` status and its first with `to`. */
function elapsed(result: StackResult, logicalId: string, from: string, to: string): number {
  const at = (status: string) => result.events.find((e) => e.logicalId === logicalId && e.status === status)!.timestamp.getTime();
  return at(to) - at(from);
}

describe("custom resources served by aws-cdk-lib's core CustomResourceProvider", () => {
  test('the entrypoint and the handler run for real, their timers on virtual time; Data flows into dependants and outputs', async () => {
    let second: any;
    const asm = assembly((stack, provider) => {
      const first = thing(stack, 'First', provider, { Name: 'first-1', WaitSeconds: 300, Count: 3, Enabled: true });
      second = thing(stack, 'Second', provider, { Echo: first.getAttString('Name') });
      new CfnOutput(stack, 'SecondEcho', { value: second.getAttString('Echo') });
      new CfnOutput(stack, 'Waited', { value: first.getAttString('Waited') });
    });
    const lines: string[] = [];
    const cfn = new LocalCloudFormation({ log: (l) => lines.push(l) });

    const started = Date.now();
    const result = await cfn.deploy(asm, 'TestStack');
    const realMs = Date.now() - started;

    expect(result.status).toBe('CREATE_COMPLETE');
    expect(result.outputs.SecondEcho).toBe('first-1');
    expect(Number(result.outputs.Waited)).toBeGreaterThanOrEqual(300_000);
    expect(result.resources.First.physicalId).toBe('first-1');
    // 5 minutes of 10-second sleeps, in well under the real 5 minutes.
    expect(result.resources.First.attributes).toMatchObject({ Name: 'first-1', Echo: '', Polls: '30' });
    expect(realMs).toBeLessThan(10_000);
    // The second resource answered no physical id: the entrypoint's default is the request id.
    const secondCall = result.customResourceCalls.find((c) => c.logicalId === logicalIdOf(second))!;
    expect(result.resources.Second.physicalId).toBe(secondCall.request.RequestId);
    // The event log shows the virtual wait.
    expect(elapsed(result, 'First', 'CREATE_IN_PROGRESS', 'CREATE_COMPLETE')).toBeGreaterThanOrEqual(300_000);
    // Scalars arrive as strings; the entrypoint hides the response URL from the handler.
    const create = userEvents('First')[0];
    expect(create).toMatchObject({ RequestType: 'Create', ResourceType: 'Custom::Thing', LogicalResourceId: 'First', StackId: result.stackId, ResponseURL: '...' });
    expect(create.ResourceProperties).toMatchObject({ Count: '3', Enabled: 'true', WaitSeconds: '300', ServiceToken: expect.stringMatching(/^arn:aws:lambda:/) });
    // The response URL CloudFormation sent looks like CloudFormation's.
    const firstCall = result.customResourceCalls.find((c) => c.logicalId === 'First')!;
    expect(firstCall.request.ResponseURL).toMatch(/^https:\/\/cloudformation-custom-resource-response-useast1\.s3\.us-east-1\.amazonaws\.com\/arn%3Aaws%3Acloudformation.*X-Amz-Signature=/);
    expect(firstCall.response).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: 'first-1', RequestId: firstCall.request.RequestId });
    expect(lines.some((l) => /^TestStack \| \d\d:\d\d:\d\d \| CREATE_COMPLETE\s+\| Custom::Thing\s+\| First\/Default \(First\)$/.test(l))).toBe(true);
  });

  test("a handler outliving the function's timeout is stopped, retried twice, and fails at the ServiceTimeout", async () => {
    const asm = assembly((stack, provider) => {
      thing(stack, 'Slow', provider, { Name: 'slow-1', WaitSeconds: 600 }, Duration.minutes(5));
    }, { timeout: Duration.seconds(30) });
    const cfn = new LocalCloudFormation();

    const started = Date.now();
    const result = await deployFailing(cfn, asm);
    const realMs = Date.now() - started;

    expect(result.status).toBe('ROLLBACK_COMPLETE');
    const failed = result.events.find((e) => e.logicalId === 'Slow' && e.status === 'CREATE_FAILED')!;
    expect(failed.reason).toMatch(/^CloudFormation did not receive a response from your Custom Resource\. Please check your logs for requestId \[[0-9a-f-]+\]/);
    expect(failed.reason).toContain('Sandbox.Timedout');
    expect(elapsed(result, 'Slow', 'CREATE_IN_PROGRESS', 'CREATE_FAILED')).toBeGreaterThanOrEqual(300_000);
    expect(realMs).toBeLessThan(1_000);
    // Three attempts: at 0 s (stopped at 30 s), after Lambda's 1-minute retry delay (90 s) and its 2-minute one (240 s).
    const creates = recordedCalls().filter((c) => c.fn === 'handler' && c.event.RequestType === 'Create');
    expect(creates.map((c) => Math.round((c.now - creates[0].now) / 1000))).toEqual([0, 90, 240]);
    // No response means no physical id; CloudFormation sends the rollback's Delete with one it makes up.
    expect(userEvents('Slow').map((e) => e.RequestType)).toEqual(['Create', 'Create', 'Create', 'Delete']);
    expect(userEvents('Slow')[3].PhysicalResourceId).toMatch(/^TestStack-Slow-[A-Za-z0-9]{12}$/);
    expect(statuses(result, 'TestStack')).toEqual(['CREATE_IN_PROGRESS', 'ROLLBACK_IN_PROGRESS', 'ROLLBACK_COMPLETE']);
  });

  test("without a ServiceTimeout, CloudFormation waits its one hour, past the retries' end", async () => {
    const result = await deployFailing(new LocalCloudFormation(), assembly((stack, provider) => {
      thing(stack, 'Slow', provider, { Name: 'slow-1', WaitSeconds: 10_000, PollSeconds: 60 });
    }));

    expect(result.events.find((e) => e.status === 'CREATE_FAILED')!.reason).toMatch(/^CloudFormation did not receive a response from your Custom Resource/);
    // Three 15-minute attempts, 1 and 2 minutes apart, end after 48 minutes; CloudFormation gives up at 60.
    expect(elapsed(result, 'Slow', 'CREATE_IN_PROGRESS', 'CREATE_FAILED')).toBeGreaterThanOrEqual(3_600_000);
    expect(userEvents('Slow').map((e) => e.RequestType)).toEqual(['Create', 'Create', 'Create', 'Delete']);
  });

  test('CloudFormation stops waiting at the ServiceTimeout and rolls back while the function runs on; its late response is ignored', async () => {
    const result = await deployFailing(new LocalCloudFormation(), assembly((stack, provider) => {
      thing(stack, 'Late', provider, { Name: 'late-1', WaitSeconds: 200 }, Duration.minutes(2));
    }));

    const failed = result.events.find((e) => e.logicalId === 'Late' && e.status === 'CREATE_FAILED')!;
    expect(failed.reason).toMatch(/^CloudFormation did not receive a response from your Custom Resource.*the function was still running at the service timeout/s);
    const waited = elapsed(result, 'Late', 'CREATE_IN_PROGRESS', 'CREATE_FAILED');
    expect(waited).toBeGreaterThanOrEqual(120_000);
    expect(waited).toBeLessThan(200_000);
    const create = result.customResourceCalls.find((c) => c.logicalId === 'Late' && c.request.RequestType === 'Create')!;
    expect(create.response).toBeUndefined();
    // The function answered (once, so no retry), but its physical id never reached CloudFormation.
    expect(create.ignoredResponse).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: 'late-1' });
    expect(Number(create.ignoredResponse!.Data!.Waited)).toBeGreaterThanOrEqual(200_000);
    expect(userEvents('Late').map((e) => e.RequestType)).toEqual(['Create', 'Delete']);
    expect(userEvents('Late')[1].PhysicalResourceId).toMatch(/^TestStack-Late-[A-Za-z0-9]{12}$/);
  });

  test('a changed property sends Update with OldResourceProperties; the same physical id means no cleanup', async () => {
    const cfn = new LocalCloudFormation();
    await cfn.deploy(assembly((stack, provider) => { thing(stack, 'Res', provider, { Name: 'res-1', Echo: 'a' }); }), 'TestStack');
    resetCalls();

    const result = await cfn.deploy(assembly((stack, provider) => { thing(stack, 'Res', provider, { Name: 'res-1', Echo: 'b' }); }), 'TestStack');

    expect(result.status).toBe('UPDATE_COMPLETE');
    const [update] = userEvents('Res');
    expect(update).toMatchObject({
      RequestType: 'Update',
      PhysicalResourceId: 'res-1',
      ResourceProperties: { Name: 'res-1', Echo: 'b' },
      OldResourceProperties: { Name: 'res-1', Echo: 'a' },
    });
    expect(userEvents()).toHaveLength(1);
    expect(result.resources.Res.attributes.Echo).toBe('b');
    expect(statuses(result, 'Res')).toEqual(['UPDATE_IN_PROGRESS', 'UPDATE_COMPLETE']);
    expect(statuses(result, 'TestStack')).toEqual(['UPDATE_IN_PROGRESS', 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS', 'UPDATE_COMPLETE']);
  });

  test('deploying the same template again changes nothing', async () => {
    const cfn = new LocalCloudFormation();
    const define = (stack: Stack, provider: CustomResourceProvider) => { thing(stack, 'Res', provider, { Name: 'res-1' }); };
    await cfn.deploy(assembly(define), 'TestStack');
    resetCalls();

    const result = await cfn.deploy(assembly(define), 'TestStack');

    expect(result.status).toBe('CREATE_COMPLETE');
    expect(result.events).toEqual([]);
    expect(userEvents()).toEqual([]);
  });

  test('a new physical id is a replacement: dependants update, then the cleanup deletes the old id', async () => {
    const cfn = new LocalCloudFormation();
    const define = (name: string) => (stack: Stack, provider: CustomResourceProvider) => {
      const cert = thing(stack, 'Cert', provider, { Name: name });
      thing(stack, 'User', provider, { Name: 'user-1', Echo: cert.getAttString('Name') });
    };
    await cfn.deploy(assembly(define('cert-1')), 'TestStack');
    resetCalls();

    const result = await cfn.deploy(assembly(define('cert-2')), 'TestStack');

    expect(result.status).toBe('UPDATE_COMPLETE');
    expect(userEvents().map((e) => [e.LogicalResourceId, e.RequestType, e.PhysicalResourceId, e.ResourceProperties.Name])).toEqual([
      ['Cert', 'Update', 'cert-1', 'cert-2'],
      ['User', 'Update', 'user-1', 'user-1'],
      ['Cert', 'Delete', 'cert-1', 'cert-1'],
    ]);
    expect(userEvents('User')[0].OldResourceProperties.Echo).toBe('cert-1');
    const order = result.events.map((e) => `${e.logicalId}:${e.status}`);
    expect(order.indexOf('TestStack:UPDATE_COMPLETE_CLEANUP_IN_PROGRESS')).toBeGreaterThan(order.indexOf('User:UPDATE_COMPLETE'));
    expect(order.indexOf('Cert:DELETE_COMPLETE')).toBeGreaterThan(order.indexOf('TestStack:UPDATE_COMPLETE_CLEANUP_IN_PROGRESS'));
    expect(result.events.find((e) => e.logicalId === 'Cert' && e.status === 'DELETE_COMPLETE')!.physicalId).toBe('cert-1');
    expect(result.resources.Cert.physicalId).toBe('cert-2');
  });

  test('a removed resource is deleted in the cleanup phase', async () => {
    const cfn = new LocalCloudFormation();
    await cfn.deploy(assembly((stack, provider) => {
      thing(stack, 'Keep', provider, { Name: 'keep-1' });
      thing(stack, 'Drop', provider, { Name: 'drop-1' });
    }), 'TestStack');
    resetCalls();

    const result = await cfn.deploy(assembly((stack, provider) => { thing(stack, 'Keep', provider, { Name: 'keep-1' }); }), 'TestStack');

    expect(userEvents().map((e) => [e.LogicalResourceId, e.RequestType, e.PhysicalResourceId])).toEqual([['Drop', 'Delete', 'drop-1']]);
    expect(Object.keys(result.resources)).not.toContain('Drop');
  });

  test('a failed create rolls back in reverse order; the entrypoint acknowledges the Delete of its CREATE_FAILED marker itself', async () => {
    const cfn = new LocalCloudFormation();
    const result = await deployFailing(cfn, assembly((stack, provider) => {
      const a = thing(stack, 'A', provider, { Name: 'a-1' });
      const b = thing(stack, 'B', provider, { Name: 'b-1', Echo: a.getAttString('Name') });
      thing(stack, 'C', provider, { FailOn: 'Create', Echo: b.getAttString('Name') });
    }));

    expect(result.status).toBe('ROLLBACK_COMPLETE');
    expect(result.statusReason).toMatch(/^C failed to create: Received response status \[FAILED\].*the handler was told to fail Create/s);
    // The entrypoint answered the failed Create with its marker physical id...
    const createOfC = result.customResourceCalls.find((c) => c.logicalId === 'C' && c.request.RequestType === 'Create')!;
    expect(createOfC.response).toMatchObject({ Status: 'FAILED', PhysicalResourceId: CREATE_FAILED_MARKER });
    // ...so the rollback's Delete carries it, and the entrypoint answers SUCCESS without calling the handler.
    const deleteOfC = result.customResourceCalls.find((c) => c.logicalId === 'C' && c.request.RequestType === 'Delete')!;
    expect(deleteOfC.request.PhysicalResourceId).toBe(CREATE_FAILED_MARKER);
    expect(deleteOfC.response!.Status).toBe('SUCCESS');
    expect(userEvents('C').map((e) => e.RequestType)).toEqual(['Create']);
    expect(userEvents().filter((e) => e.RequestType === 'Delete').map((e) => [e.LogicalResourceId, e.PhysicalResourceId])).toEqual([['B', 'b-1'], ['A', 'a-1']]);
    const rollback = result.events.filter((e) => ['A', 'B', 'C', 'TestStack'].includes(e.logicalId)).map((e) => `${e.logicalId}:${e.status}`);
    expect(rollback.slice(rollback.indexOf('TestStack:ROLLBACK_IN_PROGRESS'))).toEqual([
      'TestStack:ROLLBACK_IN_PROGRESS',
      'C:DELETE_IN_PROGRESS', 'C:DELETE_COMPLETE',
      'B:DELETE_IN_PROGRESS', 'B:DELETE_COMPLETE',
      'A:DELETE_IN_PROGRESS', 'A:DELETE_COMPLETE',
      'TestStack:ROLLBACK_COMPLETE',
    ]);
    expect(cfn.stack('TestStack')!.resources).toEqual({});
  });

  test('a create that fails after waiting fails at that virtual time; a later deploy starts afresh', async () => {
    const cfn = new LocalCloudFormation();
    const result = await deployFailing(cfn, assembly((stack, provider) => {
      thing(stack, 'A', provider, { Name: 'a-1', WaitSeconds: 120, FailOn: 'Create' });
    }));
    expect(elapsed(result, 'A', 'CREATE_IN_PROGRESS', 'CREATE_FAILED')).toBeGreaterThanOrEqual(120_000);
    expect(result.events.find((e) => e.status === 'CREATE_FAILED')!.reason).toContain('the handler was told to fail Create');
    // A FAILED response is an answer: Lambda does not retry, and the marker's Delete never reaches the handler.
    expect(userEvents('A').map((e) => e.RequestType)).toEqual(['Create']);

    const second = await cfn.deploy(assembly((stack, provider) => { thing(stack, 'A', provider, { Name: 'a-1' }); }), 'TestStack');

    expect(second.status).toBe('CREATE_COMPLETE');
    expect(second.stackId).not.toBe(result.stackId);
  });

  test('a failed update rolls back: Updates back with the old properties, new resources and replacements deleted', async () => {
    const cfn = new LocalCloudFormation();
    await cfn.deploy(assembly((stack, provider) => {
      const a = thing(stack, 'A', provider, { Name: 'a-1', Echo: 'x' });
      thing(stack, 'B', provider, { Name: 'b-1', Echo: a.getAttString('Name') });
    }), 'TestStack');
    resetCalls();

    const result = await deployFailing(cfn, assembly((stack, provider) => {
      const a = thing(stack, 'A', provider, { Name: 'a-2', Echo: 'y' });
      thing(stack, 'C', provider, { Name: 'c-1' });
      thing(stack, 'B', provider, { Name: 'b-1', Echo: a.getAttString('Name'), FailOn: 'Update' });
    }));

    expect(result.status).toBe('UPDATE_ROLLBACK_COMPLETE');
    const summary = userEvents().map((e) => [
      e.LogicalResourceId, e.RequestType, e.PhysicalResourceId, e.ResourceProperties.Name, e.ResourceProperties.Echo,
    ]);
    expect(summary).toEqual([
      // forward
      ['A', 'Update', 'a-1', 'a-2', 'y'],
      ['C', 'Create', undefined, 'c-1', undefined],
      ['B', 'Update', 'b-1', 'b-1', 'a-2'],
      // rollback: Updates back, in dependency order
      ['A', 'Update', 'a-2', 'a-1', 'x'],
      ['B', 'Update', 'b-1', 'b-1', 'a-1'],
      // rollback cleanup: what the update created, then what it abandoned
      ['C', 'Delete', 'c-1', 'c-1', undefined],
      ['A', 'Delete', 'a-2', 'a-2', 'y'],
    ]);
    const backOfB = userEvents('B')[1];
    expect(backOfB.OldResourceProperties).toMatchObject({ Echo: 'a-2', FailOn: 'Update' });
    expect(backOfB.ResourceProperties.FailOn).toBeUndefined();
    expect(statuses(result, 'TestStack')).toEqual([
      'UPDATE_IN_PROGRESS', 'UPDATE_ROLLBACK_IN_PROGRESS', 'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS', 'UPDATE_ROLLBACK_COMPLETE',
    ]);
    const stack = cfn.stack('TestStack')!;
    expect(Object.keys(stack.resources)).not.toContain('C');
    expect(stack.resources.A.physicalId).toBe('a-1');
    expect(stack.resources.B.properties.Echo).toBe('a-1');

    // The stack can be updated again after the rollback.
    resetCalls();
    const again = await cfn.deploy(assembly((stack2, provider) => {
      const a = thing(stack2, 'A', provider, { Name: 'a-1', Echo: 'z' });
      thing(stack2, 'B', provider, { Name: 'b-1', Echo: a.getAttString('Name') });
    }), 'TestStack');
    expect(again.status).toBe('UPDATE_COMPLETE');
  });

  test('destroy deletes in reverse order and honours DeletionPolicy Retain', async () => {
    const cfn = new LocalCloudFormation();
    await cfn.deploy(assembly((stack, provider) => {
      const kept = thing(stack, 'Kept', provider, { Name: 'kept-1' });
      kept.applyRemovalPolicy(RemovalPolicy.RETAIN);
      thing(stack, 'Gone', provider, { Name: 'gone-1', Echo: kept.getAttString('Name') });
    }), 'TestStack');
    resetCalls();

    const result = await cfn.destroy('TestStack');

    expect(result.status).toBe('DELETE_COMPLETE');
    expect(userEvents().map((e) => [e.LogicalResourceId, e.RequestType, e.PhysicalResourceId])).toEqual([['Gone', 'Delete', 'gone-1']]);
    expect(statuses(result, 'Kept')).toEqual(['DELETE_SKIPPED']);
    expect(cfn.stack('TestStack')).toBeUndefined();
    expect((await cfn.destroy('TestStack')).status).toBe('DELETE_COMPLETE');
  });

  test('a failed delete leaves the stack DELETE_FAILED and keeps what the failed resource depends on', async () => {
    const cfn = new LocalCloudFormation();
    await cfn.deploy(assembly((stack, provider) => {
      const base = thing(stack, 'Base', provider, { Name: 'base-1' });
      thing(stack, 'Stuck', provider, { Name: 'stuck-1', FailOn: 'Delete', Echo: base.getAttString('Name') });
    }), 'TestStack');

    const error = await cfn.destroy('TestStack').catch((e: StackOperationError) => e);

    expect(error).toBeInstanceOf(StackOperationError);
    expect((error as StackOperationError).result.status).toBe('DELETE_FAILED');
    expect(Object.keys(cfn.stack('TestStack')!.resources).sort()).toEqual(expect.arrayContaining(['Base', 'Stuck']));
  });

  test('a response over 4096 bytes fails the resource like CloudFormation', async () => {
    const result = await deployFailing(new LocalCloudFormation(), assembly((stack, provider) => {
      thing(stack, 'Big', provider, { Name: 'big-1', DataSize: 5000 });
    }));
    expect(result.events.find((e) => e.status === 'CREATE_FAILED')!.reason).toMatch(/^Response object is too long\./);
  });
});
