/**
 * Shared set-up of the emulator tests: a fresh emulator for each test, and the real `LightsailClient`
 * (and `Route53Client`) pointed at it through the environment (`AWS_ENDPOINT_URL_LIGHTSAIL`,
 * `AWS_ENDPOINT_URL_ROUTE_53`), the way handler code finds it.
 */
import { LightsailClient, LightsailClientConfig } from '@aws-sdk/client-lightsail';
import { LightsailEmulator, LightsailEmulatorOptions } from '../../test-support/emulator';

const ENV_KEYS = ['AWS_ENDPOINT_URL_LIGHTSAIL', 'AWS_ENDPOINT_URL_ROUTE_53', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_REGION'] as const;

/** Gives access to the current test's emulator. */
export interface EmulatorHandle {
  /** The running emulator. */
  readonly emu: LightsailEmulator;
}

/**
 * Starts an emulator before each test of the enclosing file (stopped after it), sets the environment
 * the SDK reads, and restores it after the file.
 *
 * @param options emulator options.
 */
export function useEmulator(options: LightsailEmulatorOptions = {}): EmulatorHandle {
  const saved: Partial<Record<(typeof ENV_KEYS)[number], string | undefined>> = {};
  let emulator: LightsailEmulator | undefined;
  beforeAll(() => {
    for (const key of ENV_KEYS) saved[key] = process.env[key];
    process.env.AWS_ACCESS_KEY_ID = 'AKIDEMULATOR';
    process.env.AWS_SECRET_ACCESS_KEY = 'emulator-secret';
    process.env.AWS_REGION = 'us-east-1';
  });
  beforeEach(async () => {
    emulator = await LightsailEmulator.start(options);
    process.env.AWS_ENDPOINT_URL_LIGHTSAIL = emulator.endpoint;
    process.env.AWS_ENDPOINT_URL_ROUTE_53 = emulator.endpoint;
  });
  afterEach(async () => {
    await emulator?.stop();
    emulator = undefined;
  });
  afterAll(() => {
    for (const key of ENV_KEYS) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
  });
  return {
    get emu(): LightsailEmulator {
      if (!emulator) throw new Error('The emulator is not started yet (use it inside a test).');
      return emulator;
    },
  };
}

/**
 * A real SDK client; endpoint and credentials come from the environment set by {@link useEmulator}.
 *
 * @param region the region; default us-east-1 (also the environment's).
 * @param config more client configuration (`maxAttempts`, ...).
 */
export function lightsail(region = 'us-east-1', config: LightsailClientConfig = {}): LightsailClient {
  return new LightsailClient({ region, ...config });
}

/**
 * Awaits a promise that must reject, and returns the error.
 *
 * @param promise the call.
 */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error & { $metadata?: { httpStatusCode?: number; attempts?: number } }> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('Expected the call to fail, but it succeeded.');
}
