import * as fs from 'fs';
import * as path from 'path';
import { performance } from 'perf_hooks';

// One `cdk synth` as a user runs it: a fresh process that loads aws-cdk-lib, builds the app and
// writes the cloud assembly. Usage: synth-app <LightsailCertificate|CfnCertificate> <count>
//
// With BENCH_SYNTH_REPORT set to a file name, it also writes there, as JSON, how long each phase took
// (ms since the process started) and which module files it loaded; the bench reads it after the
// process has exited, so the timing it reports for the process includes none of this.
const started = performance.now();
/* eslint-disable @typescript-eslint/no-require-imports */
const { buildStack, loadSubject, synthTemplate } = require('./synth') as typeof import('./synth');
/* eslint-enable @typescript-eslint/no-require-imports */
const [subject, count] = process.argv.slice(2) as [import('./synth').Subject, string];
const common = performance.now();
loadSubject(subject);
const loaded = performance.now();
// BENCH_RENEWAL_WATCH=1: every certificate with `renewalWatch: true`.
const stack = buildStack(subject, Number(count), 'default', false, process.env.BENCH_RENEWAL_WATCH === '1');
const built = performance.now();
synthTemplate(stack);
const synthesized = performance.now();

const report = process.env.BENCH_SYNTH_REPORT;
if (report) {
  // Module files loaded, as `<package>/<path>` for node_modules and `./<path>` for the project's own.
  const root = `${path.dirname(__dirname)}/`;
  const modules = Object.keys(require.cache).map((m) => (m.includes('/node_modules/') ? m.slice(m.lastIndexOf('/node_modules/') + 14) : `./${m.replace(root, '')}`));
  fs.writeFileSync(report, JSON.stringify({
    // Node.js start-up and ts-node's register hook (TypeScript loaded), up to this file's first line.
    startupMs: started,
    // aws-cdk-lib's core and Route 53, which both apps import (with this file's transpiling).
    commonMs: common - started,
    // The subject's own imports: the library, or aws-cdk-lib's Lightsail module.
    subjectMs: loaded - common,
    buildMs: built - loaded,
    synthMs: synthesized - built,
    modules,
  }));
}
