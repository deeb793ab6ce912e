import { AccountClient } from '@aws-sdk/client-account';
import { ACMClient } from '@aws-sdk/client-acm';
import { LightsailClient } from '@aws-sdk/client-lightsail';
import { Route53Client } from '@aws-sdk/client-route-53';
import type { HandlerDeps } from '../lambda/deps';

/**
 * The handler's dependencies with clients of their own, for calling the handler's functions in this
 * process against the emulator (whose port changes between runs, so no client is cached).
 */
export function freshDeps(): HandlerDeps {
  return {
    lightsail: (region) => new LightsailClient({ region }),
    route53: () => new Route53Client({ region: 'us-east-1' }),
    acm: (region) => new ACMClient({ region }),
    account: () => new AccountClient({ region: 'us-east-1' }),
    now: () => Date.now(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    random: () => Math.random(),
    stopBy: Date.now() + 600_000,
  };
}
