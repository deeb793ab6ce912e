/**
 * EventBridge's scheduled rules, as far as the project's stacks use them: an enabled `AWS::Events::Rule`
 * with `ScheduleExpression: rate(1 day)` invokes each Lambda target once a day, asynchronously, with the
 * target's constant `Input` as the event, provided the function's resource policy (an
 * `AWS::Lambda::Permission`) lets `events.amazonaws.com` invoke it for that rule. Other schedules are not
 * played: {@link dueRules} refuses them.
 */
import type { LambdaFunction } from './lambda';
import type { DeployedResource } from './stack-operations';

/** One scheduled invocation and how it ended. */
export interface ScheduledInvocation {
  /** The rule's ARN. */
  readonly rule: string;
  readonly functionName: string;
  /** When it ran (virtual epoch ms). */
  readonly at: number;
  /** `ok`, the function's error, or EventBridge's `FailedInvocations` cause (no permission, no such function). */
  readonly outcome: string;
  /** What the function returned. */
  readonly payload?: unknown;
}

/** A rule's target resolved to what to run. */
export interface DueTarget {
  readonly rule: string;
  readonly target: LambdaFunction | undefined;
  readonly targetArn: string;
  readonly event: unknown;
  /** Why EventBridge could not invoke it, if it could not. */
  readonly refused?: string;
}

/** The enabled daily rules among `resources`, each target with its event, as EventBridge would invoke them. */
export function dueRules(resources: readonly DeployedResource[], functionByArn: (arn: string) => LambdaFunction | undefined): DueTarget[] {
  const due: DueTarget[] = [];
  for (const rule of resources.filter((r) => r.type === 'AWS::Events::Rule')) {
    const p = rule.properties;
    if (p.ScheduleExpression === undefined || (p.State !== undefined && p.State !== 'ENABLED')) continue;
    if (p.ScheduleExpression !== 'rate(1 day)') throw new Error(`The local driver plays the schedule rate(1 day) only, not ${String(p.ScheduleExpression)} (${rule.logicalId})`);
    const ruleArn = String(rule.attributes.Arn);
    for (const target of (p.Targets as Array<Record<string, unknown>> | undefined) ?? []) {
      const targetArn = String(target.Arn);
      const fn = functionByArn(targetArn);
      const allowed = resources.some((r) => r.type === 'AWS::Lambda::Permission'
        && r.properties.Action === 'lambda:InvokeFunction' && r.properties.Principal === 'events.amazonaws.com'
        && (r.properties.FunctionName === targetArn || r.properties.FunctionName === fn?.functionName)
        && (r.properties.SourceArn === undefined || r.properties.SourceArn === ruleArn));
      due.push({
        rule: ruleArn,
        target: fn,
        targetArn,
        // Without Input, EventBridge sends its "Scheduled Event"; the project's rules always give one.
        event: typeof target.Input === 'string' ? JSON.parse(target.Input) : { 'source': 'aws.events', 'detail-type': 'Scheduled Event', 'resources': [ruleArn], 'detail': {} },
        refused: !fn ? `No function ${targetArn}` : !allowed ? `${fn.functionName}'s resource policy does not let events.amazonaws.com invoke it for ${ruleArn}` : undefined,
      });
    }
  }
  return due;
}
