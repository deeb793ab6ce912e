import { AccountClient } from '@aws-sdk/client-account';
import { ACMClient } from '@aws-sdk/client-acm';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { LightsailClient } from '@aws-sdk/client-lightsail';
import { Route53Client } from '@aws-sdk/client-route-53';
import { STSClient } from '@aws-sdk/client-sts';
import { assumedRoleCredentials } from './sts';
import { accessKey, ZoneAccess } from './zone-access';

/**
 * What the handler needs from the outside world, passed in so that tests can replace each part: the
 * Lightsail client of a region, the clock, sleeping, randomness (for jitter) and the time by which the
 * current invocation must stop starting new work.
 */
export interface HandlerDeps {
  /** Returns the Lightsail client of a region. */
  readonly lightsail: (region: string) => LightsailClient;
  /** Returns the Route 53 client: the function's own, or with `access` one acting as a role of the zone's account. */
  readonly route53: (access?: ZoneAccess) => Route53Client;
  /**
   * Returns the CloudFormation client of a region, to ask whether a request is still awaited; without
   * it, the handler does not ask (and goes on as if it were).
   */
  readonly cloudFormation?: (region: string) => CloudFormationClient;
  /** Returns the ACM client of a region (read only: which certificates need a validation record). */
  readonly acm: (region: string) => ACMClient;
  /** Returns the Account client (the account's enabled regions). */
  readonly account: () => AccountClient;
  /** The current time in epoch milliseconds. */
  readonly now: () => number;
  /** Resolves after `ms` milliseconds. */
  readonly sleep: (ms: number) => Promise<void>;
  /** A number in [0, 1), used for jitter. */
  readonly random: () => number;
  /**
   * Epoch milliseconds after which no call may start: what is left of the function's time then is
   * what one call (with the SDK's retries) and the response to CloudFormation can take.
   */
  readonly stopBy: number;
}

/**
 * The longest one call can take with the SDK's own retries: 3 attempts of at most 3 s to connect and
 * 10 s for the whole request (see CLIENT_OPTIONS), plus the SDK's backoff between them (at most 20 s each).
 */
export const CALL_BUDGET_MS = 45_000;

/**
 * What an invocation keeps free at its end for the response: aws-cdk-lib's entrypoint PUTs it with
 * up to 5 retries (at most 31 s of backoff).
 */
export const RESPONSE_BUDGET_MS = 45_000;

/**
 * One client per key (a region) for the life of the execution environment: warm invocations reuse the
 * client's connections and resolved credentials.
 */
function cached<C>(make: (key: string) => C): (key: string) => C {
  const made = new Map<string, C>();
  return (key) => {
    let client = made.get(key);
    if (!client) {
      client = make(key);
      made.set(key, client);
    }
    return client;
  };
}

let route53: Route53Client | undefined;
const assumedRoute53 = new Map<string, Route53Client>();
let sts: STSClient | undefined;
let account: AccountClient | undefined;

/**
 * Bounded attempts and timeouts: a hung connection must end in an error the handler reports (see
 * CALL_BUDGET_MS). `@smithy/node-http-handler` 4.x only logs a warning when `requestTimeout` passes unless
 * `throwOnRequestTimeout` is set (its source: `setRequestTimeout`), and sets no socket timeout of its own;
 * `socketTimeout` bounds a connection that goes silent in the versions that honour it.
 */
export const CLIENT_OPTIONS = {
  maxAttempts: 3,
  requestHandler: { connectionTimeout: 3_000, requestTimeout: 10_000, socketTimeout: 10_000, throwOnRequestTimeout: true },
};

const lightsailClients = cached((region) => new LightsailClient({ region, ...CLIENT_OPTIONS }));
const cloudFormationClients = cached((region) => new CloudFormationClient({ region, ...CLIENT_OPTIONS }));
const acmClients = cached((region) => new ACMClient({ region, ...CLIENT_OPTIONS }));

/**
 * The real dependencies for one invocation with `remainingMs` left. The clients take their endpoint
 * from the environment, so `AWS_ENDPOINT_URL_LIGHTSAIL`, `AWS_ENDPOINT_URL_ROUTE_53`, `AWS_ENDPOINT_URL_ACM` and
 * `AWS_ENDPOINT_URL_ACCOUNT` (and `AWS_ENDPOINT_URL_STS`) point them at a local emulator.
 */
export function defaultDeps(remainingMs: number): HandlerDeps {
  return {
    lightsail: lightsailClients,
    // Route 53 is global; its API is signed for us-east-1.
    route53: (access) => {
      if (!access) return (route53 ??= new Route53Client({ region: 'us-east-1', ...CLIENT_OPTIONS }));
      let client = assumedRoute53.get(accessKey(access));
      if (!client) {
        // STS in the function's own region (regional endpoints: botocore endpoints.json serves sts in every region).
        sts ??= new STSClient({ ...CLIENT_OPTIONS });
        client = new Route53Client({ region: 'us-east-1', ...CLIENT_OPTIONS, credentials: assumedRoleCredentials(sts, access) });
        assumedRoute53.set(accessKey(access), client);
      }
      return client;
    },
    cloudFormation: cloudFormationClients,
    acm: acmClients,
    // The Account API is global, signed for us-east-1 (botocore endpoints.json: partitionEndpoint aws-global).
    account: () => (account ??= new AccountClient({ region: 'us-east-1', ...CLIENT_OPTIONS })),
    now: () => Date.now(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    random: () => Math.random(),
    stopBy: Date.now() + remainingMs - RESPONSE_BUDGET_MS,
  };
}

/** Whether a wait of `ms` followed by one call still ends before the invocation must stop. */
export function hasTimeFor(deps: Pick<HandlerDeps, 'now' | 'stopBy'>, ms: number): boolean {
  return deps.now() + ms + CALL_BUDGET_MS <= deps.stopBy;
}

/**
 * The pause before the next read of a wait: `wanted`, cut short at `deadline`; `undefined` when the
 * deadline has come or the invocation has no time left for the pause and one more call.
 */
export function pauseBefore(deps: HandlerDeps, wanted: number, deadline: number): number | undefined {
  const pause = Math.min(wanted, deadline - deps.now());
  return pause > 0 && hasTimeFor(deps, pause) ? pause : undefined;
}
