import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const SNAPSHOT = path.join(__dirname, 'integ.lightsail-certificate.ts.snapshot');

/**
 * The resources this library defines for a certificate. integ-runner synthesizes with feature flags
 * of its own, which may change aws-cdk-lib's resources but not these.
 */
const OWN_TYPES = ['Custom::LightsailCertificate', 'Custom::LightsailCertificateIssued', 'AWS::Route53::RecordSet'];

function ownResources(template: any): Record<string, unknown> {
  return Object.fromEntries(Object.entries(template.Resources).filter(([, r]: [string, any]) => OWN_TYPES.includes(r.Type)));
}

test('the committed integ-runner snapshot matches what the integ test synthesizes', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'integ-snapshot-'));
  const saved = process.env.CDK_OUTDIR;
  process.env.CDK_OUTDIR = outdir;
  try {
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- the integ app synthesizes when loaded
      require('./integ.lightsail-certificate');
    });
  } finally {
    if (saved === undefined) delete process.env.CDK_OUTDIR;
    else process.env.CDK_OUTDIR = saved;
  }
  const file = 'LightsailCertificateInteg.template.json';
  const synthesized = ownResources(JSON.parse(fs.readFileSync(path.join(outdir, file), 'utf8')));
  const committed = ownResources(JSON.parse(fs.readFileSync(path.join(SNAPSHOT, file), 'utf8')));
  expect(Object.keys(committed)).toHaveLength(4);
  // After an intended change: rm -rf test/integ.lightsail-certificate.ts.snapshot && npx integ-runner --directory test --dry-run --update-on-failed
  expect(synthesized).toEqual(committed);
  fs.rmSync(outdir, { recursive: true, force: true });
});
