/**
 * The time budget of the custom resources, which only the constructs set: how long the function runs,
 * how long CloudFormation waits, and how a wait for ISSUED is split into links. The handler's own
 * budgets (`CALL_BUDGET_MS`, `RESPONSE_BUDGET_MS` in `lambda/deps.ts`) must fit in what is left of a
 * link; `test/synth-lifecycle-rules.test.ts` ties them together.
 */

/**
 * The longest one link waits. With the function's 15-minute limit, this leaves two minutes for the last
 * read (with its retries) and the response, so the handler always answers before Lambda stops it.
 */
export const LINK_WAIT_SECONDS = 13 * 60;

/** The function's timeout: Lambda's maximum. */
export const FUNCTION_TIMEOUT_SECONDS = 15 * 60;

/**
 * The `ServiceTimeout` of every custom resource (CloudFormation accepts 1 to 3600 seconds; 3600 when
 * absent): how long CloudFormation waits for an answer. Above one invocation (which answers within the
 * function's timeout) plus a few minutes for an invocation queued or started late, so a killed
 * invocation leaves CloudFormation waiting 20 minutes, not an hour.
 */
export const SERVICE_TIMEOUT_SECONDS = 20 * 60;

/**
 * The wait links a `timeout` needs: the wait of each, in seconds. Every link but the last waits
 * {@link LINK_WAIT_SECONDS}; together they wait exactly `timeoutSeconds`.
 */
export function linkWaits(timeoutSeconds: number): number[] {
  const waits: number[] = [];
  for (let left = timeoutSeconds; left > 0; left -= LINK_WAIT_SECONDS) {
    waits.push(Math.min(left, LINK_WAIT_SECONDS));
  }
  return waits;
}
