import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { BundleBreakdown, bundleBreakdown, renderBundleBreakdown } from './bundle';
import { FAULT_KINDS, FaultRun, IssuedDetection, LifecycleCalls, measureFaultRun, measureIssuedDetection, measureLifecycleCalls } from './deploy';
import { cleanUpRecordsBench, measureRecordsFaultRun, RECORDS_FAULT_RATES, RecordsFaultRun } from './records-faults';
import { buildStack, bytesOf, countByType, median, removeAssembly, Subject, synthTemplate, timeSynth, Wait } from './synth';
import { WatchFootprint, watchFootprint, watchRunCalls } from './watch';
import { LIGHTSAIL_REGIONS } from '../src/private/regions';
import { OFFLINE_CLI_ENVIRONMENT } from '../test-support/local-lightsail';

/**
 * `npm run bench` (`npx projen bench`): the handler bundle, the fixed cost per stack, the template cost
 * per certificate, IAM policy size, synth time against the L1 baseline, how fast ISSUED is noticed, API
 * calls per certificate, and a create-and-destroy under injected faults. Writes docs/BENCHMARKS.md and
 * prints it; exits non-zero when a fault run leaks or duplicates a certificate.
 *
 * Environment: BENCH_ROUNDS (synth rounds, default 7), BENCH_FAULT_SEEDS (fault runs, default 5).
 */

const ROOT = path.join(__dirname, '..');
const CERTS = 50;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const FAULT_SEEDS = Number(process.env.BENCH_FAULT_SEEDS ?? 5);
/** Seeds of the validation-record fault runs (BENCH_RECORD_SEEDS). */
const RECORD_SEEDS = Number(process.env.BENCH_RECORD_SEEDS ?? 100);
const FAULT_RATE = 0.3;
const FAULT_CERTS = 5;
const FAULT_VALIDATION_MS = 30_000;
const FAULT_LATE_RECORD_READS = 2;
const FAULT_HIDDEN_READS = 2;

/** How long validation takes after the CNAMEs exist, in the detection runs (emulated seconds): links 1, 2 and 3. */
const VALIDATION_SECONDS = [5, 33, 95, 301, 787, 1203, 1697];

const CERT_TYPES = new Set(['Custom::LightsailCertificate', 'Custom::LightsailCertificateIssued']);
const LINK_TYPE = 'Custom::LightsailCertificateIssued';
const RECORD_TYPE = 'AWS::Route53::RecordSet';

/** Budgets, as docs/BENCHMARKS.md states them. */
const BUDGET = {
  bundleBytes: 20 * 1024,
  fixedResources: 3,
  certBytes: 2 * 1024,
  ratioOne: 1.3,
  ratioMany: 1.8,
  noticedSeconds: 15,
};

/** The figures of the mechanism this one replaced: docs/BENCHMARKS.md of 2026-11-29, same kind of machine. */
const BEFORE = {
  fixed: '17 (5 functions, 5 roles, 5 policies, a state machine, a log group)',
  bundles: '2: 6.7 KB + 6.5 KB',
  certResources: '2 (certificate, wait)',
  certBytes: '831 B',
  certBytesWithRecords: '1334 B (2 record sets)',
  policy: '889 characters',
  processOne: '2.31× (figure quoted in the issue)',
  processMany: '2.00× (1877 ms against 936 ms; the issue quoted 2.74×)',
  cli: '1.21× (4130 ms against 3420 ms)',
  warm: '6.89× (362 ms against 52 ms)',
  noticed: '3.1–9.1 s (a poll every 10 s: a state-machine step and a Lambda invocation each)',
  calls: '6: 1 CreateCertificate, 4 GetCertificates, 1 DeleteCertificate (record sets written by CloudFormation, not counted)',
};

/** The same, as numbers (bytes, characters, ratios, counts), to say what grew and what shrank. */
const BEFORE_VALUES = {
  fixed: 17,
  bundleKb: 13.2,
  certResources: 2,
  certBytesWithRecords: 1334,
  policy: 889,
  processOne: 2.31,
  processMany: 2.0,
  calls: 6,
};

const SUBJECTS: Subject[] = ['LightsailCertificate', 'CfnCertificate'];

function machine(): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  return `${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.type()} ${os.release()}, Node.js ${process.version}`;
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
const met = (ok: boolean) => (ok ? 'met' : '**not met**');
const ms = (n: number) => `${n.toFixed(0)} ms`;

/** What the app process reported about itself (see synth-app.ts). */
interface AppReport {
  readonly startupMs: number;
  readonly commonMs: number;
  readonly subjectMs: number;
  readonly buildMs: number;
  readonly synthMs: number;
  /** Module files loaded: `<package>/<path>`, or `./<path>` for the project's own. */
  readonly modules: string[];
}

/** What a loaded module file belongs to: its aws-cdk-lib directory, its package, or the project. */
function moduleGroup(module: string): string {
  if (module.startsWith('./')) {
    return module.split('/').slice(0, 2).join('/');
  }
  const parts = module.split('/');
  if (parts[0] === 'aws-cdk-lib') {
    return parts.slice(0, -1).join('/');
  }
  return parts[0].startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** The modules in `a` and not in `b`, as "group (files)", largest groups first. */
function moduleDifference(a: string[], b: string[]): string {
  const other = new Set(b);
  const groups = new Map<string, number>();
  a.filter((m) => !other.has(m)).forEach((m) => groups.set(moduleGroup(m), (groups.get(moduleGroup(m)) ?? 0) + 1));
  return [...groups.entries()].sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0])).map(([g, n]) => `\`${g}\` (${n})`).join(', ') || 'none';
}

const tsNodeEnv = () => ({ ...process.env, TS_NODE_PROJECT: path.join(ROOT, 'test', 'tsconfig.json') });

/**
 * How the app runs: \`ts\`, a TypeScript app through ts-node (transpile only), as \`cdk init\`'s apps run;
 * \`js\`, the same app compiled to JavaScript (by esbuild, into .bench/), run by plain Node.js.
 */
type AppMode = 'ts' | 'js';

const JS_DIR = path.join(ROOT, '.bench');

/** Compiles bench/synth-app.ts and bench/synth.ts to .bench/ (file by file, the imports left as they are). */
function compileJsApp(): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const esbuild = require('esbuild') as typeof import('esbuild');
  esbuild.buildSync({
    entryPoints: [path.join(__dirname, 'synth-app.ts'), path.join(__dirname, 'synth.ts')],
    outdir: JS_DIR,
    format: 'cjs',
    platform: 'node',
    target: `node${process.versions.node.split('.')[0]}`,
    logLevel: 'warning',
  });
}

function appCommand(mode: AppMode): string[] {
  return mode === 'ts'
    ? ['-r', 'ts-node/register/transpile-only', path.join(__dirname, 'synth-app.ts')]
    : [path.join(JS_DIR, 'synth-app.js')];
}

/** Wall-clock of one synth the way `cdk synth` runs an app: a fresh process, which writes the assembly. */
function processSynth(subject: Subject, count: number, mode: AppMode): { ms: number; report: AppReport } {
  const reportFile = path.join(os.tmpdir(), `bench-synth-app-${process.pid}.json`);
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-cdk-out-'));
  const start = process.hrtime.bigint();
  const run = spawnSync(process.execPath, [...appCommand(mode), subject, String(count)], {
    cwd: ROOT,
    // CDK_OUTDIR: where `cdk synth` tells the app to write the assembly.
    env: { ...tsNodeEnv(), CDK_OUTDIR: outdir, BENCH_SYNTH_REPORT: reportFile },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
  fs.rmSync(outdir, { recursive: true, force: true });
  if (run.status !== 0) {
    throw new Error(`synth-app ${subject} ${count} failed`);
  }
  const report = JSON.parse(fs.readFileSync(reportFile, 'utf8')) as AppReport;
  fs.rmSync(reportFile, { force: true });
  return { ms: elapsed, report };
}

/** Wall-clock of `cdk synth` (the aws-cdk CLI) running the same app. */
function cliSynthMs(subject: Subject, count: number): number {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-cdk-out-'));
  const app = `${process.execPath} -r ts-node/register/transpile-only ${path.join(__dirname, 'synth-app.ts')} ${subject} ${count}`;
  const start = process.hrtime.bigint();
  const run = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'cdk'), ['synth', '--app', app, '--quiet', '--no-notices', '--no-version-reporting', '-o', outdir], {
    cwd: ROOT,
    env: { ...tsNodeEnv(), ...OFFLINE_CLI_ENVIRONMENT },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
  fs.rmSync(outdir, { recursive: true, force: true });
  if (run.status !== 0) {
    throw new Error(`cdk synth ${subject} failed`);
  }
  return elapsed;
}

interface Comparison {
  readonly l2: number;
  readonly l1: number;
  readonly ratio: number;
}

function comparison(l2: number[], l1: number[]): Comparison {
  return { l2: median(l2), l1: median(l1), ratio: median(l2) / median(l1) };
}

/**
 * The app process for 1 and for 50 certificates, each against the same app with as many
 * \`CfnCertificate\`s, as a TypeScript app and as a JavaScript one: one warm-up run of each, then
 * rounds in which every pair runs side by side, the order within a pair swapped each round, so
 * that drift and load hit both alike.
 */
function processSynthTimes() {
  compileJsApp();
  const counts = [1, CERTS];
  const modes: AppMode[] = ['ts', 'js'];
  const times = new Map<string, number[]>();
  const reports = new Map<string, AppReport[]>();
  const key = (subject: Subject, count: number, mode: AppMode) => `${subject}/${count}/${mode}`;
  for (const mode of modes) {
    for (const count of counts) {
      SUBJECTS.forEach((subject) => processSynth(subject, count, mode));
    }
  }
  for (let round = 0; round < ROUNDS; round++) {
    for (const mode of modes) {
      for (const count of counts) {
        for (const subject of round % 2 === 0 ? SUBJECTS : [...SUBJECTS].reverse()) {
          const { ms: elapsed, report } = processSynth(subject, count, mode);
          const k = key(subject, count, mode);
          times.set(k, [...(times.get(k) ?? []), elapsed]);
          reports.set(k, [...(reports.get(k) ?? []), report]);
        }
      }
    }
  }
  fs.rmSync(JS_DIR, { recursive: true, force: true });
  const of = (count: number, mode: AppMode = 'ts') =>
    comparison(times.get(key('LightsailCertificate', count, mode))!, times.get(key('CfnCertificate', count, mode))!);
  const phases = (subject: Subject, count: number) => {
    const list = reports.get(key(subject, count, 'ts'))!;
    const phase = (name: keyof AppReport) => median(list.map((r) => r[name] as number));
    return {
      subject,
      count,
      total: median(times.get(key(subject, count, 'ts'))!),
      startupMs: phase('startupMs'),
      commonMs: phase('commonMs'),
      subjectMs: phase('subjectMs'),
      buildMs: phase('buildMs'),
      synthMs: phase('synthMs'),
      modules: list[0].modules,
    };
  };
  return {
    one: of(1),
    many: of(CERTS),
    jsOne: of(1, 'js'),
    jsMany: of(CERTS, 'js'),
    phases: counts.flatMap((count) => SUBJECTS.map((subject) => phases(subject, count))),
  };
}

function cliSynthTimes(): Comparison {
  SUBJECTS.forEach((subject) => cliSynthMs(subject, CERTS));
  const l2: number[] = [];
  const l1: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    for (const subject of round % 2 === 0 ? SUBJECTS : [...SUBJECTS].reverse()) {
      (subject === 'LightsailCertificate' ? l2 : l1).push(cliSynthMs(subject, CERTS));
    }
  }
  return comparison(l2, l1);
}

/** Building and synthesizing in this (warm) process: what each certificate costs once everything is loaded. */
function warmSynthTimes(count: number): Comparison {
  SUBJECTS.forEach((subject) => timeSynth(subject, count));
  const l2: number[] = [];
  const l1: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    for (const subject of round % 2 === 0 ? SUBJECTS : [...SUBJECTS].reverse()) {
      (subject === 'LightsailCertificate' ? l2 : l1).push(timeSynth(subject, count));
    }
  }
  return comparison(l2, l1);
}

/** The inline policy documents of the template's roles and its \`AWS::IAM::Policy\` resources. */
function policyDocuments(template: any): unknown[] {
  return Object.values(template.Resources as Record<string, any>).flatMap((r) => {
    if (r.Type === 'AWS::IAM::Policy') {
      return [r.Properties.PolicyDocument];
    }
    if (r.Type === 'AWS::IAM::Role') {
      return ((r.Properties.Policies ?? []) as any[]).map((p) => p.PolicyDocument);
    }
    return [];
  });
}

/** The longest policy document as synthesized (minified JSON, intrinsics unresolved): how the old figure was taken. */
function policyChars(template: any): number {
  return Math.max(0, ...policyDocuments(template).map((d) => JSON.stringify(d).length));
}

/**
 * Roughly what IAM counts against a role's inline limit (10,240 characters, whitespace not counted):
 * every inline policy with its intrinsics resolved, pseudo parameters as in the bench's stack and
 * attributes as ARNs of the length CloudFormation generates.
 */
function resolvedPolicyChars(template: any): number {
  const generated = (id: string) => `Bench-${id}-A1B2C3D4E5F6`;
  const pseudo: Record<string, string> = { 'AWS::Partition': 'aws', 'AWS::AccountId': '123456789012', 'AWS::Region': 'eu-west-1', 'AWS::StackName': 'Bench' };
  const resolve = (value: any): any => {
    if (Array.isArray(value)) {
      return value.map(resolve);
    }
    if (value === null || typeof value !== 'object') {
      return value;
    }
    if ('Fn::Sub' in value) {
      const [text, variables] = Array.isArray(value['Fn::Sub']) ? value['Fn::Sub'] : [value['Fn::Sub'], {}];
      return String(text).replace(/\$\{([^}]+)\}/g, (_: string, name: string) => String(resolve(variables[name]) ?? pseudo[name] ?? generated(name)));
    }
    if ('Fn::GetAtt' in value) {
      return `arn:aws:logs:eu-west-1:123456789012:log-group:${generated(value['Fn::GetAtt'][0])}`;
    }
    if ('Ref' in value) {
      return pseudo[value.Ref] ?? generated(value.Ref);
    }
    if ('Fn::Join' in value) {
      return (resolve(value['Fn::Join'][1]) as string[]).join(value['Fn::Join'][0]);
    }
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v)]));
  };
  return policyDocuments(template).reduce((n: number, d) => n + JSON.stringify(resolve(d)).length, 0);
}

function templateCost(wait: Wait) {
  const synthOnce = (count: number) => {
    const stack = buildStack('LightsailCertificate', count, wait);
    const template = synthTemplate(stack);
    removeAssembly(stack);
    return template;
  };
  const one = synthOnce(1);
  const many = synthOnce(CERTS);
  const countsOne = countByType(one);
  const countsMany = countByType(many);
  const perCert = (types: (t: string) => boolean) => (bytesOf(many, types) - bytesOf(one, types)) / (CERTS - 1);
  const fixed = (template: any, counts: Record<string, number>) => {
    const types = Object.entries(counts).filter(([type]) => !CERT_TYPES.has(type) && type !== RECORD_TYPE);
    const functions = Object.values(template.Resources as Record<string, any>).filter((r) => r.Type === 'AWS::Lambda::Function');
    return {
      types,
      total: types.reduce((n, [, c]) => n + c, 0),
      runtimes: [...new Set(functions.map((f) => String(f.Properties.Runtime)))],
      stateMachines: counts['AWS::StepFunctions::StateMachine'] ?? 0,
    };
  };
  return {
    wait,
    resourcesPerCert: [...CERT_TYPES].reduce((n, t) => n + (countsMany[t] ?? 0), 0) / CERTS,
    linksPerCert: (countsMany[LINK_TYPE] ?? 0) / CERTS,
    recordSetsPerCert: (countsMany[RECORD_TYPE] ?? 0) / CERTS,
    bytesPerCertWithoutRecords: perCert((t) => CERT_TYPES.has(t)),
    bytesPerCertWithRecords: perCert((t) => CERT_TYPES.has(t) || t === RECORD_TYPE),
    fixedOne: fixed(one, countsOne),
    fixedMany: fixed(many, countsMany),
    policyOne: policyChars(one),
    policyMany: policyChars(many),
    resolvedPolicyOne: resolvedPolicyChars(one),
    resolvedPolicyMany: resolvedPolicyChars(many),
    templateBytesMany: JSON.stringify(many).length,
  };
}

/** The role's inline policies, resolved, for ${CERTS} certificates each in a zone of its own. */
function zonesPolicy(): number {
  const stack = buildStack('LightsailCertificate', CERTS, 'default', true);
  const template = synthTemplate(stack);
  removeAssembly(stack);
  return resolvedPolicyChars(template);
}

/** The handler bundles, and the asset as the stack deploys it (with aws-cdk-lib's response entrypoint). */
function bundleSizes() {
  const dir = path.join(ROOT, 'assets', 'lambda');
  const bundles = fs.readdirSync(dir).map((name) => ({ name, bytes: fs.statSync(path.join(dir, name, 'index.js')).size }));
  const stack = buildStack('LightsailCertificate', 1);
  const assembly = (stack.node.root as any).synth();
  const assets = fs.readdirSync(assembly.directory).filter((name: string) => name.startsWith('asset.'));
  const staged = assets.flatMap((asset: string) => {
    const assetDir = path.join(assembly.directory, asset);
    return fs.readdirSync(assetDir).map((f) => fs.statSync(path.join(assetDir, f)).size);
  });
  removeAssembly(stack);
  return { bundles, stagedAssets: assets.length, stagedBytes: staged.reduce((a: number, b: number) => a + b, 0) };
}

function callsCell(calls: Record<string, number>): string {
  const order = ['CreateCertificate', 'GetCertificates', 'TagResource', 'UntagResource', 'DeleteCertificate', 'ChangeResourceRecordSets', 'GetChange'];
  const rank = (op: string) => (order.includes(op) ? order.indexOf(op) : order.length);
  const total = Object.values(calls).reduce((a, b) => a + b, 0);
  const ops = Object.keys(calls).filter((op) => calls[op]).sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  const parts = ops.map((op) => `${Number(calls[op].toFixed(2))} ${op}`);
  return `${Number(total.toFixed(2))} (${parts.join(', ')})`;
}

/** The renewal watch's rows: what `renewalWatch: true` adds to a stack, and what one daily run calls. */
function watchRows(watch: { readonly footprints: WatchFootprint[]; readonly runs: Array<{ count: number; calls: Record<string, number> }> }): string {
  const added = (f: WatchFootprint) => Object.entries(f.addedResources).map(([t, n]) => `${n} ${t}`).join(', ');
  const counts = watch.footprints.map((f) => f.count).join(' / ');
  const flat = watch.footprints.every((f) => Object.values(f.addedResources).reduce((a, b) => a + b, 0) <= 2 && f.functions === 1);
  return [
    `| Renewal watch: resources added per stack, ${counts} watched certificates | ${watch.footprints.map(added).join(' / ')}; functions in the stack: ${watch.footprints.map((f) => f.functions).join(' / ')} | at most 2, no second function | ${met(flat)} |`,
    `| Renewal watch: template bytes added, ${counts} watched certificates; IAM policy characters added | ${watch.footprints.map((f) => `${f.addedTemplateBytes} B`).join(' / ')}; ${watch.footprints.map((f) => f.addedPolicyChars).join(' / ')} (\`cloudwatch:PutMetricData\` on \`*\`, \`cloudwatch:namespace\` condition) | (for information) | |`,
    `| Renewal watch: API calls per daily run, ${watch.runs.map((r) => r.count).join(' / ')} certificates | ${watch.runs.map((r) => callsCell(r.calls)).join(' / ')} | (for information) | |`,
  ].join('\n');
}

function renderReport(data: {
  date: string;
  bundle: ReturnType<typeof bundleSizes>;
  bundleModules: BundleBreakdown;
  cost: ReturnType<typeof templateCost>;
  costMax: ReturnType<typeof templateCost>;
  zonePolicy: number;
  process: ReturnType<typeof processSynthTimes>;
  cli: Comparison;
  warmOne: Comparison;
  warmMany: Comparison;
  detections: IssuedDetection[];
  lifecycles: LifecycleCalls[];
  faults: FaultRun[];
  records: RecordsFaultRun[];
  watch: { readonly footprints: WatchFootprint[]; readonly runs: Array<{ count: number; calls: Record<string, number> }> };
}): { text: string; faultFailures: number } {
  const { bundle, cost, costMax, detections, lifecycles, faults, records } = data;
  const recordFailures = records.filter((r) => r.missingForLive + r.recordsLeft + r.leaked > 0);
  const recordSum = (pick: (r: RecordsFaultRun) => number) => records.reduce((n, r) => n + pick(r), 0);
  const recordOpsFailed = records.filter((r) => r.failedOperations.length > 0);
  const handler = bundle.bundles.find((b) => b.name === 'index');
  const handlerBytes = bundle.bundles.reduce((n, b) => n + b.bytes, 0);
  const fixedOk = (f: typeof cost.fixedOne) => f.total <= BUDGET.fixedResources && f.runtimes.length === 1 && f.stateMachines === 0;
  const noticed = detections.map((d) => d.noticedAfterSeconds);
  const noticedMax = Math.max(...noticed);
  const onePerRead = detections.every((d) => d.waitCalls === d.expectedReads);
  const longestPause = Math.max(...detections.map((d) => d.longestPauseSeconds));
  const faultFailures = faults.filter((f) => f.leaked !== 0 || f.duplicated !== 0).length;
  const deployFailures = faults.filter((f) => f.deployStatus !== 'CREATE_COMPLETE' || f.destroyStatus !== 'DELETE_COMPLETE' || f.afterDeploy !== FAULT_CERTS).length;
  const lifecycleOne = lifecycles[0];
  const callsOne = (phase: Record<string, number>) => Object.values(phase).reduce((a, b) => a + b, 0);
  const fixedDescription = (f: typeof cost.fixedOne) => `${f.total} (${f.types.map(([t, n]) => `${n} ${t}`).join(', ')})`;
  const p = data.process;
  const cdkModules = (modules: string[]) => modules.filter((m) => m.startsWith('aws-cdk-lib/')).length;
  const phaseRows = p.phases.map((ph) =>
    `| ${ph.count} × \`${ph.subject}\` | ${ms(ph.total)} | ${ms(ph.startupMs)} | ${ms(ph.commonMs)} | ${ms(ph.subjectMs)} | ${ms(ph.buildMs)} | ${ms(ph.synthMs)} | ${ph.modules.length} (${cdkModules(ph.modules)}) |`).join('\n');
  const l2Modules = p.phases.find((ph) => ph.subject === 'LightsailCertificate')!.modules;
  const l1Modules = p.phases.find((ph) => ph.subject === 'CfnCertificate')!.modules;
  const extraPerCertMs = (data.warmMany.l2 - data.warmMany.l1) / CERTS;
  const extraTime = (count: number) => {
    const l2 = p.phases.find((ph) => ph.subject === 'LightsailCertificate' && ph.count === count)!;
    const l1 = p.phases.find((ph) => ph.subject === 'CfnCertificate' && ph.count === count)!;
    const d = (name: 'subjectMs' | 'buildMs' | 'synthMs') => ms(l2[name] - l1[name]);
    return `With ${count} certificate${count === 1 ? '' : 's'} the library's app takes ${ms(l2.total - l1.total)} more: ${d('subjectMs')} importing the library, `
      + `${d('buildMs')} building, ${d('synthMs')} synthesizing.`;
  };
  const faultReasons = faults.filter((f) => f.deployReason).map((f) => `; seed ${f.setup.seed}: ${f.deployReason}`).join('');
  const faultOutcome = deployFailures === 0
    ? 'Every deploy and destroy completed.'
    : `${deployFailures} run(s) did not complete their deploy or destroy, or did not have ${FAULT_CERTS} certificates after the deploy${faultReasons}.`;
  const recordsNote = cost.recordSetsPerCert === 0
    ? 'there are no record set resources any more: the handler writes the validation CNAMEs into the zone'
    : `with the record sets (${cost.recordSetsPerCert} per certificate, one per domain) it is ${cost.bytesPerCertWithRecords.toFixed(0)} B`;
  const faultTotals = faults.reduce((sum, f) => sum + Object.values(f.injected).reduce((a, b) => a + b, 0), 0);
  const faultCalls = faults.reduce((sum, f) => sum + f.lightsailCalls, 0);
  const faultRows = faults.map((f) => {
    const injected = `${Object.values(f.injected).reduce((a, b) => a + b, 0)} of ${f.lightsailCalls} (${FAULT_KINDS.map((k) => `${f.injected[k] ?? 0} ${k}`).join(', ')})`;
    return `| ${f.setup.seed} | ${injected} | ${f.deployStatus}; ${f.destroyStatus} | ${f.afterDeploy} | ${f.callsPerCertificate.toFixed(1)} | `
      + `${f.emulatedSeconds.toFixed(0)} s | ${f.realSeconds.toFixed(1)} s | ${f.leaked} | ${f.duplicated} | ${f.recordsLeft} |`;
  }).join('\n');
  const droppedTotals: Record<string, number> = {};
  faults.forEach((f) => Object.entries(f.appliedThenDropped).forEach(([op, n]) => { droppedTotals[op] = (droppedTotals[op] ?? 0) + n; }));
  const droppedAfterApply = Object.entries(droppedTotals).sort((a, b) => b[1] - a[1]).map(([op, n]) => `${n} ${op}`).join(', ') || 'none';
  const destroyReads = lifecycleOne.destroy.GetCertificates ?? 0;
  const lifecycleMany = lifecycles[lifecycles.length - 1];
  const pagedReads = (lifecycleMany.destroy.GetCertificates ?? 0) > destroyReads
    ? `With ${lifecycleMany.certificates} certificates in the stack, the destroy reads more (${Number((lifecycleMany.destroy.GetCertificates ?? 0).toFixed(2))} \`GetCertificates\`): `
      + 'a region read takes more than one page while the other certificates are still there. '
    : '';
  const callsAfter = callsOne(lifecycleOne.deploy) + callsOne(lifecycleOne.destroy);
  // Each figure before and after (with its unit), and why it grew where the new mechanism explains it.
  const compared: Array<[string, number, number, string, string]> = [
    ['support resources per stack', BEFORE_VALUES.fixed, cost.fixedMany.total, '', ''],
    ['handler code', BEFORE_VALUES.bundleKb, Number((handlerBytes / 1024).toFixed(1)), ' KB', 'one bundle does what two did, and writes the validation records'],
    ['resources per certificate', BEFORE_VALUES.certResources, cost.resourcesPerCert, '', `the wait is ${cost.linksPerCert} links of at most 13 minutes`],
    ['template per certificate, record sets counted', BEFORE_VALUES.certBytesWithRecords, Math.round(cost.bytesPerCertWithRecords), ' B', ''],
    ['policy', BEFORE_VALUES.policy, cost.policyMany, ' characters', 'it names the hosted zones the handler writes records into'],
    ['app-process synth ratio with 1 certificate', BEFORE_VALUES.processOne, Number(p.one.ratio.toFixed(2)), '×', ''],
    [`app-process synth ratio with ${CERTS}`, BEFORE_VALUES.processMany, Number(p.many.ratio.toFixed(2)), '×', ''],
    ['API calls per certificate', BEFORE_VALUES.calls, Number(callsAfter.toFixed(2)), '',
      'the Route 53 calls are now the handler\'s, each link reads once, and the destroy reads every Lightsail region (see "API calls")'],
  ];
  const describeChange = ([what, before, after, unit, why]: [string, number, number, string, string], withWhy: boolean) =>
    `${what} (${before}${unit} → ${after}${unit}${withWhy && why ? `: ${why}` : ''})`;
  const smaller = compared.filter(([, before, after]) => after < before).map((c) => describeChange(c, false));
  const bigger = compared.filter(([, before, after]) => after > before).map((c) => describeChange(c, true));
  const changes = `Smaller: ${smaller.join('; ') || 'nothing'}. Bigger: ${bigger.join('; ') || 'nothing'}.`;
  const regionScan = destroyReads >= LIGHTSAIL_REGIONS.length
    ? `On destroy, ${LIGHTSAIL_REGIONS.length} of the ${destroyReads} \`GetCertificates\` per certificate are one per Lightsail region: before `
      + 'removing a validation record, the handler looks in each region for another certificate that still needs it. '
    : '';

  const text = `# Benchmarks

Written by \`npx projen bench\` (\`npm run bench\`: bundle, compile, then \`bench/run.ts\`), ${data.date}, with
${ROUNDS} synth rounds (medians) and ${faults.length} fault runs, on ${machine()}.
Times move with the machine; compare the ratios, which are timed side by side in the same run.

## Figures and budgets

| Figure | Measured | Budget | |
| --- | --- | --- | --- |
| Handler bundle (\`assets/lambda/index/index.js\`, minified, AWS SDK from the Lambda runtime) | ${handler ? kb(handler.bytes) : 'missing'}${bundle.bundles.length > 1 ? ` (${bundle.bundles.length} bundles, ${kb(handlerBytes)} in all)` : ''} | at most 20 KB, one handler | ${met(handlerBytes <= BUDGET.bundleBytes && bundle.bundles.length === 1)} |
| Support resources per stack, 1 certificate | ${fixedDescription(cost.fixedOne)} | at most 3 | ${met(fixedOk(cost.fixedOne))} |
| Support resources per stack, ${CERTS} certificates | ${fixedDescription(cost.fixedMany)} | at most 3 | ${met(fixedOk(cost.fixedMany))} |
| Runtimes; state machines | ${cost.fixedMany.runtimes.join(', ')}; ${cost.fixedMany.stateMachines} | one runtime; none | ${met(cost.fixedMany.runtimes.length === 1 && cost.fixedMany.stateMachines === 0)} |
| Template per certificate besides its record sets, default timeout (30 min) | ${cost.bytesPerCertWithoutRecords.toFixed(0)} B in ${cost.resourcesPerCert} resources (certificate + ${cost.linksPerCert} wait links) | at most 2 KB | ${met(cost.bytesPerCertWithoutRecords <= BUDGET.certBytes)} |
| Template per certificate besides its record sets, longest timeout (1 h) | ${costMax.bytesPerCertWithoutRecords.toFixed(0)} B in ${costMax.resourcesPerCert} resources (certificate + ${costMax.linksPerCert} wait links) | at most 2 KB | ${met(costMax.bytesPerCertWithoutRecords <= BUDGET.certBytes)} |
| IAM policy of the function's role, 1 / ${CERTS} certificates in one zone | ${cost.resolvedPolicyOne} / ${cost.resolvedPolicyMany} characters resolved (${cost.policyOne} / ${cost.policyMany} as synthesized) | does not grow with certificates | ${met(cost.resolvedPolicyOne === cost.resolvedPolicyMany)} |
| IAM policy of the function's role, ${CERTS} certificates each in its own zone | ${data.zonePolicy} characters resolved | IAM's limit for a role's inline policies: 10,240 | ${met(data.zonePolicy <= 10240)} |
| Synth, app process, 1 certificate vs 1 \`CfnCertificate\` | ${ms(p.one.l2)} vs ${ms(p.one.l1)}: **${p.one.ratio.toFixed(2)}×** | at most ${BUDGET.ratioOne}× | ${met(p.one.ratio <= BUDGET.ratioOne)} |
| Synth, app process, ${CERTS} certificates vs ${CERTS} \`CfnCertificate\` | ${ms(p.many.l2)} vs ${ms(p.many.l1)}: **${p.many.ratio.toFixed(2)}×** | at most ${BUDGET.ratioMany}× | ${met(p.many.ratio <= BUDGET.ratioMany)} |
| Synth, app process compiled to JavaScript (no ts-node), 1 / ${CERTS} certificates | ${p.jsOne.ratio.toFixed(2)}× (${ms(p.jsOne.l2)} vs ${ms(p.jsOne.l1)}) / ${p.jsMany.ratio.toFixed(2)}× (${ms(p.jsMany.l2)} vs ${ms(p.jsMany.l1)}) | (for information) | |
| \`cdk synth\` (the CLI running the same app), ${CERTS} certificates | ${ms(data.cli.l2)} vs ${ms(data.cli.l1)}: ${data.cli.ratio.toFixed(2)}× | (for information) | |
| Build + synth in a warm process, 1 / ${CERTS} certificates | ${data.warmOne.ratio.toFixed(2)}× / ${data.warmMany.ratio.toFixed(2)}× (${ms(data.warmMany.l2)} vs ${ms(data.warmMany.l1)} with ${CERTS}) | (for information) | |
| ISSUED noticed after the status change | ${Math.min(...noticed).toFixed(1)}–${noticedMax.toFixed(1)} s | at most 15 s | ${met(noticedMax <= BUDGET.noticedSeconds)} |
| \`GetCertificates\` calls per read of the wait | ${onePerRead ? '1' : 'more than 1'} (longest pause between reads ${longestPause.toFixed(1)} s) | 1, a read every 10 s | ${met(onePerRead && longestPause <= 10.5)} |
| API calls per certificate, create + destroy, no faults | ${callsCell(Object.fromEntries(Object.keys({ ...lifecycleOne.deploy, ...lifecycleOne.destroy }).map((op) => [op, (lifecycleOne.deploy[op] ?? 0) + (lifecycleOne.destroy[op] ?? 0)])))} | (for information) | |
${watchRows(data.watch)}
| Fault runs: certificates leaked / duplicated | ${faults.reduce((n, f) => n + f.leaked, 0)} / ${faults.reduce((n, f) => n + f.duplicated, 0)} in ${faults.length} runs | 0 / 0 (the bench fails otherwise) | ${met(faultFailures === 0)} |

## Before → after

This is the first run of the new mechanism. Before, each stack had aws-cdk-lib's \`Provider\`
framework (two handler functions plus the framework's three, each with a role and a policy, a
Step Functions state machine polling every 10 s, a log group); now it has aws-cdk-lib's core
\`CustomResourceProvider\`: one function, its role and its log group. Each certificate is a
\`Custom::LightsailCertificate\` and, when it waits, a chain of \`Custom::LightsailCertificateIssued\` links
of at most 13 minutes each (a Lambda invocation lasts at most 15), one after the other. "Before" is from
docs/BENCHMARKS.md of 2026-11-29 (7 rounds, 2 × AMD EPYC, 24 GiB, Node.js v20.20.2) and, for one figure,
from the issue that asked for the change.

| Figure | Before | After |
| --- | --- | --- |
| Support resources per stack | ${BEFORE.fixed} | ${fixedDescription(cost.fixedMany)} |
| Handler bundles | ${BEFORE.bundles} | 1: ${kb(handlerBytes)} |
| Resources per certificate besides record sets | ${BEFORE.certResources} | ${cost.resourcesPerCert} (certificate, ${cost.linksPerCert} links) with the default timeout; ${costMax.resourcesPerCert} with 1 h |
| Template bytes per certificate besides record sets | ${BEFORE.certBytes} | ${cost.bytesPerCertWithoutRecords.toFixed(0)} B (default timeout); ${costMax.bytesPerCertWithoutRecords.toFixed(0)} B (1 h) |
| Template bytes per certificate, record sets included | ${BEFORE.certBytesWithRecords} | ${cost.bytesPerCertWithRecords.toFixed(0)} B (default timeout; ${cost.recordSetsPerCert} record sets) |
| Largest IAM policy document (as synthesized) | ${BEFORE.policy} | ${cost.policyMany} characters (grows with hosted zones, not certificates) |
| Synth ratio, app process, 1 certificate | ${BEFORE.processOne} | ${p.one.ratio.toFixed(2)}× |
| Synth ratio, app process, ${CERTS} certificates | ${BEFORE.processMany} | ${p.many.ratio.toFixed(2)}× (${ms(p.many.l2)} against ${ms(p.many.l1)}) |
| Synth ratio, \`cdk synth\`, ${CERTS} certificates | ${BEFORE.cli} | ${data.cli.ratio.toFixed(2)}× (${ms(data.cli.l2)} against ${ms(data.cli.l1)}) |
| Synth ratio, warm process, ${CERTS} certificates | ${BEFORE.warm} | ${data.warmMany.ratio.toFixed(2)}× (${ms(data.warmMany.l2)} against ${ms(data.warmMany.l1)}) |
| ISSUED noticed after | ${BEFORE.noticed} | ${Math.min(...noticed).toFixed(1)}–${noticedMax.toFixed(1)} s (a read every 10 s inside the function) |
| API calls per certificate, create + destroy, 1 certificate | ${BEFORE.calls} | ${callsCell(Object.fromEntries(Object.keys({ ...lifecycleOne.deploy, ...lifecycleOne.destroy }).map((op) => [op, (lifecycleOne.deploy[op] ?? 0) + (lifecycleOne.destroy[op] ?? 0)])))} |

${changes}

## How each figure is measured

**Bundle.** The size of \`assets/lambda/index/index.js\` as \`npx projen bundle\` writes it (esbuild,
minified, \`@aws-sdk/*\` external). As staged in the assembly, with aws-cdk-lib's response entrypoint
(\`__entrypoint__.js\`) beside it, the asset is ${kb(bundle.stagedBytes)} unzipped (${bundle.stagedAssets} asset${bundle.stagedAssets === 1 ? '' : 's'}).

${renderBundleBreakdown(data.bundleModules)}
**Template.** The stack of \`bench/synth.ts\`: certificates with a primary domain and one alternate name,
validated through an imported Route 53 zone, waiting for ISSUED. Support resources are the resources
that are neither certificates, links nor record sets. Bytes per certificate are the minified JSON of the
certificate and link resources, (template with ${CERTS} − template with 1) / ${CERTS - 1}; ${recordsNote}. The
whole template with ${CERTS} certificates is ${kb(cost.templateBytesMany)} (CloudFormation's limit: 1 MB). IAM: the role's inline
policies with their intrinsics resolved (partition, account, the log group's ARN as CloudFormation names
it), which is what IAM counts against its limit, whitespace left out; "as synthesized" is the longest
document's minified JSON with the intrinsics unresolved, as the old figure was taken. The policy names
each hosted zone the certificates validate in, so it grows with the zones: the row with ${CERTS} zones is
a stack of ${CERTS} certificates each in a zone of its own (21-character zone ids).

**Synth time.** The app process is a fresh \`node -r ts-node/register/transpile-only bench/synth-app.ts\`,
as \`cdk synth\` runs a TypeScript app, timed from spawn to exit: it loads aws-cdk-lib, builds the stack,
writes the cloud assembly to \`CDK_OUTDIR\`. The baseline is the same app with \`CfnCertificate\`s (and
the same imported zone) that does not load the library. Each round runs, for 1 and for ${CERTS}
certificates, both apps one after the other, the order swapped every round, after one discarded
warm-up run of each. The budgets apply to this TypeScript app, as before. The JavaScript row runs the
same two files compiled by esbuild with plain \`node\`: without ts-node's start-up, common to both
sides, the same difference weighs more. The \`cdk synth\` row is the aws-cdk CLI running the
TypeScript apps (offline, dummy credentials); the warm row builds and synthesizes in the bench's own process, where everything is
loaded already (each certificate costs ${extraPerCertMs.toFixed(2)} ms more than a \`CfnCertificate\` there).

Where the app process's time goes (medians; the app reports its own phases, ms since the process
started; "start-up" is Node.js and ts-node loading TypeScript):

| App | Whole process | Start-up | Shared imports (\`bench/synth.ts\`, aws-cdk-lib, Route 53) | The subject's import | Build | Synth (assembly written) | Module files loaded (of aws-cdk-lib) |
| --- | --- | --- | --- | --- | --- | --- | --- |
${phaseRows}

aws-cdk-lib loads its modules lazily, so most of the loading shows under "Build". Module files only
the library's app loads: ${moduleDifference(l2Modules, l1Modules)}. Only the \`CfnCertificate\` app loads:
${moduleDifference(l1Modules, l2Modules)}. ${extraTime(1)} ${extraTime(CERTS)}

**Noticing ISSUED.** One certificate with the default timeout (3 links) deployed on the Lightsail
emulator by the local driver (\`test-support/local-lightsail.ts\`), which runs the handler bundle through
aws-cdk-lib's entrypoint with the function's timers on a virtual clock. Validation completes a given
time after the wait starts (the CNAMEs are in DNS by then); "noticed after" is from that moment to the
last link's CREATE_COMPLETE. Calls are those the emulator logged between each link's events.

| Validation took | Link running then | Wait took | Noticed after | \`GetCertificates\` calls | Reads at one per 10 s | Longest pause |
| --- | --- | --- | --- | --- | --- | --- |
${detections.map((d) => `| ${d.validationSeconds.toFixed(0)} s | ${d.noticedByLink} | ${d.waitSeconds.toFixed(1)} s | ${d.noticedAfterSeconds.toFixed(1)} s | ${d.waitCalls} | ${d.expectedReads} | ${d.longestPauseSeconds.toFixed(1)} s |`).join('\n')}

A link that runs out of time hands over to the next, which reads at once. On AWS a handover adds a
CloudFormation step and a Lambda invocation (about a second cold), which the emulator does not model.

**API calls.** A stack created and destroyed on the emulator with validation at once, calls per
certificate by operation:

| Certificates | Deploy | Destroy | Real time |
| --- | --- | --- | --- |
${lifecycles.map((l) => `| ${l.certificates} | ${callsCell(l.deploy)} | ${callsCell(l.destroy)} | ${l.realSeconds.toFixed(2)} s |`).join('\n')}

These are Lightsail calls and, for the validation records the handler writes and removes, Route 53
calls (\`ChangeResourceRecordSets\`, \`GetChange\`, \`ListResourceRecordSets\`); before, CloudFormation wrote the
records as \`AWS::Route53::RecordSet\` resources and no Route 53 call was counted. Each of the ${cost.linksPerCert} links reads
once, the certificate being ISSUED at once. ${regionScan}${pagedReads}In all, ${Number((callsOne(lifecycleOne.deploy) + callsOne(lifecycleOne.destroy)).toFixed(2))} calls per certificate.

## Fault runs

The same lifecycle, ${FAULT_CERTS} certificates deployed then destroyed, with ${FAULT_RATE * 100}% of the Lightsail calls
failing (the emulator injects no faults into Route 53 calls): each of ${FAULT_KINDS.map((k) => `\`${k}\``).join(', ')} drawn independently per call (the
emulator's seeded draw, one seed per run), a dropped connection being either before the call is
applied (\`drop\`) or after (\`dropAfterApply\`: the client retries a call that already happened); the
first \`CreateCertificate\` and the first \`DeleteCertificate\` of each run are always applied and left
unanswered. Besides, each new certificate shows no validation records for its first ${FAULT_LATE_RECORD_READS} reads and is left out of the
list for its first ${FAULT_HIDDEN_READS} (eventual consistency), and validation takes ${FAULT_VALIDATION_MS / 1000} s. Leaked: certificates left after
the destroy. Duplicated: certificates beyond one that existed at the same time for one name or domain
set, replayed from the applied \`CreateCertificate\` and \`DeleteCertificate\` calls, and checked after
the deploy. Both must be 0; the bench exits non-zero otherwise. Validation CNAMEs left in DNS after the
destroy are shown too.

| Seed | Faults injected (Lightsail calls) | Deploy; destroy | Certificates after deploy | API calls per certificate | Done after (emulated) | Real time | Leaked | Duplicated | CNAMEs left |
| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
${faultRows}

${faultTotals} of ${faultCalls} Lightsail calls (${((faultTotals / faultCalls) * 100).toFixed(0)}%) had a fault, drawn at ${FAULT_RATE * 100}%. Calls applied and then
left unanswered, which the client retried: ${droppedAfterApply}. ${faultOutcome}
The emulated time includes the ${FAULT_VALIDATION_MS / 1000} s validation of each certificate (the driver runs them one at a time) and the
handler's backoff; real time is mostly the AWS SDK's own retry delays, which run on real time.

## Validation records under faults

${records.length} seeds (\`bench/records-faults.ts\`), records shared per account and domain on odd seeds and one per
certificate on even ones. Lightsail and Route 53 calls faulted at ${JSON.stringify(RECORDS_FAULT_RATES)} (each drawn per
call; \`dropAfterApply\`: applied, then the answer lost). Each run deploys two certificates for the same domains
in two regions, replaces one with overlapping domains, destroys the stack; then three certificates acquire
one shared record at once and two release it at once (offset drawn from the seed), then the last.
Real-time sleeps shortened 100×.

| Records missing for a live certificate | Record sets left (CNAME or TXT) | Certificates leaked | Runs with a failed operation | Route 53 calls faulted | Real time |
| --- | --- | --- | --- | --- | --- |
| ${recordSum((r) => r.missingForLive)} | ${recordSum((r) => r.recordsLeft)} | ${recordSum((r) => r.leaked)} | ${recordOpsFailed.length}${recordOpsFailed.slice(0, 3).map((r) => `; seed ${r.seed}: ${r.failedOperations[0].slice(0, 160)}`).join('')} | ${recordSum((r) => r.route53Faults)} of ${recordSum((r) => r.route53Calls)} | ${recordSum((r) => r.realSeconds).toFixed(0)} s |

${recordFailures.length === 0 ? 'All three are 0 in every run.' : `Runs with a record missing, left or a leak: ${recordFailures.map((r) => r.seed).join(', ')}.`}
`;
  return { text, faultFailures: faultFailures + recordFailures.length };
}

async function main() {
  const date = new Date().toISOString().slice(0, 10);
  const bundle = bundleSizes();
  const bundleModules = bundleBreakdown();
  const cost = templateCost('default');
  const costMax = templateCost('max');
  const zonePolicy = zonesPolicy();
  const processTimes = processSynthTimes();
  const cli = cliSynthTimes();
  const warmOne = warmSynthTimes(1);
  const warmMany = warmSynthTimes(CERTS);
  const detections: IssuedDetection[] = [];
  for (const seconds of VALIDATION_SECONDS) {
    detections.push(await measureIssuedDetection(seconds * 1000));
  }
  const lifecycles = [await measureLifecycleCalls(1), await measureLifecycleCalls(CERTS)];
  const faults: FaultRun[] = [];
  for (let seed = 1; seed <= FAULT_SEEDS; seed++) {
    faults.push(await measureFaultRun({
      rate: FAULT_RATE,
      seed,
      certificates: FAULT_CERTS,
      validationDelayMs: FAULT_VALIDATION_MS,
      lateRecordReads: FAULT_LATE_RECORD_READS,
      hiddenReads: FAULT_HIDDEN_READS,
    }));
  }
  const records: RecordsFaultRun[] = [];
  for (let seed = 1; seed <= RECORD_SEEDS; seed++) {
    records.push(await measureRecordsFaultRun(seed));
  }
  cleanUpRecordsBench();
  const watch = {
    footprints: [watchFootprint(1), watchFootprint(CERTS)],
    runs: [{ count: 1, calls: await watchRunCalls(1) }, { count: 5, calls: await watchRunCalls(5) }],
  };
  const { text, faultFailures } = renderReport({
    date,
    bundle,
    bundleModules,
    cost,
    costMax,
    zonePolicy,
    process: processTimes,
    cli,
    warmOne,
    warmMany,
    detections,
    lifecycles,
    faults,
    records,
    watch,
  });
  fs.writeFileSync(path.join(ROOT, 'docs', 'BENCHMARKS.md'), text);
  process.stdout.write(text);
  if (faultFailures > 0) {
    process.stderr.write(`\n${faultFailures} fault run(s) leaked or duplicated certificates, or lost or left validation records\n`);
    process.exitCode = 1;
  }
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
