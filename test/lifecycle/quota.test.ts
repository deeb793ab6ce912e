/**
 * Lightsail's certificate quotas (10 active per region, 20 requests per region per 365 days): a refused
 * CreateCertificate says so in the user's terms, whichever way Lightsail words the refusal (the emulator
 * offers each as a mode: unverified).
 */
import { failureReasons, STACK_NAME, synth, useLocalLightsail, website } from './harness';
import { MODE_VALUES, QuotaRefusalMode } from '../../test-support/emulator';

const env = useLocalLightsail();

describe.each(MODE_VALUES.quotaRefusal)('quota refusal answered as %s', (quotaRefusal: QuotaRefusalMode) => {
  test.each([
    ['10 active certificates in the region', { activePerRegion: 0 }],
    ['20 requests in 365 days', { requestsPerRegionPerYear: 0 }],
  ])('over %s, the deploy fails saying which quotas Lightsail has and what spends them', async (_what, certificateQuotas) => {
    const local = await env.restart({ emulator: { modes: { quotaRefusal, certificateQuotas } } });
    const result = await local.deploy(synth((stack) => website(stack, { distribution: false })), STACK_NAME).then(
      () => { throw new Error('the deploy should fail'); },
      (e: { result: Parameters<typeof failureReasons>[0] }) => e.result,
    );
    const reasons = failureReasons(result);
    expect(reasons).toMatch(/Lightsail refused to create certificate "LifecycleStack-Certificate-[^"]+" in us-east-1 because a quota is reached: /);
    expect(reasons).toContain('10 certificates per region, and 20 certificate requests per region in any 365 days');
    expect(reasons).toContain('every change of domains or region requests a new certificate');
    expect(local.emulator.certificates()).toEqual([]);
  });
});
