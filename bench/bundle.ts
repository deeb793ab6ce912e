import * as fs from 'fs';
import * as path from 'path';
import * as esbuild from 'esbuild';

/**
 * Where the handler bundle's bytes go: the bundle built as `npx projen bundle` builds it (the options of
 * `project.bundler.addBundle` in .projenrc.ts), with esbuild's metafile, which tells for each input how
 * many bytes it left in the minified output. Run alone (`ts-node --project test/tsconfig.json bench/bundle.ts`)
 * it rewrites only its own section of docs/BENCHMARKS.md; `npm run bench` writes it with the rest.
 */

const ROOT = path.join(__dirname, '..');
const SECTION_START = '**Bundle by module.**';

/** One line of the breakdown: a handler or contract module, or a package of node_modules. */
export interface BundlePart {
  readonly name: string;
  readonly bytes: number;
}

/** The minified bundle's size, and its bytes per input, largest first. */
export interface BundleBreakdown {
  readonly totalBytes: number;
  readonly parts: BundlePart[];
}

export function bundleBreakdown(): BundleBreakdown {
  const result = esbuild.buildSync({
    absWorkingDir: ROOT,
    entryPoints: ['lambda/index.ts'],
    bundle: true,
    platform: 'node',
    target: 'node24',
    external: ['@aws-sdk/*'],
    minify: true,
    outfile: 'assets/lambda/index/index.js',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const output = Object.values(result.metafile!.outputs).find((o) => o.entryPoint !== undefined)!;
  const byPart = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
    const name = partOf(input);
    byPart.set(name, (byPart.get(name) ?? 0) + bytesInOutput);
  }
  const parts = [...byPart].map(([name, bytes]) => ({ name, bytes })).sort((a, b) => b.bytes - a.bytes || a.name.localeCompare(b.name));
  return { totalBytes: output.bytes, parts };
}

/** A module by its path; a dependency by its package, all its files together. */
function partOf(input: string): string {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
  return match ? `${match[1]} (package)` : input;
}

/** The section of docs/BENCHMARKS.md. */
export function renderBundleBreakdown(breakdown: BundleBreakdown): string {
  const inParts = breakdown.parts.reduce((n, p) => n + p.bytes, 0);
  const rows = breakdown.parts.filter((p) => p.bytes > 0)
    .map((p) => `| \`${p.name}\` | ${p.bytes} B | ${((p.bytes / breakdown.totalBytes) * 100).toFixed(1)} % |`);
  return `${SECTION_START} Bytes each input leaves in the minified bundle (esbuild's metafile, \`bytesInOutput\`), largest first;
the rest of the ${breakdown.totalBytes} B (${breakdown.totalBytes - inParts} B) is esbuild's own module wrappers and helpers.

| Input | Bytes in the bundle | Share |
| --- | --- | --- |
${rows.join('\n')}
`;
}

/** Rewrites the section in docs/BENCHMARKS.md, or puts it after the paragraph on the bundle, where `npm run bench` writes it. */
function main() {
  const file = path.join(ROOT, 'docs', 'BENCHMARKS.md');
  const text = fs.readFileSync(file, 'utf8');
  const section = renderBundleBreakdown(bundleBreakdown());
  let start = text.indexOf(SECTION_START);
  let end = start < 0 ? -1 : text.indexOf('\n\n**', start) + 2;
  if (start < 0) {
    start = text.indexOf('\n\n', text.indexOf('**Bundle.**')) + 2;
    end = start;
  }
  fs.writeFileSync(file, `${text.slice(0, start)}${section}\n${text.slice(end)}`);
  process.stdout.write(section);
}

if (require.main === module) {
  main();
}
