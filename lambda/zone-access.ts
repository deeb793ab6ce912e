import type { CloudFormationCustomResourceEventCommon } from 'aws-lambda';
import type { ZoneAccessProperties } from '../src/private/contract';

/**
 * A hosted zone in another account: the handler assumes the role the user named there for that zone's
 * Route 53 calls only (Lightsail, ACM and the rest stay in the stack's account, with the function's role).
 */
export interface ZoneAccess {
  /** The role in the zone's account. */
  readonly roleArn: string;
  /** The external id its trust policy asks for, if any. */
  readonly externalId?: string;
  /** The role session's name, which CloudTrail shows in the zone's account ({@link inSession} sets it per request). */
  readonly sessionName?: string;
}

/** The session name when none is set: the library's name. */
export const DEFAULT_SESSION_NAME = 'cdk-lightsail-certificate';

/** The access of a zone as the resource properties give it, or `undefined` for a zone of the stack's account. */
export function zoneAccess(access: ZoneAccessProperties | undefined): ZoneAccess | undefined {
  return access?.RoleArn ? { roleArn: access.RoleArn, externalId: access.ExternalId || undefined } : undefined;
}

/** `deps` whose Route 53 clients for zones of other accounts use role sessions named `sessionName`. */
export function inSession<T extends { readonly route53: (access?: ZoneAccess) => R }, R>(deps: T, sessionName: string): T {
  return { ...deps, route53: (access?: ZoneAccess) => deps.route53(access && { ...access, sessionName }) };
}

/** STS's limit on `RoleSessionName` (2 to 64 characters of `[\w+=,.@-]`; STS API reference, AssumeRole). */
const MAX_SESSION_NAME = 64;

/**
 * The role session's name for the resource of `event`: the stack's name and the resource's logical id, so
 * that the zone account's CloudTrail tells which certificate wrote a record; cut to STS's 64 characters
 * (the logical id, the more telling part, is kept whole when it fits).
 */
export function roleSessionName(event: Pick<CloudFormationCustomResourceEventCommon, 'StackId' | 'LogicalResourceId'>): string {
  const stackName = /:stack\/([^/]+)\//.exec(event.StackId)?.[1] ?? 'stack';
  const clean = (text: string) => text.replace(/[^\w+=,.@-]/g, '-');
  const logicalId = clean(event.LogicalResourceId).slice(0, MAX_SESSION_NAME - 2);
  const room = MAX_SESSION_NAME - logicalId.length - 1;
  return `${clean(stackName).slice(0, room)}@${logicalId}`;
}

/** The cache key of a zone access: one client per role, external id and session. */
export function accessKey(access: ZoneAccess): string {
  return `${access.roleArn}|${access.externalId ?? ''}|${access.sessionName ?? DEFAULT_SESSION_NAME}`;
}
