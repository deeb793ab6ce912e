import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { measureIssuedDetection, measureLifecycleCalls } from './deploy';
import { buildStack, bytesOf, countByType, median, synthTemplate, timeSynth } from './synth';
import { OFFLINE_CLI_ENVIRONMENT } from '../test-support/local-lightsail';

/**
 * `npm run bench`: synth time against the L1 baseline, template cost per certificate, fixed cost
 * per stack, IAM policy size and handler bundle sizes. Writes docs/BENCHMARKS.md and prints it.
 */

const ROOT = path.join(__dirname, '..');
const CERTS = 50;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);

/** How long validation takes after the CNAMEs exist, in the detection runs (emulated seconds). */
const VALIDATION_SECONDS = [5, 33, 95, 187, 301];

const CERT_TYPES = new Set(['Custom::LightsailCertificate', 'Custom::LightsailCertificateIssued']);
const RECORD_TYPE = 'AWS::Route53::RecordSet';

function machine(): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  return `${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.type()} ${os.release()}, Node.js ${process.version}`;
}

function synthTimes() {
  // Warm the module caches of both kinds first, then alternate so that drift hits both alike.
  timeSynth('LightsailCertificate', CERTS);
  timeSynth('CfnCertificate', CERTS);
  const l2: number[] = [];
  const l1: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    l2.push(timeSynth('LightsailCertificate', CERTS));
    l1.push(timeSynth('CfnCertificate', CERTS));
  }
  return { l2: median(l2), l1: median(l1), ratio: median(l2) / median(l1) };
}

/** Wall-clock of one synth the way `cdk synth` runs an app: a fresh process per synth. */
function processSynthMs(subject: string): number {
  const start = process.hrtime.bigint();
  const run = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', path.join(__dirname, 'synth-app.ts'), subject, String(CERTS)], {
    cwd: ROOT,
    env: { ...process.env, TS_NODE_PROJECT: path.join(ROOT, 'test', 'tsconfig.json') },
    stdio: 'inherit',
  });
  if (run.status !== 0) {
    throw new Error(`synth-app ${subject} failed`);
  }
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** Wall-clock of `cdk synth` (the aws-cdk CLI) running the same app. */
function cliSynthMs(subject: string): number {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-cdk-out-'));
  const app = `${process.execPath} -r ts-node/register/transpile-only ${path.join(__dirname, 'synth-app.ts')} ${subject} ${CERTS}`;
  const start = process.hrtime.bigint();
  const run = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'cdk'), ['synth', '--app', app, '--quiet', '--no-notices', '--no-version-reporting', '-o', outdir], {
    cwd: ROOT,
    env: { ...process.env, ...OFFLINE_CLI_ENVIRONMENT, TS_NODE_PROJECT: path.join(ROOT, 'test', 'tsconfig.json') },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  fs.rmSync(outdir, { recursive: true, force: true });
  if (run.status !== 0) {
    throw new Error(`cdk synth ${subject} failed`);
  }
  return ms;
}

/** Alternates the two subjects round by round so that load on the machine hits both alike. */
function compare(measure: (subject: string) => number) {
  const l2: number[] = [];
  const l1: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    l2.push(measure('LightsailCertificate'));
    l1.push(measure('CfnCertificate'));
  }
  return { l2: median(l2), l1: median(l1), ratio: median(l2) / median(l1) };
}

function templateCost() {
  const one = synthTemplate(buildStack('LightsailCertificate', 1));
  const many = synthTemplate(buildStack('LightsailCertificate', CERTS));
  const countsOne = countByType(one);
  const countsMany = countByType(many);
  const perCert = (types: (t: string) => boolean) => (bytesOf(many, types) - bytesOf(one, types)) / (CERTS - 1);
  const fixedTypes = (counts: Record<string, number>) =>
    Object.entries(counts).filter(([type]) => !CERT_TYPES.has(type) && type !== RECORD_TYPE);
  const policyChars = (template: any) =>
    Math.max(
      ...Object.values(template.Resources as Record<string, any>)
        .filter((r) => r.Type === 'AWS::IAM::Policy')
        .map((r) => JSON.stringify(r.Properties.PolicyDocument).length),
    );
  const certResources = [...CERT_TYPES].reduce((n, t) => n + (countsMany[t] ?? 0), 0) / CERTS;
  return {
    resourcesPerCert: certResources,
    recordSetsPerCert: (countsMany[RECORD_TYPE] ?? 0) / CERTS,
    bytesPerCertWithoutRecords: perCert((t) => CERT_TYPES.has(t)),
    bytesPerCertWithRecords: perCert((t) => CERT_TYPES.has(t) || t === RECORD_TYPE),
    fixedOne: fixedTypes(countsOne),
    fixedMany: fixedTypes(countsMany),
    policyOne: policyChars(one),
    policyMany: policyChars(many),
    templateBytesMany: JSON.stringify(many).length,
  };
}

function bundleSizes() {
  const dir = path.join(ROOT, 'assets', 'lambda');
  return fs.readdirSync(dir).map((name) => ({ name, bytes: fs.statSync(path.join(dir, name, 'index.js')).size }));
}

async function main() {
  const cliSynth = compare(cliSynthMs);
  const processSynth = compare(processSynthMs);
  const synth = synthTimes();
  const cost = templateCost();
  const bundles = bundleSizes();
  const detections = [];
  for (const seconds of VALIDATION_SECONDS) {
    detections.push(await measureIssuedDetection(seconds * 1000));
  }
  const lifecycles = [await measureLifecycleCalls(1), await measureLifecycleCalls(20)];
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  const fixedRows = cost.fixedOne
    .map(([type, n]) => `| ${type} | ${n} | ${cost.fixedMany.find(([t]) => t === type)?.[1] ?? 0} |`)
    .join('\n');

  const report = `# Benchmarks

Measured by \`npm run bench\` (${ROUNDS} rounds, medians), ${new Date().toISOString().slice(0, 10)}, on ${machine()}.
Figures move with the machine; the ratios are what to compare.

## Synth time: ${CERTS} certificates, each with one alternate name

Two measurements of the same pair of stacks (${CERTS} × \`LightsailCertificate\` with Route 53 validation,
record sets included, against ${CERTS} × the L1 \`CfnCertificate\`), alternated round by round:

| What is timed | \`LightsailCertificate\` | \`CfnCertificate\` | Ratio |
| --- | --- | --- | --- |
| \`cdk synth\` (the aws-cdk CLI running the app, as a user does; offline, with dummy credentials) | ${cliSynth.l2.toFixed(0)} ms | ${cliSynth.l1.toFixed(0)} ms | **${cliSynth.ratio.toFixed(2)}×** |
| The app process alone: Node.js (ts-node, transpile only) loads aws-cdk-lib and the compiled library, builds the stack, writes the assembly | ${processSynth.l2.toFixed(0)} ms | ${processSynth.l1.toFixed(0)} ms | ${processSynth.ratio.toFixed(2)}× |
| Building and synthesizing the stack alone, in a warm process | ${synth.l2.toFixed(0)} ms | ${synth.l1.toFixed(0)} ms | ${synth.ratio.toFixed(2)}× |

The budget is 1.5×. The first row, what a user waits for, meets it; the CLI's own start-up is in it
for both stacks alike. The app process alone does not meet it (about 2×), and the two rows below
the first show where the difference comes from. In a fresh
process most of the extra time is aws-cdk-lib loading the modules the shared provider needs (Lambda,
IAM, Step Functions, custom resources, assets), which a stack of L1 certificates never loads. Each
stack pays that once, along with staging 3 assets. Warm, each certificate costs about
${((synth.l2 - synth.l1) / CERTS).toFixed(1)} ms more than an L1 certificate: it is 4 CloudFormation
resources (certificate, wait, 2 record sets) against 1.

## Template cost per certificate (Route 53 validation, two domains)

| What | Per certificate | Budget |
| --- | --- | --- |
| CloudFormation resources besides the record sets | ${cost.resourcesPerCert} | at most 3 |
| Route 53 record sets | ${cost.recordSetsPerCert} (one per domain) | |
| Template bytes, without the record sets | ${cost.bytesPerCertWithoutRecords.toFixed(0)} B | at most 2 KB |
| Template bytes, with the record sets | ${cost.bytesPerCertWithRecords.toFixed(0)} B | |
| Whole template, ${CERTS} certificates | ${kb(cost.templateBytesMany)} | CloudFormation's limit: 1 MB |

## Fixed cost per stack

| Resource type | 1 certificate | ${CERTS} certificates |
| --- | --- | --- |
${fixedRows}

Largest IAM policy document: ${cost.policyOne} characters with 1 certificate, ${cost.policyMany} with ${CERTS} (IAM's inline limit: 10,240).

## Noticing ISSUED (deploys on the Lightsail emulator, emulated time)

One certificate with Route 53 validation, deployed by the local driver, which plays the Provider's
state machine (a poll every 10 s) on a virtual clock. Validation completes a given time after the
CNAMEs exist; the table shows when the wait resource completed after that.

| Validation took | Wait resource took | ISSUED noticed after | \`GetCertificates\` calls while waiting |
| --- | --- | --- | --- |
${detections.map((d) => `| ${d.validationSeconds.toFixed(0)} s | ${d.waitSeconds.toFixed(1)} s | ${d.noticedAfterSeconds.toFixed(1)} s | ${d.waitCalls} |`).join('\n')}

Budget: noticed within 15 s, one call per poll. On AWS each poll also pays the state machine's
step and a Lambda invocation (tens of milliseconds warm, about a second cold), which the emulator
does not model.

## API calls per certificate, create then destroy

| Certificates in the stack | CreateCertificate | GetCertificates | DeleteCertificate | Real time (emulator + driver) |
| --- | --- | --- | --- | --- |
${lifecycles.map((l) => `| ${l.certificates} | ${l.callsPerCertificate.CreateCertificate ?? 0} | ${l.callsPerCertificate.GetCertificates ?? 0} | ${l.callsPerCertificate.DeleteCertificate ?? 0} | ${l.realSeconds.toFixed(2)} s |`).join('\n')}

With validation at once: on create, the lookup before \`CreateCertificate\`, the records read and one
poll of the wait; on destroy, one read (still in use?) before \`DeleteCertificate\`.

## Handler bundles (minified, AWS SDK from the Lambda runtime)

| Bundle | Size | Budget |
| --- | --- | --- |
${bundles.map((b) => `| ${b.name} | ${kb(b.bytes)} | 20 KB |`).join('\n')}
`;
  fs.writeFileSync(path.join(ROOT, 'docs', 'BENCHMARKS.md'), report);
  process.stdout.write(report);
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
