/**
 * Shared set-up of the emulator tests: one emulator per test file, reset before each test, and the
 * real `LightsailClient` pointed at it through the environment (`AWS_ENDPOINT_URL_LIGHTSAIL`), the way
 * handler code under test will find it.
 */
import { LightsailClient, LightsailClientConfig } from '@aws-sdk/client-lightsail';
import { LightsailEmulator, LightsailEmulatorOptions } from '../../test-support/emulator';

const ENV_KEYS = ['AWS_ENDPOINT_URL_LIGHTSAIL', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_REGION'] as const;

/** Gives access to the file's emulator once `beforeAll` has run. */
export interface EmulatorHandle {
  /** The running emulator. */
  readonly emu: LightsailEmulator;
}

/**
 * Starts an emulator for the enclosing test file, sets the environment the SDK reads, resets the
 * emulator before each test, and restores everything afterwards.
 *
 * @param options emulator options.
 */
export function useEmulator(options: LightsailEmulatorOptions = {}): EmulatorHandle {
  const saved: Partial<Record<(typeof ENV_KEYS)[number], string | undefined>> = {};
  let emulator: LightsailEmulator | undefined;
  beforeAll(async () => {
    emulator = await LightsailEmulator.start(options);
    for (const key of ENV_KEYS) {
      saved[key] = process.env[key];
    }
    process.env.AWS_ENDPOINT_URL_LIGHTSAIL = emulator.endpoint;
    process.env.AWS_ACCESS_KEY_ID = 'AKIDEMULATOR';
    process.env.AWS_SECRET_ACCESS_KEY = 'emulator-secret';
    process.env.AWS_REGION = 'us-east-1';
  });
  beforeEach(() => emulator?.reset());
  afterAll(async () => {
    await emulator?.stop();
    for (const key of ENV_KEYS) {
      if (saved[key] === undefined) {
        delete process.env[key];
      } else {
        process.env[key] = saved[key];
      }
    }
  });
  return {
    get emu(): LightsailEmulator {
      if (!emulator) {
        throw new Error('The emulator is not started yet (use it inside a test).');
      }
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
