/** Tests of `src/private/timing.ts` (the budgets together: `test/synth-lifecycle-rules.test.ts`, "time budgets"). */
import { LINK_WAIT_SECONDS, linkWaits } from '../../src/private/timing';

describe('wait links', () => {
  test.each([
    [60, [60]],
    [LINK_WAIT_SECONDS, [LINK_WAIT_SECONDS]],
    [LINK_WAIT_SECONDS + 1, [LINK_WAIT_SECONDS, 1]],
    [3600, [780, 780, 780, 780, 480]],
  ])('a timeout of %i s is split into links that wait %j s, together exactly the timeout', (timeout, waits) => {
    expect(linkWaits(timeout)).toEqual(waits);
  });
});
