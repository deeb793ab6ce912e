import { AsyncResource } from 'async_hooks';
import * as FakeTimers from '@sinonjs/fake-timers';

/**
 * A clock the driver can move forward. `@sinonjs/fake-timers` clocks fit, as does any object whose
 * `tick` moves what `Date.now()` returns.
 */
export interface TickableClock {
  /** Moves time forward by `ms` milliseconds. */
  tick(ms: number): unknown;
}

/**
 * Runs `fn` on virtual time.
 *
 * With a caller's clock, `fn` just gets it. Without one, `Date` is faked for the duration (and only
 * `Date`: timers stay real, so I/O, SDK retries and an emulator's own waits behave normally). The fake
 * `Date` starts at the real time and keeps advancing with it, so code that measures elapsed time while
 * a handler runs still sees time pass; the driver adds jumps where CloudFormation or Lambda would
 * wait.
 */
export async function withVirtualTime<T>(clock: TickableClock | undefined, fn: (clock: TickableClock) => Promise<T>): Promise<T> {
  if (clock) return fn(clock);
  const installed = FakeTimers.install({ toFake: ['Date'], now: Date.now(), shouldAdvanceTime: true });
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

/** An invocation in progress; while it is busy (has no timer pending), virtual time stands still. */
export interface Invocation {
  /** When Lambda stops it (epoch ms, virtual). */
  readonly deadline: number;
  /** Ends it as timed out. */
  readonly timeOut: () => void;
  /** Whether it ended. */
  ended: boolean;
}

/** A pending timer; `cancelled` drops it (it is also what `clearTimeout` takes). */
export interface Timer {
  readonly due: number;
  readonly seq: number;
  readonly owner?: Invocation;
  readonly fire: () => void;
  cancelled: boolean;
}

/**
 * Virtual time for one stack operation, shared by everything that waits in it: the driver (Lambda's
 * retry delays, CloudFormation's timeouts) and every Lambda invocation alive, each with its own timers.
 *
 * A timer due now fires on the next turn of the event loop. Time moves forward only when nobody is
 * busy: the driver is waiting (see {@link idle}) and every live invocation has a timer pending (rather
 * than I/O or work in progress). Then the earliest timer across all of them fires and the clock is
 * moved to its due time, not by each timer's delay: two invocations polling side by side do not
 * advance time twice. A handler that polls every 10 seconds for 13 minutes runs in milliseconds. An
 * invocation's timer due after its deadline ends the invocation instead, at the deadline, as Lambda
 * stops a function at its timeout.
 */
export class VirtualScheduler {
  private readonly timers: Timer[] = [];
  private readonly invocations = new Set<Invocation>();
  private waiting = 0;
  private seq = 0;
  private stepScheduled = false;

  /**
   * @param clock the clock to move
   */
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

  /** A timer of the driver's, `ms` from now. `cancel` drops it. */
  delay(ms: number): { readonly promise: Promise<void>; cancel(): void } {
    let resolve!: () => void;
    const promise = new Promise<void>((r) => { resolve = r; });
    const timer = this.add(Date.now() + Math.max(0, ms), resolve);
    return { promise, cancel: () => { timer.cancelled = true; } };
  }

  /**
   * Runs one invocation, which is busy until it waits on one of its timers.
   *
   * @param deadline when it is stopped
   * @returns what `fn` resolved to, or {@link TIMED_OUT}
   */
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
 * The `setTimeout` and `clearTimeout` a Lambda function's own code sees (one pair per execution
 * environment): timers of the invocation running in it, on its operation's {@link VirtualScheduler}.
 * Timers set while no invocation runs never fire (Lambda freezes the environment).
 */
export class FunctionTimers {
  private current?: { readonly scheduler: VirtualScheduler; readonly invocation: Invocation };

  /** `setTimeout` for the function's code. */
  readonly setTimeout = (callback: (...args: unknown[]) => void, ms = 0, ...args: unknown[]): { cancelled: boolean } => {
    const current = this.current;
    if (!current) return { cancelled: true };
    // The callback runs in the async context it was set in (its invocation's environment variables).
    const fire = AsyncResource.bind(() => callback(...args));
    return current.scheduler.add(Date.now() + Math.max(0, Number(ms) || 0), fire, current.invocation);
  };

  /** `clearTimeout` for the function's code. */
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
