import * as FakeTimers from '@sinonjs/fake-timers';
import { CfnCondition, CfnMapping, CfnOutput, CfnParameter, CfnResource, Fn, Stack, Stage } from 'aws-cdk-lib';
import { cleanUpTempDirs, providerApp, recordedCalls, resetCalls, testApp, thing } from './fixtures';
import { LocalCloudFormation } from '../../test-support/driver';

afterAll(cleanUpTempDirs);
beforeEach(resetCalls);

describe('cloud assemblies and templates', () => {
  test('a stack in a stage, found by its display path in a cdk.out directory, with parameters, conditions and mappings', async () => {
    const app = testApp();
    const stage = new Stage(app, 'Prod', { env: { account: '444455556666', region: 'ap-southeast-2' } });
    const stack = new Stack(stage, 'Web');
    const size = new CfnParameter(stack, 'Size', { type: 'String', default: 'small', allowedValues: ['small', 'large'] });
    const isLarge = new CfnCondition(stack, 'IsLarge', { expression: Fn.conditionEquals(size.valueAsString, 'large') });
    const memory = new CfnMapping(stack, 'MemoryMap', { mapping: { small: { mb: '128' }, large: { mb: '1024' } } });
    const onlyLarge = new CfnResource(stack, 'OnlyLarge', { type: 'AWS::SNS::Topic' });
    onlyLarge.cfnOptions.condition = isLarge;
    new CfnOutput(stack, 'Memory', { value: memory.findInMap(size.valueAsString, 'mb') });
    new CfnOutput(stack, 'Where', { value: Fn.join('/', [Stack.of(stack).region, Stack.of(stack).account, Fn.select(1, Fn.getAzs())]) });
    new CfnOutput(stack, 'Large', { value: Fn.conditionIf(isLarge.logicalId, 'yes', 'no').toString() });
    const dir = app.synth().directory;
    const cfn = new LocalCloudFormation();

    const small = await cfn.deploy(dir, 'Prod/Web');

    expect(small.stackName).toBe('Prod-Web');
    expect(small.outputs).toEqual({ Memory: '128', Where: 'ap-southeast-2/444455556666/ap-southeast-2b', Large: 'no' });
    expect(Object.values(small.resources).map((r) => r.type)).not.toContain('AWS::SNS::Topic');

    const large = await cfn.deploy(dir, 'Prod-Web', { parameters: { Size: 'large' } });

    expect(large.status).toBe('UPDATE_COMPLETE');
    expect(large.outputs).toMatchObject({ Memory: '1024', Large: 'yes' });
    expect(large.resources.OnlyLarge.physicalId).toMatch(/^arn:aws:sns:ap-southeast-2:444455556666:Prod-Web-OnlyLarge-/);
  });

  test('Fn::ImportValue reads the exports of another deployed stack, which then cannot be deleted', async () => {
    const { app, stack, provider } = providerApp();
    const source = thing(stack, 'Source', provider, { Name: 'shared-1' });
    new CfnOutput(stack, 'Shared', { value: source.getAttString('Name'), exportName: 'SharedName' });
    const consumer = new Stack(app, 'Consumer');
    new CfnOutput(consumer, 'Imported', { value: Fn.importValue('SharedName') });
    const asm = app.synth();
    const cfn = new LocalCloudFormation();

    await cfn.deploy(asm, 'TestStack');
    const result = await cfn.deploy(asm, 'Consumer');

    expect(result.outputs.Imported).toBe('shared-1');
    await expect(cfn.destroy('TestStack')).rejects.toThrow('Export SharedName cannot be deleted as it is in use by Consumer');
    await cfn.destroy('Consumer');
    await cfn.destroy('TestStack');
    expect(cfn.stackNames).toEqual([]);
  });

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
