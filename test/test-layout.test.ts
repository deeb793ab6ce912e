/**
 * The tests mirror the source: a contributor changing `lambda/tags.ts` finds `test/lambda/tags.test.ts`,
 * one changing `src/private/rules.ts` finds `test/private/rules.test.ts`. Each module with logic has a test
 * file of its name, and each test file of a module's name has its module.
 */
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.join(__dirname, '..');

/** Modules without a test file of their name, each with the reason. */
const EXCEPTIONS: Record<string, string> = {
  'src/index.ts': 're-exports only',
  'src/certificate-base.ts': 'interfaces and a re-exported constant only',
  'src/private/alias-records-contract.ts': 'the wire types and the physical id of the alias records, used from both sides by test/private/alias-records.test.ts and test/lambda/alias-records.test.ts',
  'src/private/regions.ts': 'constants only; test/facts holds them to botocore\'s endpoints',
};

/** Where a module's tests may live: `lambda/x.ts` in test/lambda; `src/x.ts` in test; `src/private/x.ts` in test/private or test. */
function testFilesFor(module: string): string[] {
  const name = path.basename(module, '.ts');
  if (module.startsWith('lambda/')) return [`test/lambda/${name}.test.ts`];
  if (module.startsWith('src/private/')) return [`test/private/${name}.test.ts`, `test/${name}.test.ts`];
  return [`test/${name}.test.ts`];
}

function tsFiles(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir)).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts')).map((f) => `${dir}/${f}`);
}

const modules = [...tsFiles('lambda'), ...tsFiles('src'), ...tsFiles('src/private')];
const exists = (file: string) => fs.existsSync(path.join(ROOT, file));

test('each lambda/ and src/ module has a test file of its name, or a reason in EXCEPTIONS', () => {
  const missing = modules.filter((m) => !(m in EXCEPTIONS) && !testFilesFor(m).some(exists));
  expect(missing.map((m) => `${m}: add ${testFilesFor(m)[0]}`)).toEqual([]);
});

test('an exception names a module that exists and still has no test file', () => {
  const stale = Object.keys(EXCEPTIONS).filter((m) => !exists(m) || testFilesFor(m).some(exists));
  expect(stale.map((m) => `${m}: ${exists(m) ? 'has a test file now' : 'is gone'}; remove it from EXCEPTIONS`)).toEqual([]);
});

test('each test file of test/lambda and test/private names a module', () => {
  const orphans = [
    ...tsFiles('test/lambda').filter((t) => t.endsWith('.test.ts')).filter((t) => !exists(`lambda/${path.basename(t, '.test.ts')}.ts`)),
    ...tsFiles('test/private').filter((t) => t.endsWith('.test.ts')).filter((t) => !exists(`src/private/${path.basename(t, '.test.ts')}.ts`)),
  ];
  expect(orphans.map((t) => `${t}: no module of its name; rename it after the module it tests`)).toEqual([]);
});
