/**
 * STS's API as the driver plays it: `AssumeRole` over the awsQuery protocol that `@aws-sdk/client-sts`
 * speaks (a form-encoded POST with `Action` and `Version=2011-06-15`; an XML answer in the
 * `https://sts.amazonaws.com/doc/2011-06-15/` namespace, errors as `<ErrorResponse><Error>`), decided by
 * {@link RoleSessions.assumeRole} from the roles' trust policies and the caller's policies.
 */
import { randomUUID } from 'node:crypto';
import type { RoleSessions } from './iam';
import type { HttpCall, ServedCall, SignedScope } from '../emulator';

/** The operations played (the facts check holds them to botocore's STS model). */
export const STS_OPERATIONS = ['AssumeRole'] as const;

/**
 * What STS answers besides its model's errors (awsQuery protocol errors, in no service model): `AccessDenied`
 * for a refused AssumeRole, `ValidationError` for input outside the model's constraints, `InvalidAction`.
 */
export const STS_PROTOCOL_ERRORS = ['AccessDenied', 'ValidationError', 'InvalidAction'] as const;

/** The STS API version of the model (botocore `sts/2011-06-15`). */
const VERSION = '2011-06-15';

/** `AssumeRole`'s default session length (STS API reference: `DurationSeconds` defaults to 3600). */
const DEFAULT_DURATION_SECONDS = 3600;

/** Answers one STS request. */
export function answerSts(call: HttpCall, scope: SignedScope, sessions: RoleSessions): ServedCall {
  const form = new URLSearchParams(call.body);
  const operation = form.get('Action') ?? 'unknown';
  const input = { RoleArn: form.get('RoleArn') ?? undefined, RoleSessionName: form.get('RoleSessionName') ?? undefined, ExternalId: form.get('ExternalId') ?? undefined };
  if (!(STS_OPERATIONS as readonly string[]).includes(operation) || form.get('Version') !== VERSION) {
    return { reply: error(400, 'InvalidAction', `Could not find operation ${operation} for version ${form.get('Version')}`), operation, input, outcome: 'InvalidAction' };
  }
  const { RoleArn: roleArn, RoleSessionName: sessionName, ExternalId: externalId } = input;
  // STS API reference, AssumeRole: RoleArn 20-2048 characters, RoleSessionName 2-64 of [\w+=,.@-], ExternalId 2-1224 of [\w+=,.@:/-].
  if (!roleArn || roleArn.length < 20 || !sessionName || !/^[\w+=,.@-]{2,64}$/.test(sessionName) || (externalId !== undefined && !/^[\w+=,.@:/-]{2,1224}$/.test(externalId))) {
    return { reply: error(400, 'ValidationError', `1 validation error detected: RoleArn, RoleSessionName or ExternalId does not satisfy its constraint (${JSON.stringify(input)})`), operation, input, outcome: 'ValidationError' };
  }
  const result = sessions.assumeRole(scope.accessKeyId, { roleArn, sessionName, externalId });
  if ('error' in result) return { reply: error(403, result.error, result.message), operation, input, outcome: result.error };
  const expiration = new Date(Date.now() + DEFAULT_DURATION_SECONDS * 1000).toISOString();
  const body = `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/${VERSION}/"><AssumeRoleResult>`
    + `<Credentials><AccessKeyId>${result.credentials.accessKeyId}</AccessKeyId><SecretAccessKey>${result.credentials.secretAccessKey}</SecretAccessKey>`
    + `<SessionToken>${result.credentials.sessionToken}</SessionToken><Expiration>${expiration}</Expiration></Credentials>`
    + `<AssumedRoleUser><AssumedRoleId>AROALOCAL:${sessionName}</AssumedRoleId><Arn>${result.assumedRoleArn}</Arn></AssumedRoleUser>`
    + `</AssumeRoleResult><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></AssumeRoleResponse>`;
  return { reply: { kind: 'answer', status: 200, headers: { 'content-type': 'text/xml' }, body }, operation, input, outcome: 'ok' };
}

function error(status: number, code: string, message: string): ServedCall['reply'] {
  const escaped = message.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const body = `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/${VERSION}/"><Error><Type>Sender</Type><Code>${code}</Code><Message>${escaped}</Message></Error>`
    + `<RequestId>${randomUUID()}</RequestId></ErrorResponse>`;
  return { kind: 'answer', status, headers: { 'content-type': 'text/xml' }, body };
}
