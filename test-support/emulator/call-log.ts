/**
 * A record of every request the emulator received, so tests and benchmarks can assert exact API-call
 * counts (for example "one GetCertificates per poll") and see what each call asked and got.
 */
import { CallFaultKind } from './faults';

/** How a call ended: `ok`, the exception name answered, or `dropped` (no answer at all). */
export type CallOutcome = 'ok' | 'dropped' | string;

/** One received request. */
export interface CallRecord {
  /** 1-based order of arrival. */
  readonly seq: number;
  /** When it arrived, by the emulator's clock (epoch ms). */
  readonly at: number;
  /** The service called: `lightsail` or `route53`. */
  readonly service: string;
  /** The operation from `X-Amz-Target` (any string, if the target was not one the emulator knows). */
  readonly operation: string;
  /** The region from the SigV4 credential scope, when there was one. */
  readonly region?: string;
  /** The decoded request body. */
  readonly input: Readonly<Record<string, unknown>>;
  /** How it ended. */
  readonly outcome: CallOutcome;
  /** The HTTP status answered; absent when the connection was dropped. */
  readonly httpStatus?: number;
  /** The fault injected into this call, if any (`latency` only when no other fault was). */
  readonly fault?: CallFaultKind;
  /** Latency injected before answering (ms). */
  readonly latencyMs: number;
}

/** Filters for {@link CallLog.count} and {@link CallLog.list}; every given field must match. */
export interface CallFilter {
  /** The service, `lightsail` or `route53`. */
  readonly service?: string;
  /** The operation. */
  readonly operation?: string;
  /** The region. */
  readonly region?: string;
  /** The outcome. */
  readonly outcome?: CallOutcome;
}

/** The call log. */
export class CallLog {
  private readonly records: CallRecord[] = [];

  /**
   * Calls that match a filter, in order of arrival.
   *
   * @param filter what to match; default everything.
   */
  public list(filter: CallFilter = {}): CallRecord[] {
    return this.records.filter((r) =>
      (filter.service === undefined || r.service === filter.service)
      && (filter.operation === undefined || r.operation === filter.operation)
      && (filter.region === undefined || r.region === filter.region)
      && (filter.outcome === undefined || r.outcome === filter.outcome));
  }

  /**
   * How many calls match a filter.
   *
   * @param filter what to match; default everything.
   */
  public count(filter: CallFilter = {}): number {
    return this.list(filter).length;
  }

  /** Number of calls per operation. */
  public countsByOperation(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const r of this.records) {
      counts[r.operation] = (counts[r.operation] ?? 0) + 1;
    }
    return counts;
  }

  /** Forgets every call. */
  public clear(): void {
    this.records.length = 0;
  }

  /**
   * Appends a call (the emulator calls this; tests have no reason to).
   *
   * @param record the call, without its sequence number; `service` defaults to `lightsail`.
   */
  public add(record: Omit<CallRecord, 'seq' | 'service'> & { readonly service?: string }): CallRecord {
    const full = { service: 'lightsail', ...record, seq: this.records.length + 1 };
    this.records.push(full);
    return full;
  }
}
