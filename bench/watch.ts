/**
 * The renewal watch's footprint: what a stack gains with `renewalWatch: true` on its certificates, at
 * synth (resources, template bytes, the role's policy) and per daily run (API calls, on the emulator).
 * Part of `npm run bench`; alone: `npx ts-node --project test/tsconfig.json bench/watch.ts`.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { BENCH_ZONE, buildStack, countByType, removeAssembly, synthTemplate } from './synth';
import { CertificateValidation, LightsailCertificate } from '../src';
import { LocalLightsail } from '../test-support/local-lightsail';

/** What the watch adds to a stack of `count` certificates. */
export interface WatchFootprint {
  readonly count: number;
  /** Resource types added, with their counts. */
  readonly addedResources: Record<string, number>;
  /** Template bytes added (minified JSON). */
  readonly addedTemplateBytes: number;
  /** The role's policy statements added, as synthesized. */
  readonly addedPolicyChars: number;
  readonly functions: number;
}

function policyChars(template: any): number {
  return Object.values(template.Resources as Record<string, any>)
    .filter((r) => r.Type === 'AWS::IAM::Role')
    .reduce((n, r) => n + JSON.stringify(r.Properties.Policies ?? []).length, 0);
}

/** Synthesizes the bench's stack of `count` certificates with and without the watch, and compares. */
export function watchFootprint(count: number): WatchFootprint {
  const synth = (watch: boolean) => {
    const stack = buildStack('LightsailCertificate', count, 'default', false, watch);
    const template = synthTemplate(stack);
    removeAssembly(stack);
    return template;
  };
  const without = synth(false);
  const withWatch = synth(true);
  const a = countByType(without);
  const b = countByType(withWatch);
  const addedResources = Object.fromEntries(Object.entries(b).filter(([t, n]) => n !== (a[t] ?? 0)).map(([t, n]) => [t, n - (a[t] ?? 0)]));
  return {
    count,
    addedResources,
    addedTemplateBytes: JSON.stringify(withWatch).length - JSON.stringify(without).length,
    addedPolicyChars: policyChars(withWatch) - policyChars(without),
    functions: b['AWS::Lambda::Function'] ?? 0,
  };
}

/** The calls of one daily run of the watch over `count` issued certificates, on the emulator. */
export async function watchRunCalls(count: number): Promise<Record<string, number>> {
  const local = await LocalLightsail.start();
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-watch-'));
  try {
    const app = new App({ outdir });
    const stack = new Stack(app, 'BenchWatch', { env: { account: local.emulator.accountId, region: 'eu-west-1' } });
    local.emulator.route53.addZone(BENCH_ZONE.hostedZoneId, BENCH_ZONE.zoneName);
    const zone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', BENCH_ZONE);
    for (let i = 0; i < count; i++) {
      new LightsailCertificate(stack, `Cert${i}`, { domainName: `site${i}.example.com`, validation: CertificateValidation.fromRoute53(zone), renewalWatch: true });
    }
    await local.deploy(app.synth(), 'BenchWatch');
    const before = local.emulator.calls.list().length;
    const runs = await local.passDays(1);
    if (runs.some((r) => r.outcome !== 'ok')) throw new Error(`the watch failed: ${runs.map((r) => r.outcome).join('; ')}`);
    const calls: Record<string, number> = {};
    for (const call of local.emulator.calls.list().slice(before)) calls[call.operation] = (calls[call.operation] ?? 0) + 1;
    return calls;
  } finally {
    await local.stop();
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  (async () => {
    for (const count of [1, 50]) process.stdout.write(`${JSON.stringify(watchFootprint(count))}\n`);
    for (const count of [1, 5]) process.stdout.write(`${JSON.stringify({ count, callsPerRun: await watchRunCalls(count) })}\n`);
  })().catch((error) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
}
