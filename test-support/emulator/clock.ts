/**
 * The emulator's notion of "now".
 *
 * Everything time-dependent (validation delays, delayed detach, the 72-hour validation timeout,
 * timestamps in answers) reads time through a `Clock`, never through timers, so a test that fakes
 * `Date` (for example `@sinonjs/fake-timers` with `toFake: ['Date']`) moves the emulator's time too
 * and nothing needs to fire in the background.
 */

/** Returns the current time in epoch milliseconds. */
export type Clock = () => number;

/**
 * The default clock. It calls `Date.now` on every read (rather than capturing the function once) so
 * that a `Date` faked after the emulator started is still honoured.
 */
export const systemClock: Clock = () => Date.now();

/**
 * `setTimeout` as it was when this module loaded. Latency faults wait in real time even when a test
 * later fakes timers for its own code: a faked `setTimeout` would otherwise never let the answer out.
 */
const realSetTimeout: typeof setTimeout = setTimeout;

/**
 * Waits `ms` milliseconds of real time.
 *
 * @param ms how long to wait; zero or less resolves on the next macrotask.
 */
export function sleepRealTime(ms: number): Promise<void> {
  return new Promise((resolve) => realSetTimeout(resolve, Math.max(0, ms)));
}
