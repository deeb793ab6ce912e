import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
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
const DEFAULT_SESSION_NAME = 'cdk-lightsail-certificate';

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

/**
 * The credentials of a session of the zone's role: STS `AssumeRole` (with the external id when given),
 * called again by the SDK when they near their expiry (it memoises a credential function by `expiration`).
 *
 * @param sts the STS client of the stack's account (the function's own credentials)
 */
export function assumedRoleCredentials(sts: STSClient, access: ZoneAccess) {
  return async () => {
    let answer;
    try {
      answer = await sts.send(new AssumeRoleCommand({
        RoleArn: access.roleArn,
        RoleSessionName: access.sessionName ?? DEFAULT_SESSION_NAME,
        ExternalId: access.externalId,
      }));
    } catch (error) {
      const { name, message } = error as { name?: string; message?: string };
      // A refusal is not worth retrying: say which two policies must agree. The error keeps its name, so a
      // throttled or failed STS call is still retried as one.
      const hint = name === 'AccessDenied'
        ? ': the role\'s trust policy must allow this stack\'s provider role'
          + `${access.externalId ? ' with the condition sts:ExternalId' : ''}, and the provider role must be allowed sts:AssumeRole on it`
        : '';
      throw Object.assign(new Error(`Could not assume role ${access.roleArn} for a hosted zone of another account (${name}: ${message})${hint}`), {
        name, $metadata: (error as { $metadata?: unknown }).$metadata, [REFUSED]: name === 'AccessDenied',
      });
    }
    const c = answer.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error(`STS AssumeRole of ${access.roleArn} returned no credentials`);
    return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration: c.Expiration };
  };
}

const REFUSED = Symbol('zone access refused');

/** Whether `error` is STS refusing the zone's role to the function (trust or permission missing), not a passing fault. */
export function isZoneAccessRefused(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { [REFUSED]?: boolean })[REFUSED] === true;
}

/** The cache key of a zone access: one client per role, external id and session. */
export function accessKey(access: ZoneAccess): string {
  return `${access.roleArn}|${access.externalId ?? ''}|${access.sessionName ?? DEFAULT_SESSION_NAME}`;
}
