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

/** What {@link FunctionTimers.run} returns when the invocation ran out of time. */
export const TIMED_OUT = Symbol('timed out');

/** Kept from load time: callers may fake the global timers. */
const realSetImmediate = setImmediate;

interface Invocation {
  readonly clock: TickableClock;
  readonly deadline: number;
  readonly timedOut: () => void;
}

/**
 * The `setTimeout` and `clearTimeout` a Lambda function's own code sees, on virtual time: a timer fires on
 * the next turn of the event loop and moves the clock forward by its delay, so a handler that polls every
 * 10 seconds for 13 minutes runs in milliseconds. That is exact for code that waits on one timer at a
 * time, as polling handlers and aws-cdk-lib's response entrypoint do. A timer due after the invocation's
 * deadline ends the invocation instead, as Lambda stops a function at its timeout; timers of an invocation
 * that has ended never fire (Lambda freezes the environment).
 */
export class FunctionTimers {
  private invocation?: Invocation;

  /** `setTimeout` for the function's code. */
  readonly setTimeout = (callback: (...args: unknown[]) => void, ms = 0, ...args: unknown[]): { cancelled: boolean } => {
    const handle = { cancelled: false };
    const invocation = this.invocation;
    realSetImmediate(() => {
      if (handle.cancelled || !invocation || this.invocation !== invocation) return;
      const due = Date.now() + Math.max(0, ms);
      if (due > invocation.deadline) {
        invocation.clock.tick(Math.max(0, invocation.deadline - Date.now()));
        this.invocation = undefined;
        invocation.timedOut();
        return;
      }
      if (ms > 0) invocation.clock.tick(ms);
      callback(...args);
    });
    return handle;
  };

  /** `clearTimeout` for the function's code. */
  readonly clearTimeout = (handle: { cancelled: boolean } | undefined): void => {
    if (handle) handle.cancelled = true;
  };

  /**
   * Runs one invocation: its timers move `clock`, and it is stopped when a timer would fire after `deadline`.
   *
   * @returns what `fn` resolved to, or {@link TIMED_OUT}
   */
  async run<T>(clock: TickableClock, deadline: number, fn: () => Promise<T>): Promise<T | typeof TIMED_OUT> {
    let timedOut!: () => void;
    const timeout = new Promise<typeof TIMED_OUT>((resolve) => { timedOut = () => resolve(TIMED_OUT); });
    const invocation: Invocation = { clock, deadline, timedOut };
    this.invocation = invocation;
    try {
      return await Promise.race([fn(), timeout]);
    } finally {
      if (this.invocation === invocation) this.invocation = undefined;
    }
  }
}
