import { LightsailClient } from '@aws-sdk/client-lightsail';

/**
 * What the handlers need from the outside world, passed in so that tests can replace each part:
 * the Lightsail client of a region, the clock, sleeping and randomness (for jitter).
 */
export interface HandlerDeps {
  /** Returns the Lightsail client of a region. */
  readonly lightsail: (region: string) => LightsailClient;
  /** The current time in epoch milliseconds. */
  readonly now: () => number;
  /** Resolves after `ms` milliseconds. */
  readonly sleep: (ms: number) => Promise<void>;
  /** A number in [0, 1), used for jitter. */
  readonly random: () => number;
}

// One client per region for the life of the execution environment: warm invocations reuse the
// client's connections and resolved credentials.
const clients = new Map<string, LightsailClient>();

/**
 * The real dependencies. The clients take their endpoint from the environment, so
 * `AWS_ENDPOINT_URL_LIGHTSAIL` points them at a local emulator.
 */
export function defaultDeps(): HandlerDeps {
  return {
    lightsail: (region) => {
      let client = clients.get(region);
      if (!client) {
        client = new LightsailClient({ region });
        clients.set(region, client);
      }
      return client;
    },
    now: () => Date.now(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    random: () => Math.random(),
  };
}
