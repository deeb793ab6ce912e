/**
 * Time, the one clock of the test support: `Date` is faked (and only `Date`: timers and I/O stay real,
 * so SDK retries and the emulator behave normally), starts at the real time and keeps moving with it,
 * and jumps forward where CloudFormation or Lambda would wait. The emulator reads `Date.now()`, so it
 * lives on the same time.
 */
import { AsyncResource } from 'async_hooks';
import * as FakeTimers from '@sinonjs/fake-timers';

/** A clock that can be moved forward: what {@link installVirtualDate} returns (any fake-timers clock fits). */
export interface TickableClock {
  tick(ms: number): unknown;
  uninstall?(): unknown;
}

/** Fakes `Date`, starting now and moving with real time, until `uninstall()`. */
export function installVirtualDate(): TickableClock & { uninstall(): unknown } {
  return FakeTimers.install({ toFake: ['Date'], now: Date.now(), shouldAdvanceTime: true });
}

/** Runs `fn` on the caller's clock, or on a virtual `Date` installed for the duration. */
export async function withVirtualTime<T>(clock: TickableClock | undefined, fn: (clock: TickableClock) => Promise<T>): Promise<T> {
  if (clock) return fn(clock);
  const installed = installVirtualDate();
  try {
    return await fn(installed);
  } finally {
    installed.uninstall();
  }
}

/** What {@link VirtualScheduler.run} returns when the invocation ran out of time. */
export const TIMED_OUT = Symbol('timed out');

/** Kept from load time: callers may fake the global timers. */
const realSetImmediate = setImmediate;

/** An invocation in progress: until it waits on one of its timers, virtual time stands still. */
interface Invocation {
  /** When Lambda stops it (epoch ms, virtual). */
  readonly deadline: number;
  readonly timeOut: () => void;
  ended: boolean;
}

/** A pending timer; `cancelled` drops it (it is also what `clearTimeout` takes). */
interface Timer {
  readonly due: number;
  readonly seq: number;
  readonly owner?: Invocation;
  readonly fire: () => void;
  cancelled: boolean;
}

/**
 * Virtual time for one stack operation, shared by what waits in it: the driver (Lambda's retry delays,
 * CloudFormation's timeouts) and every live Lambda invocation, each with its own timers.
 *
 * A timer due now fires on the next turn of the event loop. Time moves only when nobody is busy — the
 * driver waits (see {@link idle}) and every live invocation waits on a timer, not on I/O — and then to
 * the earliest timer's due time, so two invocations polling side by side do not move it twice. A handler
 * polling every 10 seconds for 13 minutes runs in milliseconds. An invocation's timer due after its
 * deadline ends the invocation instead, at the deadline, as Lambda stops a function at its timeout.
 */
export class VirtualScheduler {
  private readonly timers: Timer[] = [];
  private readonly invocations = new Set<Invocation>();
  private waiting = 0;
  private seq = 0;
  private stepScheduled = false;

  constructor(private readonly clock: TickableClock) {}

  /** The driver waits for `promise`: meanwhile, time may move. */
  async idle<T>(promise: Promise<T>): Promise<T> {
    this.waiting++;
    this.schedule();
    try {
      return await promise;
    } finally {
      this.waiting--;
    }
  }

  /** A timer of the driver's, `ms` from now. */
  delay(ms: number): { readonly promise: Promise<void>; cancel(): void } {
    let resolve!: () => void;
    const promise = new Promise<void>((r) => { resolve = r; });
    const timer = this.add(Date.now() + Math.max(0, ms), resolve);
    return { promise, cancel: () => { timer.cancelled = true; } };
  }

  /** Runs one invocation until `deadline`; returns what `fn` resolved to, or {@link TIMED_OUT}. */
  async run<T>(deadline: number, fn: (invocation: Invocation) => Promise<T>): Promise<T | typeof TIMED_OUT> {
    let timeOut!: () => void;
    const timedOut = new Promise<typeof TIMED_OUT>((resolve) => { timeOut = () => resolve(TIMED_OUT); });
    const invocation: Invocation = { deadline, timeOut, ended: false };
    this.invocations.add(invocation);
    try {
      return await Promise.race([fn(invocation), timedOut]);
    } finally {
      invocation.ended = true;
      this.invocations.delete(invocation);
      this.schedule();
    }
  }

  /** Adds a timer (of an invocation, or of the driver). */
  add(due: number, fire: () => void, owner?: Invocation): Timer {
    const timer: Timer = { due, seq: this.seq++, owner, fire, cancelled: false };
    this.timers.push(timer);
    this.schedule();
    return timer;
  }

  private schedule(): void {
    if (this.stepScheduled) return;
    this.stepScheduled = true;
    realSetImmediate(() => {
      this.stepScheduled = false;
      this.step();
    });
  }

  private step(): void {
    const pending = this.timers.filter((t) => !t.cancelled && !t.owner?.ended);
    this.timers.splice(0, this.timers.length, ...pending);
    const at = (t: Timer) => (t.owner ? Math.min(t.due, t.owner.deadline) : t.due);
    const next = pending.reduce<Timer | undefined>((a, b) => (!a || at(b) < at(a) || (at(b) === at(a) && b.seq < a.seq) ? b : a), undefined);
    if (!next) return;
    const now = Date.now();
    if (at(next) > now) {
      if (this.waiting === 0) return;
      for (const invocation of this.invocations) if (!pending.some((t) => t.owner === invocation)) return;
      this.clock.tick(at(next) - now);
    }
    this.timers.splice(this.timers.indexOf(next), 1);
    try {
      if (next.owner && next.due > next.owner.deadline) next.owner.timeOut();
      else next.fire();
    } finally {
      this.schedule();
    }
  }
}

/**
 * The `setTimeout` and `clearTimeout` a function's code sees (a pair per execution environment): timers
 * of the invocation running in it, on its operation's {@link VirtualScheduler}. Timers set while no
 * invocation runs never fire (Lambda freezes the environment).
 */
export class FunctionTimers {
  private current?: { readonly scheduler: VirtualScheduler; readonly invocation: Invocation };

  readonly setTimeout = (callback: (...args: unknown[]) => void, ms = 0, ...args: unknown[]): { cancelled: boolean } => {
    const current = this.current;
    if (!current) return { cancelled: true };
    // The callback runs in the async context it was set in (its invocation's environment variables).
    const fire = AsyncResource.bind(() => callback(...args));
    return current.scheduler.add(Date.now() + Math.max(0, Number(ms) || 0), fire, current.invocation);
  };

  readonly clearTimeout = (handle: { cancelled: boolean } | undefined): void => {
    if (handle) handle.cancelled = true;
  };

  /** Runs one invocation in this environment (see {@link VirtualScheduler.run}). */
  async run<T>(scheduler: VirtualScheduler, deadline: number, fn: () => Promise<T>): Promise<T | typeof TIMED_OUT> {
    try {
      return await scheduler.run(deadline, (invocation) => {
        this.current = { scheduler, invocation };
        return fn();
      });
    } finally {
      this.current = undefined;
    }
  }
}
