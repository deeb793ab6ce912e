/** Tests of `lambda/deps.ts`: the time budget and the real dependencies. */
import { fakeDeps, T0 } from './fixtures';
import { defaultDeps, hasTimeFor, RESPONSE_BUDGET_MS } from '../../lambda/deps';

afterEach(() => {
  jest.restoreAllMocks();
});

describe('time budget', () => {
  test('defaultDeps stops new work RESPONSE_BUDGET_MS before the invocation ends', () => {
    jest.spyOn(Date, 'now').mockReturnValue(T0);

    const deps = defaultDeps(900_000);

    expect(deps.stopBy).toBe(T0 + 900_000 - RESPONSE_BUDGET_MS);
    expect(deps.now()).toBe(T0);
  });

  test('hasTimeFor leaves room for one call after the wait', () => {
    const deps = fakeDeps({ stopBy: T0 + 60_000 });

    expect(hasTimeFor(deps, 15_000)).toBe(true);
    expect(hasTimeFor(deps, 15_001)).toBe(false);
  });

  test('defaultDeps keeps one client per region, with bounded attempts, and sleeps for real', async () => {
    const deps = defaultDeps(900_000);
    const client = deps.lightsail('us-east-1');

    expect(deps.lightsail('us-east-1')).toBe(client);
    expect(defaultDeps(60_000).lightsail('us-east-1')).toBe(client);
    expect(deps.lightsail('eu-west-1')).not.toBe(client);
    expect(await client.config.region()).toBe('us-east-1');
    expect(await deps.lightsail('eu-west-1').config.region()).toBe('eu-west-1');
    expect(await client.config.maxAttempts()).toBe(3);
    expect(deps.random()).toBeGreaterThanOrEqual(0);
    expect(deps.random()).toBeLessThan(1);
    const before = Date.now();
    await deps.sleep(20);
    expect(Date.now() - before).toBeGreaterThanOrEqual(15);
  });
});
