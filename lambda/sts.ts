import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { DEFAULT_SESSION_NAME, ZoneAccess } from './zone-access';

/** The call the handler makes to STS: a session of the role of a hosted zone in another account. */

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
