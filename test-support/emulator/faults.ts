/**
 * Fault injection: what can go wrong between a client and Lightsail, on demand.
 *
 * Per-call faults (decided for each request before it reaches the operation):
 * - `throttling`: HTTP 400 `ThrottlingException`. Not in the Lightsail model, but real AWS front ends
 *   answer it and the SDK retries it by name.
 * - `serviceException`: HTTP 500 `ServiceException`, the model's only fault; the SDK retries 5xx.
 * - `drop`: the connection is destroyed without an answer before the request is applied; the SDK sees
 *   a socket error and retries it as transient.
 * - `dropAfterApply`: the request is applied, then the connection is destroyed: the client retries a
 *   call that already happened (how a repeated CreateCertificate meets its own certificate).
 * - `latency`: the answer is delayed by some milliseconds (real time), then given normally.
 * - `error` (script only): any named exception, e.g. the modelled `AccessDeniedException` or
 *   `RegionSetupInProgressException` that the emulator has no other reason to raise.
 *
 * Per-certificate faults (stamped on certificates created while they are set):
 * - late validation records: the first K detailed `GetCertificates` reads show no `resourceRecord`
 *   (ACM publishes the records seconds after the request).
 * - empty list after create: the first N `GetCertificates` reads leave the new certificate out
 *   (eventual consistency right after create).
 *
 * Faults come from a script (a queue consumed by the next matching calls) or by rate (a seeded,
 * deterministic pseudo-random draw per call). A scripted fault wins over a drawn one.
 */
import { LightsailErrorName } from './errors';
import { Random, seededRandom } from './prng';
import { OperationName } from './types';

/** The per-call fault kinds. */
export type CallFaultKind = 'throttling' | 'serviceException' | 'drop' | 'dropAfterApply' | 'latency' | 'error';

/** A scripted fault: consumed by the next `times` calls that match `operation`. */
export interface ScriptedFault {
  /** What goes wrong. */
  readonly kind: CallFaultKind;
  /** Only calls of this operation consume it. Default: any operation. */
  readonly operation?: OperationName;
  /** How many matching calls it affects. Default 1. */
  readonly times?: number;
  /** For `latency`: the delay in ms. Default 100. */
  readonly latencyMs?: number;
  /** For `error`: the exception to answer with (HTTP 500 for `ServiceException`, else 400). Default `ServiceException`. */
  readonly errorName?: LightsailErrorName;
  /** For `error`: the message. Default: a generic one naming the exception. */
  readonly message?: string;
}

/** Fault rates: each a probability in [0, 1] drawn independently per call. */
export interface FaultRates {
  /** Seed of the pseudo-random generator. Default 1. */
  readonly seed?: number;
  /** Probability of `throttling`. */
  readonly throttling?: number;
  /** Probability of `serviceException`. */
  readonly serviceException?: number;
  /** Probability of `drop`. */
  readonly drop?: number;
  /** Probability of `dropAfterApply`. */
  readonly dropAfterApply?: number;
  /** Probability of added latency (combines with the other faults). */
  readonly latency?: number;
  /** The added latency in ms. Default 50. */
  readonly latencyMs?: number;
  /** Only these operations draw faults. Default: all. */
  readonly operations?: readonly OperationName[];
}

/** What happens to one call. */
export interface CallFaultDecision {
  /** Delay before answering (ms); 0 for none. */
  readonly latencyMs: number;
  /** The failure, if any. */
  readonly failure?: Exclude<CallFaultKind, 'latency'>;
  /** For `error`: the exception and message. */
  readonly error?: { readonly name: LightsailErrorName; readonly message?: string };
}

/** Faults stamped onto a certificate at creation. */
export interface CertificateFaults {
  /** Detailed reads that still show no `resourceRecord`. */
  readonly lateRecordReads: number;
  /** Reads that still leave the certificate out of `GetCertificates`. */
  readonly hiddenReads: number;
}

/** Holds the fault configuration and decides each call's fate. */
export class FaultInjector {
  private readonly queue: Array<{ fault: ScriptedFault; remaining: number }> = [];
  private rates: FaultRates = {};
  private random: Random = seededRandom(1);
  private lateRecordReads = 0;
  private hiddenReads = 0;

  /**
   * Sets (replaces) the fault rates and re-seeds the generator.
   *
   * @param rates the rates; `{}` turns rate-based faults off.
   */
  public setRates(rates: FaultRates): void {
    this.rates = { ...rates };
    this.random = seededRandom(rates.seed ?? 1);
  }

  /**
   * Appends faults to the script; they are consumed in order by the calls they match.
   *
   * @param faults the faults.
   */
  public script(...faults: ScriptedFault[]): void {
    for (const fault of faults) {
      this.queue.push({ fault, remaining: Math.max(1, fault.times ?? 1) });
    }
  }

  /** The scripted faults not consumed yet (with what remains of their `times`). */
  public pending(): ScriptedFault[] {
    return this.queue.map(({ fault, remaining }) => ({ ...fault, times: remaining }));
  }

  /**
   * Certificates created from now on show no `resourceRecord` for their first `reads` detailed
   * `GetCertificates` reads, and no records in the CreateCertificate result.
   *
   * @param reads K; 0 turns the fault off.
   */
  public setLateValidationRecords(reads: number): void {
    this.lateRecordReads = Math.max(0, reads);
  }

  /**
   * Certificates created from now on are missing from the first `reads` `GetCertificates` answers
   * that would include them.
   *
   * @param reads N; 0 turns the fault off.
   */
  public setEmptyListAfterCreate(reads: number): void {
    this.hiddenReads = Math.max(0, reads);
  }

  /** Removes every fault: script, rates and per-certificate settings. */
  public clear(): void {
    this.queue.length = 0;
    this.setRates({});
    this.lateRecordReads = 0;
    this.hiddenReads = 0;
  }

  /**
   * Decides what happens to one call (consumes a scripted fault or draws from the rates).
   *
   * @param operation the operation called.
   */
  public decide(operation: OperationName): CallFaultDecision {
    const index = this.queue.findIndex((q) => q.fault.operation === undefined || q.fault.operation === operation);
    if (index >= 0) {
      const entry = this.queue[index];
      entry.remaining -= 1;
      if (entry.remaining <= 0) {
        this.queue.splice(index, 1);
      }
      const { kind, latencyMs, errorName, message } = entry.fault;
      if (kind === 'latency') {
        return { latencyMs: latencyMs ?? 100 };
      }
      if (kind === 'error') {
        return { latencyMs: 0, failure: kind, error: { name: errorName ?? 'ServiceException', message } };
      }
      return { latencyMs: 0, failure: kind };
    }
    return this.draw(operation);
  }

  /** The per-certificate faults for a certificate created now. */
  public forNewCertificate(): CertificateFaults {
    return { lateRecordReads: this.lateRecordReads, hiddenReads: this.hiddenReads };
  }

  private draw(operation: OperationName): CallFaultDecision {
    const r = this.rates;
    if (r.operations && !r.operations.includes(operation)) {
      return { latencyMs: 0 };
    }
    // Every rate draws on every call, whether it hits or not, so one rate's outcome does not shift
    // the sequence of another: the same seed gives the same faults call for call.
    const latency = this.hit(r.latency) ? r.latencyMs ?? 50 : 0;
    const drawn: Array<[Exclude<CallFaultKind, 'latency' | 'error'>, boolean]> = [
      ['drop', this.hit(r.drop)],
      ['dropAfterApply', this.hit(r.dropAfterApply)],
      ['serviceException', this.hit(r.serviceException)],
      ['throttling', this.hit(r.throttling)],
    ];
    const failure = drawn.find(([, hit]) => hit)?.[0];
    return failure ? { latencyMs: latency, failure } : { latencyMs: latency };
  }

  private hit(rate: number | undefined): boolean {
    const draw = this.random();
    return rate !== undefined && rate > 0 && draw < rate;
  }
}
