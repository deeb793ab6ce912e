import { DescribeStackResourceCommand } from '@aws-sdk/client-cloudformation';
import { HandlerDeps } from './deps';
import { withRetries } from './retries';

/** Which request asks, as CloudFormation names it in the event. */
export interface RequestOrigin {
  /** `arn:<partition>:cloudformation:<region>:<account>:stack/<name>/<id>`. */
  readonly StackId: string;
  readonly LogicalResourceId: string;
  readonly RequestType: 'Create' | 'Update' | 'Delete';
}

/** What CloudFormation says of a resource: its status, or that it has none (`undefined`: no such stack or resource). */
type ResourceStatus = { readonly status?: string };

/**
 * The resource's status as CloudFormation has it now. `DescribeStackResource` takes a stack id, and
 * answers for deleted stacks too ("for up to 90 days after the stack has been deleted", its API
 * reference). A `ValidationError` is CloudFormation's answer for a stack or resource it does not have.
 *
 * @returns `undefined` when CloudFormation could not be asked (the error is logged)
 */
async function describeResource(deps: HandlerDeps, stackId: string, logicalId: string): Promise<ResourceStatus | undefined> {
  const client = deps.cloudFormation?.(regionOfStack(stackId));
  if (!client) {
    return undefined;
  }
  try {
    const answer = await withRetries(deps, () => client.send(new DescribeStackResourceCommand({ StackName: stackId, LogicalResourceId: logicalId })));
    return { status: answer.StackResourceDetail?.ResourceStatus };
  } catch (error) {
    if ((error as { name?: string }).name === 'ValidationError') {
      return {};
    }
    console.log(`CloudFormation could not say how ${logicalId} of ${stackId} stands: ${String(error)}`);
    return undefined;
  }
}

/**
 * Whether CloudFormation still waits for the answer to this request: its resource is still
 * `<RequestType>_IN_PROGRESS`. CloudFormation may cancel a Create (another resource failed) and send its
 * Delete while the Create still runs; a Delete that read the name before the certificate existed found
 * nothing. Once the Create has read its certificate back, this question settles it: if the resource is
 * still in progress here, the Delete comes after this question, so after the certificate was listed, and
 * deletes it; if not, nobody waits for the answer, and the Create must delete what it made.
 *
 * When CloudFormation cannot be asked (after retries, or a role without the right), the answer is yes:
 * failing instead would delete a certificate a deploy may be waiting for, on any CloudFormation hiccup,
 * whereas going on only keeps the rare race this question closes, and logs it.
 */
export async function isStillAwaited(deps: HandlerDeps, origin: RequestOrigin): Promise<{ readonly awaited: boolean; readonly status?: string }> {
  const answer = await describeResource(deps, origin.StackId, origin.LogicalResourceId);
  if (answer === undefined) {
    return { awaited: true };
  }
  const expected = `${origin.RequestType.toUpperCase()}_IN_PROGRESS`;
  return { awaited: answer.status === expected, status: answer.status ?? 'unknown to CloudFormation' };
}

/**
 * Whether an owner tag names this very resource in an earlier stack of the same name, account and region
 * whose resource CloudFormation has deleted (`DELETE_COMPLETE`): the certificate was left behind (a Create
 * whose SUCCESS answer was lost is answered FAILED by aws-cdk-lib's entrypoint, which then skips the
 * rollback's Delete), and that resource provably holds it no more, so this one may take it over. A stack
 * name is unique among a region's live stacks, so another stack id with this name is a stack that is gone.
 *
 * @param holder the certificate's owner tag value: `<stack id>/<logical id>`
 */
export async function isLeftByDeletedPredecessor(deps: HandlerDeps, holder: string | undefined, origin: RequestOrigin): Promise<boolean> {
  const previous = parseOwner(holder);
  const current = parseStackId(origin.StackId);
  if (!previous || !current || previous.logicalId !== origin.LogicalResourceId || previous.stack.id === origin.StackId) {
    return false;
  }
  const same = ['partition', 'region', 'account', 'name'] as const;
  if (same.some((key) => previous.stack[key] !== current[key])) {
    return false;
  }
  const answer = await describeResource(deps, previous.stack.id, previous.logicalId);
  return answer?.status === 'DELETE_COMPLETE';
}

interface StackIdParts {
  readonly id: string;
  readonly partition: string;
  readonly region: string;
  readonly account: string;
  readonly name: string;
}

const STACK_ID = /^arn:([a-z-]+):cloudformation:([a-z0-9-]+):(\d{12}):stack\/([A-Za-z][A-Za-z0-9-]*)\/([0-9a-f-]+)$/;

function parseStackId(stackId: string): StackIdParts | undefined {
  const match = STACK_ID.exec(stackId);
  return match ? { id: stackId, partition: match[1], region: match[2], account: match[3], name: match[4] } : undefined;
}

/** `<stack id>/<logical id>`; a hashed owner tag (a value too long for a tag) names nothing readable. */
function parseOwner(holder: string | undefined): { readonly stack: StackIdParts; readonly logicalId: string } | undefined {
  const slash = holder?.lastIndexOf('/') ?? -1;
  if (!holder || slash < 0) {
    return undefined;
  }
  const stack = parseStackId(holder.slice(0, slash));
  return stack ? { stack, logicalId: holder.slice(slash + 1) } : undefined;
}

/** The region of a stack id: CloudFormation is asked there. */
function regionOfStack(stackId: string): string {
  return stackId.split(':')[3] || process.env.AWS_REGION || 'us-east-1';
}
