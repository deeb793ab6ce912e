/**
 * What CloudTrail would show: every request the endpoint received, Lightsail's and Route 53's, in order,
 * with who signed it, what it asked and how it ended, so tests and benchmarks can count API calls.
 */
import type { CallFaultKind } from './faults';

/** One received request. */
export interface CallRecord {
  /** 1-based order of arrival. */
  readonly seq: number;
  /** When it arrived (epoch ms, by `Date.now()`). */
  readonly at: number;
  /** `lightsail` or `route53`. */
  readonly service: string;
  /** The operation (for a request the emulator does not serve: what it could read of it). */
  readonly operation: string;
  /** The region of the SigV4 credential scope. */
  readonly region?: string;
  /** The access key the request was signed with. */
  readonly accessKeyId?: string;
  /** The decoded input. */
  readonly input: Readonly<Record<string, unknown>>;
  /** `ok`, the error code answered, `dropped` (the connection closed, no answer) or `hung` (no answer, the connection held open). */
  readonly outcome: string;
  /** The HTTP status answered; absent when the connection was dropped. */
  readonly httpStatus?: number;
  /** The fault injected into this call, if any. */
  readonly fault?: CallFaultKind;
}

/** Which calls to count or list: every given field must match. */
export type CallFilter = Partial<Pick<CallRecord, 'service' | 'operation' | 'region' | 'outcome'>>;

/** The call log. */
export class CallLog {
  private readonly records: CallRecord[] = [];

  /** The calls that match, in order of arrival. */
  public list(filter: CallFilter = {}): CallRecord[] {
    return this.records.filter((r) => Object.entries(filter).every(([key, value]) => value === undefined || r[key as keyof CallFilter] === value));
  }

  /** How many calls match. */
  public count(filter: CallFilter = {}): number {
    return this.list(filter).length;
  }

  /** Calls per operation. */
  public countsByOperation(): Record<string, number> {
    const counts: Record<string, number> = {};
    this.records.forEach((r) => { counts[r.operation] = (counts[r.operation] ?? 0) + 1; });
    return counts;
  }

  /** Forgets every call. */
  public clear(): void {
    this.records.length = 0;
  }

  /** Appends a call (the emulator does). */
  public add(record: Omit<CallRecord, 'seq'>): void {
    this.records.push({ ...record, seq: this.records.length + 1 });
  }
}
