import { isDeepStrictEqual } from 'util';
import { AssemblySource, readAssemblyStack } from './cloud-assembly';
import { CustomResourceRunner, FunctionDirectory } from './custom-resource-runner';
import { validateReferences } from './dependency-graph';
import { StackOperationError } from './errors';
import { AccessRequest, RoleSessions } from './iam';
import { IntrinsicError } from './intrinsics';
import { LambdaFunction, LambdaRuntime } from './lambda-runtime';
import { Operation } from './operation';
import { DeployOptions, LocalCloudFormationOptions } from './options';
import { parameterValues } from './parameters';
import { newPseudoParameters } from './pseudo-parameters';
import { deployedFunction } from './resource-types/lambda-function';
import { ResourceRegistry } from './resource-types/registry';
import { Route53Zones } from './resource-types/route53-zones';
import { createStack } from './stack-create';
import { deleteStack } from './stack-delete';
import { DeployTarget, stackResult, StackState } from './stack-state';
import { StackResult, StackStatus } from './stack-types';
import { updateStack } from './stack-update';
import { Template } from './template';
import { TickableClock, withVirtualTime } from './virtual-clock';

/** Statuses from which a stack cannot be updated (CloudFormation refuses; the CDK CLI gives up). */
const NOT_UPDATABLE: readonly StackStatus[] = ['ROLLBACK_FAILED', 'UPDATE_ROLLBACK_FAILED', 'DELETE_FAILED', 'CREATE_FAILED'];

/**
 * A local stand-in for CloudFormation that deploys synthesized CDK stacks by running their custom
 * resources' real handler code in-process and playing native resources through pluggable handlers.
 *
 * ```ts
 * const cfn = new LocalCloudFormation({ dnsSink: emulator.dns, hooks: emulator.hooks });
 * const result = await cfn.deploy(app.synth(), 'MyStack');   // rejects with StackOperationError on failure
 * result.outputs.CertificateName;
 * await cfn.destroy('MyStack');
 * ```
 *
 * Operations run one at a time, each on virtual time (see {@link LocalCloudFormationOptions.clock}).
 * Lambda functions run with the caller's endpoint variables (for example `AWS_ENDPOINT_URL_LIGHTSAIL`
 * pointing at an emulator), the function's own environment, and credentials that name its role: a
 * stand-in for an AWS API checks each call made with them against the role's policies with
 * {@link checkAccess}.
 */
export class LocalCloudFormation {
  private readonly stacks = new Map<string, StackState>();
  private readonly runtime: LambdaRuntime;
  private readonly registry: ResourceRegistry;
  private readonly sessions = new RoleSessions(() => [...this.stacks.values()].flatMap((s) => [...s.resources.values()]));
  private queue: Promise<unknown> = Promise.resolve();

  /**
   * @param options where DNS records and certificate attachments go, the clock, the log
   */
  constructor(private readonly options: LocalCloudFormationOptions = {}) {
    this.runtime = new LambdaRuntime(options.functionLog, (fn) => (fn.role ? this.sessions.credentials(fn.role, fn.functionName) : {}));
    const zones = new Route53Zones(options.dnsSink, options.hostedZones);
    this.registry = new ResourceRegistry(zones, options.hooks ?? {}, options.resourceHandlers);
  }

  /**
   * Creates the stack, or updates it when it exists (a stack left `ROLLBACK_COMPLETE` by a failed
   * creation is replaced, as the CDK CLI does).
   *
   * @param assembly the synthesized cloud assembly (a `cdk.out` directory, or `app.synth()`)
   * @param stackName the stack's name, artifact id or display path
   * @returns the stack after a successful `CREATE_COMPLETE` or `UPDATE_COMPLETE` (or unchanged, when the
   *   template and parameters are the same as deployed: then `events` is empty)
   * @throws StackOperationError when the operation failed (the stack rolled back); its `result` has the
   *   status, events and calls. A template CloudFormation would refuse outright throws before anything
   *   happens.
   */
  async deploy(assembly: AssemblySource, stackName: string, options: DeployOptions = {}): Promise<StackResult> {
    const stack = readAssemblyStack(assembly, stackName);
    validateReferences(stack.template);
    const parameters = parameterValues(stack.template.Parameters ?? {}, options.parameters ?? {}, this.options.ssmParameters ?? {});
    const target: DeployTarget = { template: stack.template, parameters, assets: stack.assets };
    const region = stack.region ?? this.options.region ?? 'us-east-1';
    const account = stack.account ?? this.options.account ?? '123456789012';
    return this.enqueue(async (clock) => {
      let state = this.stacks.get(stack.stackName);
      if (state?.status === 'ROLLBACK_COMPLETE') {
        this.options.log?.(`${stack.stackName} | stack is in ROLLBACK_COMPLETE: it is replaced by a new stack`);
        this.stacks.delete(stack.stackName);
        state = undefined;
      }
      if (!state) {
        state = {
          pseudo: newPseudoParameters(stack.stackName, region, account),
          status: 'CREATE_IN_PROGRESS',
          template: target.template,
          parameters: target.parameters,
          assets: target.assets,
          resources: new Map(),
          outputs: {},
          exports: {},
          imports: new Set(),
        };
        this.stacks.set(stack.stackName, state);
        const op = this.operation(state, clock);
        await createStack(op, target);
        return this.finish(op, ['CREATE_COMPLETE']);
      }
      checkUpdatable(state, target.template, region);
      if (isDeepStrictEqual(state.template, target.template) && isDeepStrictEqual(state.parameters, target.parameters)) {
        this.options.log?.(`${stack.stackName} | no changes`);
        return stackResult(state, [], []);
      }
      const op = this.operation(state, clock);
      await updateStack(op, target);
      return this.finish(op, ['UPDATE_COMPLETE']);
    });
  }

  /**
   * Deletes the stack. Deleting a stack that does not exist succeeds, as in CloudFormation.
   *
   * @throws StackOperationError when a resource fails to delete (the stack ends `DELETE_FAILED`)
   */
  async destroy(stackName: string): Promise<StackResult> {
    return this.enqueue(async (clock) => {
      const state = this.stacks.get(stackName);
      if (!state) {
        return { stackName, stackId: '', status: 'DELETE_COMPLETE', outputs: {}, resources: {}, events: [], customResourceCalls: [] };
      }
      for (const name of Object.keys(state.exports)) {
        const importer = [...this.stacks.values()].find((s) => s !== state && s.imports.has(name));
        if (importer) throw new Error(`Export ${name} cannot be deleted as it is in use by ${importer.pseudo.stackName}`);
      }
      const op = this.operation(state, clock);
      await deleteStack(op);
      if (state.status === 'DELETE_COMPLETE') this.stacks.delete(stackName);
      return this.finish(op, ['DELETE_COMPLETE']);
    });
  }

  /**
   * The stack as it is now (`events` and `customResourceCalls` empty), or `undefined` when there is no
   * such stack (never deployed, or deleted).
   */
  stack(stackName: string): StackResult | undefined {
    const state = this.stacks.get(stackName);
    return state ? stackResult(state, [], []) : undefined;
  }

  /** The names of the stacks that exist. */
  get stackNames(): string[] {
    return [...this.stacks.keys()];
  }

  /**
   * IAM's check of a call made with a function's credentials (its `AWS_ACCESS_KEY_ID`), against its
   * role's policies as the stacks have them at this moment (so a Delete in an update's cleanup runs
   * under the updated policy, as in CloudFormation). For stand-ins of AWS APIs, e.g. the Lightsail
   * emulator's `accessCheck`. What is evaluated: see `evaluatePolicy` in `iam.ts`.
   *
   * @returns the message of the `AccessDenied` error AWS answers when the policies refuse the call;
   *   `undefined` when they allow it, or when the key is not a function's (the caller's own calls are
   *   not checked)
   */
  checkAccess(request: AccessRequest): string | undefined {
    return this.sessions.check(request);
  }

  /** Runs operations one after the other, each on virtual time. */
  private enqueue<T>(fn: (clock: TickableClock) => Promise<T>): Promise<T> {
    const run = this.queue.then(() => withVirtualTime(this.options.clock, fn));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private operation(state: StackState, clock: TickableClock): Operation {
    const runner = new CustomResourceRunner(this.runtime, this.functionDirectory(), clock);
    return new Operation(state, {
      registry: this.registry,
      runner,
      importValue: (importer, name) => this.importValue(importer, name),
      failWhileInProgress: this.options.failWhileInProgress,
    }, this.options.log ?? (() => undefined));
  }

  /** Lets invocations CloudFormation stopped waiting for finish (so that the caller sees what they did), then reports. */
  private async finish(op: Operation, success: readonly StackStatus[]): Promise<StackResult> {
    await op.settle();
    const result = stackResult(op.state, op.events.events, op.calls);
    if (!success.includes(op.state.status)) throw new StackOperationError(result);
    return result;
  }

  private importValue(importer: StackState, name: string): unknown {
    for (const state of this.stacks.values()) {
      if (state !== importer && Object.prototype.hasOwnProperty.call(state.exports, name)) {
        importer.imports.add(name);
        return state.exports[name];
      }
    }
    throw new IntrinsicError(`No export named ${name} found.`);
  }

  /** Finds deployed functions in every stack (a `ServiceToken` may point anywhere). */
  private functionDirectory(): FunctionDirectory {
    const resources = () => [...this.stacks.values()].flatMap((s) => [...s.resources.values()]);
    return {
      functionByArn: (arn: string): LambdaFunction | undefined => {
        // `arn:aws:lambda:<region>:<account>:function:<name>[:<qualifier>]`
        const unqualified = arn.split(':').slice(0, 7).join(':');
        for (const r of resources()) {
          if (r.type !== 'AWS::Lambda::Function') continue;
          const fn = deployedFunction(r.internal);
          if (fn && (fn.arn === unqualified || fn.functionName === arn)) return fn;
        }
        return undefined;
      },
    };
  }
}

/** Refuses updates CloudFormation refuses before it starts. */
function checkUpdatable(state: StackState, template: Template, region: string): void {
  const name = state.pseudo.stackName;
  if (NOT_UPDATABLE.includes(state.status) || state.status.endsWith('_IN_PROGRESS')) {
    throw new Error(`Stack:${state.pseudo.stackId} is in ${state.status} state and can not be updated.`);
  }
  if (state.pseudo.region !== region) {
    throw new Error(`Stack ${name} exists in ${state.pseudo.region}; the assembly deploys it to ${region}`);
  }
  const changedTypes = Object.entries(template.Resources ?? {})
    .filter(([id, r]) => state.resources.has(id) && state.resources.get(id)!.type !== r.Type)
    .map(([id]) => id);
  if (changedTypes.length > 0) {
    throw new Error(`Update of resource type is not permitted. The new template modifies resource type of the following resources: [${changedTypes.join(', ')}]`);
  }
}
