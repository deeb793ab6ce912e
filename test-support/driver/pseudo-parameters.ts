import { randomUUID } from 'crypto';

/** The values of CloudFormation's pseudo parameters for one stack. */
export interface PseudoParameters {
  /** `AWS::Region`. */
  readonly region: string;
  /** `AWS::AccountId`. */
  readonly account: string;
  /** `AWS::Partition`: `aws`, `aws-cn` or `aws-us-gov`, derived from the region. */
  readonly partition: string;
  /** `AWS::URLSuffix`: `amazonaws.com`, or `amazonaws.com.cn` in China. */
  readonly urlSuffix: string;
  /** `AWS::StackName`. */
  readonly stackName: string;
  /** `AWS::StackId`: a stack ARN with a random id, as CloudFormation mints it at creation. */
  readonly stackId: string;
}

/** The partition a region belongs to; ARNs and the URL suffix depend on it. */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/** Mints the pseudo parameters of a new stack. The stack id stays the stack's for its lifetime. */
export function newPseudoParameters(stackName: string, region: string, account: string): PseudoParameters {
  const partition = partitionOf(region);
  return {
    region,
    account,
    partition,
    urlSuffix: partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com',
    stackName,
    stackId: `arn:${partition}:cloudformation:${region}:${account}:stack/${stackName}/${randomUUID()}`,
  };
}

/**
 * The value of a pseudo parameter named in a `Ref`, or `undefined` when the name is not one.
 * `AWS::NoValue` is handled by the resolver, which must drop the property rather than return a value.
 */
export function pseudoParameterValue(name: string, pseudo: PseudoParameters): unknown {
  switch (name) {
    case 'AWS::Region': return pseudo.region;
    case 'AWS::AccountId': return pseudo.account;
    case 'AWS::Partition': return pseudo.partition;
    case 'AWS::URLSuffix': return pseudo.urlSuffix;
    case 'AWS::StackName': return pseudo.stackName;
    case 'AWS::StackId': return pseudo.stackId;
    case 'AWS::NotificationARNs': return [];
    default: return undefined;
  }
}
