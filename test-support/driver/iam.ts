import { createHash } from 'crypto';
import { DeployedResource } from './stack-state';

/** One statement of an identity-based policy, as the template gives it (intrinsics resolved). */
export interface PolicyStatement {
  readonly Effect?: unknown;
  readonly Action?: unknown;
  readonly NotAction?: unknown;
  readonly Resource?: unknown;
  readonly NotResource?: unknown;
  readonly Condition?: unknown;
}

/** What IAM decides for one request. */
export type PolicyDecision = 'allowed' | 'explicitly-denied' | 'implicitly-denied';

/** A call to check: who (an access key), which action (`lightsail:DeleteCertificate`), on which resource ARN (or `*`). */
export interface AccessRequest {
  readonly accessKeyId: string;
  readonly action: string;
  readonly resource: string;
}

/**
 * IAM's evaluation of identity-based policies: an explicit Deny wins, else an Allow is needed, else the
 * request is denied. A statement applies when its `Action` (or `NotAction`) and its `Resource` (or
 * `NotResource`) match; `*` matches any run of characters and `?` one, in actions without regard to case.
 * Conditions are not evaluated: an Allow with a `Condition` never applies and a Deny with one always
 * does, so that what is not modelled never grants more than AWS would.
 */
export function evaluatePolicy(statements: readonly PolicyStatement[], action: string, resource: string): PolicyDecision {
  let allowed = false;
  for (const statement of statements) {
    if (!applies(statement, action, resource)) continue;
    if (statement.Effect === 'Deny') return 'explicitly-denied';
    if (statement.Effect === 'Allow') allowed = true;
  }
  return allowed ? 'allowed' : 'implicitly-denied';
}

function applies(statement: PolicyStatement, action: string, resource: string): boolean {
  if (statement.Condition !== undefined && statement.Effect !== 'Deny') return false;
  return matches(statement.Action, statement.NotAction, action, true) && matches(statement.Resource, statement.NotResource, resource, false);
}

function matches(patterns: unknown, notPatterns: unknown, value: string, ignoreCase: boolean): boolean {
  const any = (list: unknown) => asArray(list).some((p) => typeof p === 'string' && wildcard(p, ignoreCase).test(value));
  if (patterns !== undefined) return any(patterns);
  return notPatterns !== undefined && !any(notPatterns);
}

function wildcard(pattern: string, ignoreCase: boolean): RegExp {
  const body = [...pattern].map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('');
  return new RegExp(`^${body}$`, ignoreCase ? 'is' : 's');
}

function asArray(value: unknown): unknown[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** AWS managed policies the driver knows, by the part of the ARN after `policy/`. */
const MANAGED_POLICIES: Readonly<Record<string, readonly PolicyStatement[]>> = {
  'service-role/AWSLambdaBasicExecutionRole': [
    { Effect: 'Allow', Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'], Resource: '*' },
  ],
};

/**
 * The statements in force for a role, as the stacks have them now: the role's inline `Policies`, the
 * `AWS::IAM::Policy` resources attached to it (`Roles`), and the AWS managed policies the driver knows
 * among its `ManagedPolicyArns` (others grant nothing here). A role that no longer exists grants nothing.
 */
function roleStatements(resources: Iterable<DeployedResource>, roleArn: string): PolicyStatement[] {
  const all = [...resources];
  const role = findRole(all, roleArn);
  if (!role) return [];
  const documents = [
    ...asArray(role.properties.Policies).map((p) => (p as { PolicyDocument?: unknown } | undefined)?.PolicyDocument),
    ...all.filter((r) => r.type === 'AWS::IAM::Policy' && asArray(r.properties.Roles).includes(role.physicalId)).map((r) => r.properties.PolicyDocument),
  ];
  const managed = asArray(role.properties.ManagedPolicyArns)
    .flatMap((arn) => MANAGED_POLICIES[/^arn:[^:]+:iam::aws:policy\/(.+)$/.exec(String(arn))?.[1] ?? ''] ?? []);
  return [...documents.flatMap((d) => asArray((d as { Statement?: unknown } | undefined)?.Statement) as PolicyStatement[]), ...managed];
}

function findRole(resources: Iterable<DeployedResource>, roleArn: string): DeployedResource | undefined {
  return [...resources].find((r) => r.type === 'AWS::IAM::Role' && r.attributes.Arn === roleArn);
}

/** Who holds an access key: a function's session of its role. */
interface RoleSession {
  readonly roleArn: string;
  readonly sessionName: string;
}

/**
 * The credentials Lambda gives functions, and the check of each call made with them: an access key
 * names a role session (the function's role, the function's name), and a call is allowed only when
 * that role's policies, as the stacks have them at the moment of the call, allow it.
 */
export class RoleSessions {
  private readonly sessions = new Map<string, RoleSession>();

  /**
   * @param resources the resources of every stack, as they are now
   */
  constructor(private readonly resources: () => Iterable<DeployedResource>) {}

  /**
   * The credential variables of a function running as `roleArn` (the same each time: warm SDK clients
   * keep them); none for a role that is not one of the stacks' (imported: its policies are unknown), so
   * that the function runs with the caller's credentials, unchecked.
   */
  credentials(roleArn: string, functionName: string): Record<string, string> {
    if (!findRole(this.resources(), roleArn)) return {};
    const accessKeyId = `ASIA${createHash('sha256').update(`${roleArn}|${functionName}`).digest('hex').slice(0, 16).toUpperCase()}`;
    this.sessions.set(accessKeyId, { roleArn, sessionName: functionName });
    return {
      AWS_ACCESS_KEY_ID: accessKeyId,
      AWS_SECRET_ACCESS_KEY: `local-secret-${accessKeyId}`,
      AWS_SESSION_TOKEN: `local-session-${accessKeyId}`,
    };
  }

  /**
   * Checks a call.
   *
   * @returns the message of AWS's `AccessDenied` answer when the role's policies refuse it; `undefined`
   *   when they allow it, or when the key is not one of these sessions' (not checked)
   */
  check(request: AccessRequest): string | undefined {
    const session = this.sessions.get(request.accessKeyId);
    if (!session) return undefined;
    const decision = evaluatePolicy(roleStatements(this.resources(), session.roleArn), request.action, request.resource);
    if (decision === 'allowed') return undefined;
    // arn:aws:iam::<account>:role[/path]/<name> → arn:aws:sts::<account>:assumed-role/<name>/<session>
    const [, partition, , , account, rolePath] = session.roleArn.split(':');
    const principal = `arn:${partition}:sts::${account}:assumed-role/${rolePath.split('/').pop()}/${session.sessionName}`;
    const why = decision === 'explicitly-denied'
      ? 'with an explicit deny in an identity-based policy'
      : `because no identity-based policy allows the ${request.action} action`;
    return `User: ${principal} is not authorized to perform: ${request.action} on resource: ${request.resource} ${why}`;
  }
}
