import * as FakeTimers from '@sinonjs/fake-timers';
import { CfnResource, Stack } from 'aws-cdk-lib';
import { cleanUpTempDirs, providerApp, recordedCalls, resetCalls, testApp, thing } from './fixtures';
import { LocalCloudFormation } from '../../test-support/driver';

afterAll(cleanUpTempDirs);
beforeEach(resetCalls);

describe('cloud assemblies and templates', () => {
  test("a caller's fake clock is the one advanced", async () => {
    const clock = FakeTimers.install({ toFake: ['Date'], now: new Date('2030-01-01T00:00:00Z') });
    try {
      const { app, stack, provider } = providerApp();
      thing(stack, 'Waits', provider, { Name: 'w-1', WaitSeconds: 600 });

      const result = await new LocalCloudFormation({ clock }).deploy(app.synth(), 'TestStack');

      expect(result.status).toBe('CREATE_COMPLETE');
      expect(Date.now()).toBeGreaterThanOrEqual(new Date('2030-01-01T00:10:00Z').getTime());
      expect(recordedCalls().map((c) => [c.fn, c.now])).toEqual([['handler', new Date('2030-01-01T00:00:00Z').getTime()], ['done', new Date('2030-01-01T00:10:00Z').getTime()]]);
      expect(result.resources.Waits.attributes.Polls).toBe('60');
    } finally {
      clock.uninstall();
    }
  });

  test('an unknown stack, and a template CloudFormation would refuse, are rejected before anything happens', async () => {
    const app = testApp();
    const stack = new Stack(app, 'Bad');
    new CfnResource(stack, 'Broken', { type: 'AWS::SNS::Topic', properties: { TopicName: { Ref: 'DoesNotExist' } } });
    const asm = app.synth();
    const cfn = new LocalCloudFormation();

    await expect(cfn.deploy(asm, 'Nope')).rejects.toThrow(/Stack Nope is not in the cloud assembly .* \(stacks: Bad\)/);
    await expect(cfn.deploy(asm, 'Bad')).rejects.toThrow('Unresolved resource dependencies [DoesNotExist]');
    expect(cfn.stack('Bad')).toBeUndefined();
  });
});
