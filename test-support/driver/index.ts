/**
 * CloudFormation's API: `LocalCloudFormation` deploys, updates and destroys the stacks of a synthesized
 * CDK cloud assembly offline, one operation at a time, each on virtual time. Custom resources run their
 * real function code in-process (aws-cdk-lib's provider entrypoint included) with credentials of their
 * role, which `checkAccess` evaluates against the role's policy as the stacks have it at that moment.
 *
 * ```ts
 * const cfn = new LocalCloudFormation({ hooks, log: console.log });
 * const result = await cfn.deploy(app.synth(), 'MyStack'); // rejects with StackOperationError on failure
 * result.outputs.CertificateName;
 * await cfn.destroy('MyStack');
 * ```
 */
import { isDeepStrictEqual } from 'util';
import type { StackResourceDetail } from './cloudformation-api';
import { CustomResourceRunner } from './custom-resources';
import { AccessRequest, RoleSessions } from './iam';
import { LambdaFunction, LambdaRuntime } from './lambda';
import { validateResourceTypes } from './resource-regions';
import { ResourceHooks, resourceHandlers, ResourceTypeHandler } from './resources';
import { dueRules, ScheduledInvocation } from './schedules';
import {
  createStack, deleteStack, DeployTarget, FailWhileInProgress, LoseResponse, Operation, StackResult, StackState, StackStatus, updateStack,
} from './stack-operations';
import { AssemblySource, newPseudoParameters, readAssemblyStack, validateReferences } from './template';
import { TickableClock, VirtualScheduler, withVirtualTime } from './virtual-clock';

export type { AccessCheck, AccessRequest, ExternalRole, TrustStatement } from './iam';
export { answerSts } from './sts';
export { answerCloudFormation } from './cloudformation-api';
export type { StackResourceDetail } from './cloudformation-api';
export type { CertificateAttachment, ResourceHooks } from './resources';
export type { CustomResourceCall, FailWhileInProgress, LoseResponse, StackEvent, StackResult, StackStatus } from './stack-operations';
export type { AssemblySource } from './template';
export type { ScheduledInvocation } from './schedules';

const DAY_MS = 24 * 3600 * 1000;

/** Options of a {@link LocalCloudFormation}. */
export interface LocalCloudFormationOptions {
  /** The account of environment-agnostic stacks. @default '123456789012' */
  readonly account?: string;
  /** What Route 53 zones and Lightsail distributions do outside the driver. @default nothing */
  readonly hooks?: ResourceHooks;
  /** The virtual clock to move while waiting. @default a fake `Date` installed for each operation */
  readonly clock?: TickableClock;
  /** Receives one line per stack event, like `cdk deploy` prints them. @default nothing is printed */
  readonly log?: (line: string) => void;
  /** Receives what functions print (their CloudWatch Logs), one line per call, the level first. @default dropped */
  readonly functionLog?: (functionName: string, line: string) => void;
  /**
   * Plays CloudFormation's parallelism where it shows: another resource fails `afterMs` after the Create
   * of the custom resource `logicalId` was sent (in any stack, each time it is created). CloudFormation
   * then cancels every Create still in progress — that one, if it has not answered — marking it
   * `CREATE_FAILED` "Resource creation cancelled", and rolls back, sending it a Delete with a physical id
   * it makes up. The cancelled invocation runs on meanwhile in its own execution environment; its answer
   * is ignored. If the resource answered before, the stack rolls back when the time comes.
   * @default nothing else fails
   */
  readonly failWhileInProgress?: FailWhileInProgress;
  /**
   * The answer to the first Create of the custom resource `logicalId` is lost: S3 refuses its PUTs (the
   * first `failedPuts`), so aws-cdk-lib's entrypoint, its retries spent, answers FAILED with its marker
   * id, and skips the rollback's Delete that follows. Once per driver. @default every answer arrives
   */
  readonly loseResponse?: LoseResponse;
}

/** A deploy or destroy that did not end well; `result` tells what happened. */
export class StackOperationError extends Error {
  constructor(readonly result: StackResult) {
    super(`Stack ${result.stackName} ended ${result.status}: ${result.statusReason ?? 'no reason given'}`);
    this.name = 'StackOperationError';
  }
}

/** Statuses from which CloudFormation refuses an update. */
const NOT_UPDATABLE: readonly StackStatus[] = ['ROLLBACK_FAILED', 'UPDATE_ROLLBACK_FAILED', 'DELETE_FAILED', 'CREATE_FAILED'];

/** A local stand-in for CloudFormation. */
export class LocalCloudFormation {
  private readonly stacks = new Map<string, StackState>();
  /** Deleted stacks, by stack id. */
  private readonly deleted = new Map<string, StackState>();
  private readonly runtime: LambdaRuntime;
  private readonly handlerFor: (type: string) => ResourceTypeHandler;
  private readonly sessions = new RoleSessions(() => this.allResources());
  private queue: Promise<unknown> = Promise.resolve();
  private loseResponse?: LoseResponse;

  constructor(private readonly options: LocalCloudFormationOptions = {}) {
    this.runtime = new LambdaRuntime(options.functionLog, (fn) => (fn.role ? this.sessions.credentials(fn.role, fn.functionName) : {}));
    this.handlerFor = resourceHandlers(options.hooks ?? {});
    this.loseResponse = options.loseResponse;
  }

  /**
   * Creates the stack, or updates it when it exists (one left `ROLLBACK_COMPLETE` by a failed creation is
   * replaced, as the CDK CLI does). A template CloudFormation would refuse outright throws before anything
   * happens.
   *
   * @param assembly the synthesized cloud assembly (`app.synth()`, or a `cdk.out` directory)
   * @param stackName its stack name or artifact id
   * @returns the stack after `CREATE_COMPLETE` or `UPDATE_COMPLETE` (unchanged, with no events, when the template is the same)
   * @throws StackOperationError when the operation failed; its `result` has the status, events and calls
   */
  async deploy(assembly: AssemblySource, stackName: string): Promise<StackResult> {
    const stack = readAssemblyStack(assembly, stackName);
    validateReferences(stack.template);
    const region = stack.region ?? 'us-east-1';
    validateResourceTypes(stack.template, region);
    // Parameters take their defaults (aws-cdk-lib's BootstrapVersion is only read by a Rule, which is not evaluated).
    const parameters = Object.fromEntries(Object.entries(stack.template.Parameters ?? {}).map(([name, p]) => [name, p.Default]));
    const target: DeployTarget = { template: stack.template, parameters, assets: stack.assets };
    return this.enqueue(async (clock) => {
      let state = this.stacks.get(stack.stackName);
      if (state?.status === 'ROLLBACK_COMPLETE') {
        // The CDK CLI deletes the stack (its resources are gone already), then creates it anew.
        this.options.log?.(`${stack.stackName} | stack is in ROLLBACK_COMPLETE: it is replaced by a new stack`);
        this.retire(state);
        state = undefined;
      }
      if (!state) {
        state = {
          ...target,
          pseudo: newPseudoParameters(stack.stackName, region, stack.account ?? this.options.account ?? '123456789012'),
          status: 'CREATE_IN_PROGRESS',
          resources: new Map(),
          resourceStatuses: new Map(),
          outputs: {},
        };
        this.stacks.set(stack.stackName, state);
        const op = this.operation(state, clock);
        await createStack(op, target);
        return this.finish(op, 'CREATE_COMPLETE');
      }
      if (NOT_UPDATABLE.includes(state.status)) throw new Error(`Stack:${state.pseudo.stackId} is in ${state.status} state and can not be updated.`);
      if (isDeepStrictEqual(state.template, target.template)) {
        this.options.log?.(`${stack.stackName} | no changes`);
        return this.result(state, [], []);
      }
      const op = this.operation(state, clock);
      await updateStack(op, target);
      return this.finish(op, 'UPDATE_COMPLETE');
    });
  }

  /**
   * Deletes the stack (one that does not exist: success, as in CloudFormation).
   *
   * @throws StackOperationError when a resource fails to delete (the stack ends `DELETE_FAILED`)
   */
  async destroy(stackName: string): Promise<StackResult> {
    return this.enqueue(async (clock) => {
      const state = this.stacks.get(stackName);
      if (!state) return { stackName, stackId: '', status: 'DELETE_COMPLETE', outputs: {}, resources: {}, events: [], customResourceCalls: [] };
      const op = this.operation(state, clock);
      await deleteStack(op);
      if (state.status === 'DELETE_COMPLETE') this.retire(state);
      return this.finish(op, 'DELETE_COMPLETE');
    });
  }

  /** The stack as it is now (no events, no calls), or `undefined` when there is none. */
  stack(stackName: string): StackResult | undefined {
    const state = this.stacks.get(stackName);
    return state ? this.result(state, [], []) : undefined;
  }

  /**
   * IAM's check of a call made with a function's credentials (its `AWS_ACCESS_KEY_ID`), against its role's
   * policies as the stacks have them now (so a Delete in an update's cleanup runs under the updated
   * policy, as in CloudFormation). For the stand-ins of AWS APIs: the emulator's `accessCheck`.
   *
   * @returns the message of AWS's `AccessDenied` when the policies refuse the call; `undefined` when they
   *   allow it, or when the key is not a function's (the caller's own calls are not checked)
   */
  checkAccess(request: AccessRequest): string | undefined {
    return this.sessions.check(request);
  }

  /** IAM and STS as the driver plays them: sessions, `AssumeRole`, roles of other accounts ({@link RoleSessions.putRole}). */
  get iam(): RoleSessions {
    return this.sessions;
  }

  /**
   * `DescribeStackResource`: a resource of a live stack (by name or id) or of a deleted one (by id: a
   * deleted stack answers by its unique id only), with its latest status.
   *
   * @returns CloudFormation's `ValidationError` message when there is no such stack or resource
   */
  describeStackResource(stack: string, logicalId: string): StackResourceDetail | string {
    const state = stack.startsWith('arn:')
      ? [...this.stacks.values()].find((s) => s.pseudo.stackId === stack) ?? this.deleted.get(stack)
      : this.stacks.get(stack);
    if (!state) return `Stack '${stack}' does not exist`;
    const resource = state.resourceStatuses.get(logicalId);
    if (!resource) return `Resource ${logicalId} does not exist for stack ${state.pseudo.stackName}`;
    return {
      StackId: state.pseudo.stackId,
      StackName: state.pseudo.stackName,
      LogicalResourceId: logicalId,
      PhysicalResourceId: resource.physicalId,
      ResourceType: resource.type,
      ResourceStatus: resource.status,
      LastUpdatedTimestamp: resource.at,
    };
  }

  /**
   * Lets `days` days pass, one at a time: at the end of each, EventBridge invokes the targets of every
   * enabled daily rule of the deployed stacks (see `schedules.ts`), one after the other, each to its end.
   *
   * @returns every invocation, in order
   */
  async passDays(days: number): Promise<ScheduledInvocation[]> {
    return this.enqueue(async (clock) => {
      const invocations: ScheduledInvocation[] = [];
      for (let day = 0; day < days; day++) {
        clock.tick(DAY_MS);
        for (const due of dueRules(this.allResources(), (arn) => this.functionByArn(arn))) {
          const at = Date.now();
          if (due.refused !== undefined || !due.target) {
            invocations.push({ rule: due.rule, functionName: due.targetArn, at, outcome: due.refused ?? 'refused' });
            continue;
          }
          const scheduler = new VirtualScheduler(clock);
          const result = await scheduler.idle(this.runtime.invoke(due.target, due.event, scheduler));
          invocations.push({
            rule: due.rule,
            functionName: due.target.functionName,
            at,
            outcome: result.ok ? 'ok' : `${result.error.errorType}: ${result.error.errorMessage}`,
            payload: result.ok ? result.payload : undefined,
          });
        }
      }
      return invocations;
    });
  }

  /** A stack gone (`DELETE_COMPLETE`): only its id finds it now. */
  private retire(state: StackState): void {
    state.status = 'DELETE_COMPLETE';
    this.stacks.delete(state.pseudo.stackName);
    this.deleted.set(state.pseudo.stackId, state);
  }

  private allResources() {
    return [...this.stacks.values()].flatMap((s) => [...s.resources.values()]);
  }

  /** Runs operations one after the other, each on virtual time. */
  private enqueue<T>(fn: (clock: TickableClock) => Promise<T>): Promise<T> {
    const run = this.queue.then(() => withVirtualTime(this.options.clock, fn));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** A function of any stack, by ARN (`arn:aws:lambda:<region>:<account>:function:<name>[:<qualifier>]`) or name. */
  private functionByArn(arn: string): LambdaFunction | undefined {
    return this.allResources()
      .map((r) => r.function).find((fn) => fn !== undefined && (fn.arn === arn.split(':').slice(0, 7).join(':') || fn.functionName === arn));
  }

  private operation(state: StackState, clock: TickableClock): Operation {
    const runner = new CustomResourceRunner(this.runtime, (arn) => this.functionByArn(arn), clock);
    const log = this.options.log ?? (() => undefined);
    const operation = new Operation(state, this.handlerFor, runner, log, this.options.failWhileInProgress, this.loseResponse);
    // Once per driver: the next operations' answers arrive.
    this.loseResponse = undefined;
    return operation;
  }

  /** Lets the invocations CloudFormation stopped waiting for finish (so the caller sees what they did), then reports. */
  private async finish(op: Operation, success: StackStatus): Promise<StackResult> {
    await op.settle();
    const result = this.result(op.state, op.events, op.calls);
    if (op.state.status !== success) throw new StackOperationError(result);
    return result;
  }

  private result(state: StackState, events: StackResult['events'], calls: StackResult['customResourceCalls']): StackResult {
    const resources = Object.fromEntries([...state.resources.values()]
      .map((r) => [r.logicalId, { type: r.type, physicalId: r.physicalId, properties: r.properties, attributes: r.attributes }]));
    return {
      stackName: state.pseudo.stackName,
      stackId: state.pseudo.stackId,
      status: state.status,
      statusReason: state.statusReason,
      outputs: { ...state.outputs },
      resources,
      events: [...events],
      customResourceCalls: [...calls],
    };
  }
}
