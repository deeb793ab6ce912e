import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { EXISTING, LOAD_BALANCER } from './targets-stack';
import { EXAMPLE_ENVIRONMENT } from './website-stack';
import type { DnsRecord } from '../test-support/emulator/dns';
import { LocalLightsail, OFFLINE_CLI_ENVIRONMENT } from '../test-support/local-lightsail';

/**
 * `npm run demo`: synthesizes the example app with the CDK CLI, deploys it to the embedded
 * Lightsail emulator with live stack events, prints what was created, then destroys the stack and
 * shows that nothing is left. Waits run on emulated time, so minutes of validation take moments.
 */

const STACK = 'LightsailCertificateDemo';
/** The second stack of the app: every other target (see examples/targets-stack.ts). */
const TARGETS_STACK = 'LightsailCertificateTargets';
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
  const resources = Object.values(template.Resources as Record<string, TemplateResource>);
  const certificate = resources.find((r) => r.Type === 'Custom::LightsailCertificate')!;
  const domains = [certificate.Properties.DomainName, ...(certificate.Properties.SubjectAlternativeNames ?? [])];
  process.stdout.write(`stack region ${EXAMPLE_ENVIRONMENT.region}; certificate requested in ${certificate.Properties.Region} for ${domains.join(', ')}\n`);
  process.stdout.write(`${resources.length} resources in the template:\n`);
  for (const [kind, count] of countByKind(resources)) {
    process.stdout.write(`  ${String(count).padStart(2)}  ${kind}\n`);
  }
  // The validation CNAMEs are no template resource: the function writes them (with the holders TXT beside each) once Lightsail gives them.
  const validated = resources.filter((r) => r.Type === 'Custom::LightsailCertificate' && r.Properties.HostedZoneIds).flatMap((r) => r.Properties.HostedZoneIds);
  process.stdout.write(`plus ${validated.length} validation CNAMEs (one per domain), written into the zone by the function at deploy time\n`);
  return outdir;
}

interface TemplateResource {
  readonly Type: string;
  readonly Properties?: any;
}

/** What the template holds, by kind, in the order a reader meets them; a record set's kind is its type, and whether it is an alias. */
function countByKind(resources: readonly TemplateResource[]): Array<[string, number]> {
  const kindOf = (r: TemplateResource): string => {
    switch (r.Type) {
      case 'Custom::LightsailCertificate': return 'certificate (Custom::LightsailCertificate)';
      case 'Custom::LightsailCertificateIssued': return 'links of the wait for ISSUED (Custom::LightsailCertificateIssued)';
      case 'Custom::LightsailDistributionDomain': return 'read of the distribution\'s own domain (Custom::LightsailDistributionDomain)';
      case 'AWS::Route53::RecordSet':
        return r.Properties.AliasTarget
          ? `alias ${r.Properties.Type} records to the distribution (AWS::Route53::RecordSet)`
          : `${r.Properties.Type} records (AWS::Route53::RecordSet)`;
      case 'AWS::Lambda::Function':
      case 'AWS::IAM::Role':
      case 'AWS::Logs::LogGroup':
        return 'the function, its role and its log group, once per stack';
      default: return r.Type;
    }
  };
  const counts = new Map<string, number>();
  for (const r of resources) {
    counts.set(kindOf(r), (counts.get(kindOf(r)) ?? 0) + 1);
  }
  return [...counts];
}

/**
 * The public DNS records by who wrote them: the validation CNAMEs (to `acm-validations.aws`) and, beside
 * each, the TXT record naming the certificates that hold it, which the function writes through the Route 53
 * API; and the template's alias records, which CloudFormation writes.
 */
function dnsByKind(records: readonly DnsRecord[]): Array<[string, DnsRecord[]]> {
  const validation = records.filter((r) => r.type === 'CNAME' && /\.acm-validations\.aws\.?$/.test(r.value));
  const holders = records.filter((r) => r.type === 'TXT' && r.name.startsWith('_cdk-lsc-holders.'));
  const alias = records.filter((r) => r.type === 'A' || r.type === 'AAAA');
  const other = records.filter((r) => !validation.includes(r) && !holders.includes(r) && !alias.includes(r));
  const kinds: Array<[string, DnsRecord[]]> = [
    ['validation CNAMEs: in Route 53 written by the function; in a Lightsail DNS zone by Lightsail, which keeps them', validation],
    ['TXT records naming the certificates that hold each CNAME, written by the function', holders],
    ['alias A/AAAA records to the distribution, from the template', alias],
    ['other records', other],
  ];
  return kinds.filter(([, list]) => list.length > 0);
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
    const dns = local.emulator.dns.list();
    for (const [kind, records] of dnsByKind(dns)) {
      process.stdout.write(`  DNS: ${records.length} ${kind}\n`);
      for (const record of records) {
        process.stdout.write(`    ${record.name} ${record.type} ${record.value}\n`);
      }
    }

    heading(`made outside the app, before ${TARGETS_STACK}: a distribution, a container service, a Lightsail DNS zone`);
    local.emulator.seedCertificate({ region: 'us-east-1', name: 'shop-console-cert', domainName: 'shop.example.com' });
    local.emulator.addDistribution(EXISTING.distributionName, { certificateName: 'shop-console-cert' });
    local.emulator.seedCertificate({ region: 'us-east-1', name: 'api-console-cert', domainName: 'legacy.example.com' });
    local.emulator.addContainerService('us-east-1', EXISTING.serviceName, { 'api-console-cert': ['legacy.example.com'] });
    local.emulator.addLightsailDomain(EXISTING.lightsailDomain);
    printTargets(local);

    heading(`deploy ${TARGETS_STACK}: every other target`);
    process.stdout.write(`\n${TARGETS_STACK}: ${(await local.deploy(assembly, TARGETS_STACK)).status}\n`);
    heading('what each target serves');
    printTargets(local);

    heading(`destroy ${TARGETS_STACK}: what was there before is given back, the load balancer and its certificate are gone`);
    process.stdout.write(`\n${TARGETS_STACK}: ${(await local.destroy(TARGETS_STACK)).status}\n`);
    printTargets(local);

    heading(`destroy ${STACK}`);
    const destroyed = await local.destroy(STACK);
    process.stdout.write(`\n${STACK}: ${destroyed.status}\n`);

    heading('what is left');
    // The certificates made outside the app stay theirs.
    const left = local.emulator.certificates().filter((c) => !c.name.endsWith('-console-cert'));
    const balancerLeft = local.emulator.loadBalancer(EXAMPLE_ENVIRONMENT.region, LOAD_BALANCER.name) !== undefined
      || local.emulator.loadBalancerCertificates(EXAMPLE_ENVIRONMENT.region, LOAD_BALANCER.name).length > 0;
    const dnsLeft = dnsByKind(local.emulator.dns.list()).map(([kind, records]) => `${records.length} ${kind}`);
    process.stdout.write(`  certificates: ${left.length}, load balancer ${LOAD_BALANCER.name}: ${describeLoadBalancer(local)}, DNS records: ${dnsLeft.length > 0 ? dnsLeft.join(', ') : 0}\n`);
    process.stdout.write(`  API calls (Lightsail and Route 53): ${JSON.stringify(local.emulator.calls.countsByOperation())}\n`);
    process.stdout.write(`\nDone in ${(Number(process.hrtime.bigint() - started) / 1e9).toFixed(1)} s of real time.\n`);
    if (left.length > 0) {
      throw new Error(`${left.length} certificate(s) left behind`);
    }
    if (balancerLeft) {
      throw new Error(`load balancer ${LOAD_BALANCER.name} or its certificates left behind`);
    }
  } finally {
    await local.stop();
    fs.rmSync(assembly, { recursive: true, force: true });
  }
}

/** Where each name of the targets stack points, what the existing distribution and service hold, the Lightsail zone's entries. */
function printTargets(local: LocalLightsail): void {
  for (const name of ['example.net.', 'www.example.net.', 'shop.example.net.', 'api.example.net.']) {
    process.stdout.write(`  Route 53 ${name} A → ${local.emulator.dns.get(name, 'A')?.value ?? '(none)'}\n`);
  }
  const entries = local.emulator.lightsailDomain(EXISTING.lightsailDomain)?.entries.filter((e) => e.isAlias) ?? [];
  process.stdout.write(`  Lightsail DNS zone ${EXISTING.lightsailDomain}: ${entries.length > 0 ? entries.map((e) => `${e.name} A alias → ${e.target}`).join(', ') : 'no alias entries'}\n`);
  process.stdout.write(`  distribution ${EXISTING.distributionName}: certificate ${local.emulator.distribution(EXISTING.distributionName)?.certificateName ?? '(none)'}\n`);
  process.stdout.write(`  container service ${EXISTING.serviceName}: domains ${JSON.stringify(local.emulator.containerService('us-east-1', EXISTING.serviceName)?.publicDomainNames)}\n`);
  process.stdout.write(`  load balancer ${LOAD_BALANCER.name} (made by the stack): ${describeLoadBalancer(local)}\n`);
}

/** The load balancer's TLS certificates as `GetLoadBalancerTlsCertificates` gives them (which is attached, status), or that it does not exist. */
function describeLoadBalancer(local: LocalLightsail): string {
  if (!local.emulator.loadBalancer(EXAMPLE_ENVIRONMENT.region, LOAD_BALANCER.name)) {
    return 'none';
  }
  const certificates = local.emulator.loadBalancerCertificates(EXAMPLE_ENVIRONMENT.region, LOAD_BALANCER.name);
  return certificates.length === 0
    ? 'no TLS certificates'
    : `TLS certificates ${certificates.map((c) => `${c.name} ${c.status}${c.isAttached ? ', attached' : ''}`).join('; ')}`;
}

main().catch((error) => {
  process.stderr.write(`demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
