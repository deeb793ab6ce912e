import { ResourceStatus, StackEvent, StackStatus } from './stack-types';

/** What an event is about. */
export interface EventSubject {
  /** The logical id. */
  readonly logicalId: string;
  /** The resource type. */
  readonly type: string;
  /** The construct path (`Stack/Cert/Resource`), when aws-cdk-lib recorded it. */
  readonly path?: string;
}

/**
 * Records an operation's stack events and prints them as `cdk deploy` does:
 * `MyStack | 12:00:05 | CREATE_IN_PROGRESS | Custom::LightsailCertificate | Cert/Resource (CertResource1A2B3C)`,
 * with the reason after failures. Times are from the (virtual) clock, in UTC.
 */
export class EventLog {
  /** The events so far, oldest first. */
  readonly events: StackEvent[] = [];

  /**
   * @param stackName the stack
   * @param print where lines go
   */
  constructor(private readonly stackName: string, private readonly print: (line: string) => void) {}

  /** Records a resource event. */
  resource(subject: EventSubject, status: ResourceStatus, details: { readonly physicalId?: string; readonly reason?: string } = {}): void {
    this.add({ logicalId: subject.logicalId, resourceType: subject.type, status, ...details }, displayName(this.stackName, subject));
  }

  /** Records a stack event. */
  stack(status: StackStatus, reason?: string): void {
    this.add({ logicalId: this.stackName, resourceType: 'AWS::CloudFormation::Stack', status, reason }, this.stackName);
  }

  private add(event: Omit<StackEvent, 'timestamp' | 'stackName'>, display: string): void {
    const full: StackEvent = { timestamp: new Date(), stackName: this.stackName, ...event };
    this.events.push(full);
    const time = full.timestamp.toISOString().slice(11, 19);
    const reason = full.reason ? ` ${full.reason}` : '';
    this.print(`${this.stackName} | ${time} | ${full.status.padEnd(30)} | ${full.resourceType.padEnd(36)} | ${display}${reason}`);
  }
}

/** `Cert/Resource (CertResource1A2B3C)`: the construct path without the stack, and the logical id. */
function displayName(stackName: string, subject: EventSubject): string {
  if (!subject.path) return subject.logicalId;
  const parts = subject.path.split('/');
  const path = parts[0] === stackName || parts.length > 1 ? parts.slice(1).join('/') : subject.path;
  return `${path} (${subject.logicalId})`;
}
