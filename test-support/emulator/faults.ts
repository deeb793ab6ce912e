/**
 * The network and the service's bad moments, on demand.
 *
 * Per call (decided before the request reaches Lightsail):
 * - `throttling`: HTTP 400 `ThrottlingException` (not in the Lightsail model, but AWS front ends answer
 *   it and the SDK retries it by name);
 * - `serviceException`: HTTP 500 `ServiceException`, the model's only fault, which the SDK retries;
 * - `drop`: the connection is closed without an answer before the request is applied (the SDK retries);
 * - `dropAfterApply`: the request is applied, then the connection is closed: the client retries a call
 *   that already happened;
 * - `hang`: the connection is accepted and never answered (until the emulator stops): only the client's
 *   own timeout ends the call (scripted only).
 * Faults come from a script (consumed by the next matching calls; it wins) or by rate (a seeded draw per
 * call, the same faults call for call for one seed).
 *
 * Per certificate (stamped on those created while set): the first K detailed reads show no validation
 * records (ACM publishes them seconds after the request), and the first N reads leave it out of the list
 * (eventual consistency right after create).
 */

/** The per-call fault kinds. */
export type CallFaultKind = 'throttling' | 'serviceException' | 'drop' | 'dropAfterApply' | 'hang';

/** A scripted fault: consumed by the next `times` (default 1) calls of `operation` (default: any). */
export interface ScriptedFault {
  readonly kind: CallFaultKind;
  readonly operation?: string;
  readonly times?: number;
}

/** The probability of each fault kind, in [0, 1], drawn independently per call; `seed` default 1. */
export interface FaultRates {
  readonly seed?: number;
  /** Whether the rates apply to Route 53 calls too (drawn from their own sequence, so Lightsail's stays as it was). Default false. */
  readonly route53?: boolean;
  readonly throttling?: number;
  readonly serviceException?: number;
  readonly drop?: number;
  readonly dropAfterApply?: number;
}

/** Faults stamped on a certificate at creation: detailed reads still without records, reads still leaving it out. */
export interface CertificateFaults {
  readonly lateRecordReads: number;
  readonly hiddenReads: number;
}

/** The order rates are drawn in (each draws on every call, so one rate's outcome does not shift another's). */
const DRAW_ORDER: readonly Exclude<CallFaultKind, 'hang'>[] = ['drop', 'dropAfterApply', 'serviceException', 'throttling'];

/** Holds the fault settings and decides each call's fate. */
export class FaultInjector {
  private readonly queue: Array<{ fault: ScriptedFault; remaining: number }> = [];
  private rates: FaultRates = {};
  private random = seededRandom(1);
  private route53Random = seededRandom(1);
  private certificateFaults: CertificateFaults = { lateRecordReads: 0, hiddenReads: 0 };

  /** Replaces the rates and re-seeds the draw; `{}` turns rate-based faults off. */
  public setRates(rates: FaultRates): void {
    this.rates = { ...rates };
    this.random = seededRandom(rates.seed ?? 1);
    this.route53Random = seededRandom((rates.seed ?? 1) + 7919);
  }

  /** Appends faults to the script. */
  public script(...faults: ScriptedFault[]): void {
    faults.forEach((fault) => this.queue.push({ fault, remaining: Math.max(1, fault.times ?? 1) }));
  }

  /** The scripted faults not consumed yet (with what remains of their `times`). */
  public pending(): ScriptedFault[] {
    return this.queue.map(({ fault, remaining }) => ({ ...fault, times: remaining }));
  }

  /** Certificates created from now on show no validation records for their first `reads` detailed reads (and none in the Create answer). */
  public setLateValidationRecords(reads: number): void {
    this.certificateFaults = { ...this.certificateFaults, lateRecordReads: Math.max(0, reads) };
  }

  /** Certificates created from now on are left out of their first `reads` `GetCertificates` answers. */
  public setEmptyListAfterCreate(reads: number): void {
    this.certificateFaults = { ...this.certificateFaults, hiddenReads: Math.max(0, reads) };
  }

  /** Removes every fault: script, rates and per-certificate settings. */
  public clear(): void {
    this.queue.length = 0;
    this.setRates({});
    this.certificateFaults = { lateRecordReads: 0, hiddenReads: 0 };
  }

  /** The per-certificate faults of a certificate created now. */
  public forNewCertificate(): CertificateFaults {
    return this.certificateFaults;
  }

  /**
   * What happens to one Route 53 call: a scripted fault naming exactly this operation (a script without an
   * operation is Lightsail's), or one drawn when the rates include Route 53.
   */
  public decideRoute53(operation: string): CallFaultKind | undefined {
    const index = this.queue.findIndex((q) => q.fault.operation === operation);
    if (index >= 0) {
      const entry = this.queue[index];
      if (--entry.remaining <= 0) this.queue.splice(index, 1);
      return entry.fault.kind;
    }
    if (!this.rates.route53) return undefined;
    return DRAW_ORDER.filter((kind) => {
      const draw = this.route53Random();
      const rate = this.rates[kind];
      return rate !== undefined && draw < rate;
    })[0];
  }

  /** What happens to one call of `operation`: a fault, or nothing. */
  public decide(operation: string): CallFaultKind | undefined {
    const index = this.queue.findIndex((q) => q.fault.operation === undefined || q.fault.operation === operation);
    if (index >= 0) {
      const entry = this.queue[index];
      if (--entry.remaining <= 0) this.queue.splice(index, 1);
      return entry.fault.kind;
    }
    // A first draw, unused (a latency fault's, once): each seed keeps the fault sequence the lifecycle
    // tests and the benchmark were written against.
    this.random();
    const hits = DRAW_ORDER.filter((kind) => {
      const draw = this.random();
      const rate = this.rates[kind];
      return rate !== undefined && draw < rate;
    });
    return hits[0];
  }
}

/** The Park–Miller "minimal standard" generator: numbers in [0, 1), the same sequence for the same seed. */
function seededRandom(seed: number): () => number {
  const modulus = 2147483647;
  let state = Math.abs(Math.trunc(seed)) % (modulus - 1) + 1;
  return () => {
    state = (state * 48271) % modulus;
    return (state - 1) / (modulus - 1);
  };
}
