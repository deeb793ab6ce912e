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
 * a handler runs still sees time pass; the driver adds jumps where CloudFormation or Step Functions
 * would wait.
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
