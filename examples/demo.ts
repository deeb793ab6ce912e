import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { EXAMPLE_ENVIRONMENT } from './website-stack';
import { LocalLightsail, OFFLINE_CLI_ENVIRONMENT } from '../test-support/local-lightsail';

/**
 * `npm run demo`: synthesizes the example app with the CDK CLI, deploys it to the embedded
 * Lightsail emulator with live stack events, prints what was created, then destroys the stack and
 * shows that nothing is left. Waits run on emulated time, so minutes of validation take moments.
 */

const STACK = 'LightsailCertificateDemo';
const ROOT = path.join(__dirname, '..');

function heading(text: string): void {
  process.stdout.write(`\n=== ${text}\n`);
}

function synth(): string {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'lightsail-certificate-demo-'));
  heading(`cdk synth (examples/app.ts) → ${outdir}`);
  const run = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'cdk'), ['synth', '--quiet', '--no-notices', '--no-version-reporting', '-o', outdir], {
    cwd: __dirname,
    env: { ...process.env, ...OFFLINE_CLI_ENVIRONMENT },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (run.status !== 0) {
    throw new Error(`cdk synth failed with exit code ${run.status}`);
  }
  const template = JSON.parse(fs.readFileSync(path.join(outdir, `${STACK}.template.json`), 'utf8'));
  const resources = Object.values(template.Resources as Record<string, { Type: string; Properties?: any }>);
  const certificate = resources.find((r) => r.Type === 'Custom::LightsailCertificate')!;
  process.stdout.write(
    `stack region ${EXAMPLE_ENVIRONMENT.region}; certificate requested in ${certificate.Properties.Region} for ${[certificate.Properties.DomainName, ...(certificate.Properties.SubjectAlternativeNames ?? [])].join(', ')}\n` +
      `${resources.filter((r) => r.Type === 'AWS::Route53::RecordSet').length} validation record sets, ${resources.length} resources in all\n`,
  );
  return outdir;
}

async function main(): Promise<void> {
  const started = process.hrtime.bigint();
  const assembly = synth();

  const local = await LocalLightsail.start({
    log: (line) => process.stdout.write(`${line}\n`),
    // As on AWS, validation takes a while after the CNAMEs exist, and a deleted distribution
    // releases its certificate late: both are emulated minutes.
    emulator: { validationDelayMs: 2 * 60_000 },
    releaseDelayMs: 90_000,
  });
  try {
    heading(`deploy ${STACK} to the Lightsail emulator at ${local.emulator.endpoint} (times are emulated)`);
    const deployed = await local.deploy(assembly, STACK);
    process.stdout.write(`\n${STACK}: ${deployed.status}\n\nOutputs:\n`);
    for (const [key, value] of Object.entries(deployed.outputs)) {
      process.stdout.write(`  ${key} = ${value}\n`);
    }

    heading('what Lightsail holds now');
    for (const c of local.emulator.certificates()) {
      process.stdout.write(`  ${c.region} ${c.name}: ${c.status}, in use by ${c.inUseResourceCount}, domains ${c.subjectAlternativeNames?.join(', ')}\n`);
    }
    for (const record of local.emulator.dns.list()) {
      process.stdout.write(`  DNS ${record.name} ${record.type} ${record.value}\n`);
    }

    heading(`destroy ${STACK}`);
    const destroyed = await local.destroy(STACK);
    process.stdout.write(`\n${STACK}: ${destroyed.status}\n`);

    heading('what is left');
    const left = local.emulator.certificates();
    process.stdout.write(`  certificates: ${left.length}, DNS records: ${local.emulator.dns.list().length}\n`);
    process.stdout.write(`  API calls (Lightsail and Route 53): ${JSON.stringify(local.emulator.calls.countsByOperation())}\n`);
    process.stdout.write(`\nDone in ${(Number(process.hrtime.bigint() - started) / 1e9).toFixed(1)} s of real time.\n`);
    if (left.length > 0) {
      throw new Error(`${left.length} certificate(s) left behind`);
    }
  } finally {
    await local.stop();
    fs.rmSync(assembly, { recursive: true, force: true });
  }
}

main().catch((error) => {
  process.stderr.write(`demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
