/**
 * What the project claims about AWS, gathered for `facts/check.py`: region lists, the IAM policies and
 * templates of every example stack (synthesized here, intrinsics resolved), the driver's tables and the
 * emulator's operations, errors and enums.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Annotations, App, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lightsail from 'aws-cdk-lib/aws-lightsail';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { EXAMPLE_ENVIRONMENT, WebsiteStack } from '../../examples/website-stack';
import { CertificateValidation, DomainTarget, LightsailCertificate, LightsailDomainRecords, LoadBalancerCertificate } from '../../src';
import { MAX_CONTAINER_SERVICE_DOMAINS, MAX_LOAD_BALANCER_CERTIFICATES } from '../../src/private/contract';
import { LIGHTSAIL_REGIONS } from '../../src/private/regions';
import { MAX_ALTERNATE_NAMES } from '../../src/private/rules';
import IAM_REFERENCE from '../../test-support/driver/iam-reference.json';
import RESOURCE_REGIONS from '../../test-support/driver/resource-types-by-region.json';
import { STS_OPERATIONS } from '../../test-support/driver/sts';
import { CERTIFICATE_STATUSES, DNS_RECORD_CREATION_CODES, DOMAIN_VALIDATION_STATUSES } from '../../test-support/emulator/lightsail';
import { LIGHTSAIL_MODEL_ERRORS, LIGHTSAIL_OPERATIONS } from '../../test-support/emulator/lightsail-api';
import { LOAD_BALANCER_RENEWAL_STATUSES } from '../../test-support/emulator/lightsail-load-balancers';
import { ROUTE53_ENUMS, ROUTE53_MODEL_ERRORS, ROUTE53_OPERATIONS } from '../../test-support/emulator/route53';
import { dnsAccountPermissions, dnsAccountTrustPolicy } from '../dns-account-role';

const ROOT = path.join(__dirname, '..', '..');
const CDK_JSON = JSON.parse(fs.readFileSync(path.join(ROOT, 'examples', 'cdk.json'), 'utf8'));
const INTEG_SNAPSHOT = path.join(ROOT, 'test', 'integ.lightsail-certificate.ts.snapshot');

/** A policy with its intrinsics resolved. */
export interface PolicyClaim {
  readonly name: string;
  /** The validation methods of the stack's certificates (`LIGHTSAIL_DOMAIN`...), which some exceptions depend on. */
  readonly uses: string[];
  readonly statements: Array<Record<string, any>>;
}

/** The input of `facts/check.py`. */
/** How the service model's documentation spells small numbers. */
const NUMBER_WORDS: Record<number, string> = { 4: 'four', 9: 'nine' };

export interface Claims {
  regionLists?: Array<{ name: string; service: string; regions: readonly string[] }>;
  policies?: PolicyClaim[];
  iamReference?: { name: string; actions: Record<string, { resourceArnFormats: string[]; dependentActions: string[] }> };
  templates?: Array<{ name: string; path: string; regions: string[] }>;
  resourceRegions?: { name: string; types: Record<string, string[]> };
  models?: Array<{
    name: string;
    service: string;
    operations: readonly string[];
    errors: readonly string[];
    enums: Record<string, readonly string[]>;
    /** A limit the code holds as a constant, and the sentence of a member's documentation it comes from. */
    documented?: Array<{ constant: string; shape: string; member: string; says: string }>;
  }>;
}

interface SynthesizedStack {
  readonly name: string;
  readonly region: string;
  readonly account: string;
  readonly template: any;
}

/** Every example stack the project ships or documents: the example app, one per validation method, serving records, the renewal watch. */
function exampleStacks(outdir: string): SynthesizedStack[] {
  const app = new App({ outdir, context: CDK_JSON.context });
  new WebsiteStack(app, 'ExampleApp', { env: EXAMPLE_ENVIRONMENT });

  const lightsailDns = new Stack(app, 'LightsailDnsValidation', { env: { account: '123456789012', region: 'eu-west-1' } });
  new LightsailCertificate(lightsailDns, 'Certificate', { domainName: 'example.org', validation: CertificateValidation.fromLightsailDomain() });

  const manual = new Stack(app, 'ManualValidation', { env: { account: '123456789012', region: 'ap-southeast-2' } });
  const manualCertificate = new LightsailCertificate(manual, 'Certificate', { domainName: 'example.net', validation: CertificateValidation.manual({ waitForIssued: true }) });
  Annotations.of(manualCertificate).acknowledgeWarning('cdk-lightsail-certificate:manual-unused', 'an example of the validation method alone');

  // A certificate for a container service, in the service's region, served through Route 53.
  const containers = new Stack(app, 'ContainerService', { env: { account: '123456789012', region: 'eu-west-1' } });
  const zone = route53.HostedZone.fromHostedZoneAttributes(containers, 'Zone', { hostedZoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com' });
  const certificate = new LightsailCertificate(containers, 'Certificate', {
    domainName: 'app.example.com',
    region: 'eu-west-1',
    validation: CertificateValidation.fromRoute53Zones({ 'example.com': zone }),
  });
  const service = new lightsail.CfnContainer(containers, 'Service', { serviceName: 'app', power: 'nano', scale: 1 });
  new LightsailDomainRecords(containers, 'Records', { certificate, target: DomainTarget.containerService(service), zone });
  Annotations.of(certificate).acknowledgeWarning('cdk-lightsail-certificate:region', 'for a container service in its own region');

  // What exists outside the app, by name: a distribution (us-east-1) and a container service (eu-west-1).
  const existing = new Stack(app, 'ExistingTargets', { env: { account: '123456789012', region: 'us-east-1' } });
  const existingZone = route53.HostedZone.fromHostedZoneAttributes(existing, 'Zone', { hostedZoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com' });
  const cdnCertificate = new LightsailCertificate(existing, 'CdnCertificate', {
    domainName: 'www.example.com', validation: CertificateValidation.fromRoute53Zones({ 'example.com': existingZone }),
  });
  new LightsailDomainRecords(existing, 'CdnRecords', { certificate: cdnCertificate, target: DomainTarget.fromDistributionName('shop'), zone: existingZone });
  const appCertificate = new LightsailCertificate(existing, 'AppCertificate', {
    domainName: 'app.example.com', region: 'eu-west-1', validation: CertificateValidation.fromRoute53Zones({ 'example.com': existingZone }),
  });
  Annotations.of(appCertificate).acknowledgeWarning('cdk-lightsail-certificate:region', 'for a container service in its own region');
  new LightsailDomainRecords(existing, 'AppRecords', {
    certificate: appCertificate, target: DomainTarget.fromContainerServiceName('app', 'eu-west-1'), zone: existingZone,
  });
  // The renewal watch: its schedule, the permission, and PutMetricData limited to its namespace.
  const watched = new Stack(app, 'RenewalWatch', { env: { account: '123456789012', region: 'eu-central-1' } });
  const watchedZone = route53.HostedZone.fromHostedZoneAttributes(watched, 'Zone', { hostedZoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com' });
  const watchedCertificate = new LightsailCertificate(watched, 'Certificate', {
    domainName: 'example.com',
    validation: CertificateValidation.fromRoute53(watchedZone),
    renewalWatch: true,
  });
  watchedCertificate.metricDaysToExpiry().createAlarm(watched, 'Expiring', { threshold: 30, evaluationPeriods: 1, comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD });
  // Validation records in a hosted zone of another account, through a role assumed there.
  const crossAccount = new Stack(app, 'ZoneInAnotherAccount', { env: { account: '123456789012', region: 'us-east-1' } });
  const dnsZone = route53.HostedZone.fromHostedZoneAttributes(crossAccount, 'Zone', { hostedZoneId: 'Z0DNSACCOUNT0123456', zoneName: 'example.org' });
  const dnsRole = iam.Role.fromRoleArn(crossAccount, 'DnsRole', 'arn:aws:iam::210987654321:role/LightsailValidation');
  new LightsailCertificate(crossAccount, 'Certificate', {
    domainName: 'example.org',
    validation: CertificateValidation.fromRoute53CrossAccount(dnsZone, { role: dnsRole, externalId: 'cdk-lightsail-certificate' }),
  });
  // Serving records in that zone too: alias records written through the zone account's role; and that role
  // as the README's "Hosted zone in another account" gives it, so its actions and condition keys are checked too.
  const serving = new Stack(app, 'RecordsInAnotherAccount', { env: { account: '123456789012', region: 'us-east-1' } });
  const servingZone = route53.HostedZone.fromHostedZoneAttributes(serving, 'Zone', { hostedZoneId: 'Z0DNSACCOUNT0123456', zoneName: 'example.org' });
  const servingAccess = { role: iam.Role.fromRoleArn(serving, 'DnsRole', 'arn:aws:iam::210987654321:role/LightsailDns'), externalId: 'cdk-lightsail-certificate' };
  const servedCertificate = new LightsailCertificate(serving, 'Certificate', {
    domainName: 'example.org',
    subjectAlternativeNames: ['www.example.org'],
    validation: CertificateValidation.fromRoute53CrossAccount(servingZone, servingAccess),
  });
  const servingCdn = new lightsail.CfnDistribution(serving, 'Cdn', {
    distributionName: 'site',
    bundleId: 'small_1_0',
    defaultCacheBehavior: { behavior: 'cache' },
    origin: { name: 'origin', regionName: 'us-east-1', protocolPolicy: 'https-only' },
    certificateName: servedCertificate.certificateName,
  });
  new LightsailDomainRecords(serving, 'Records', { certificate: servedCertificate, target: DomainTarget.distribution(servingCdn), zone: servingZone, zoneAccess: servingAccess });
  const dnsAccount = new Stack(app, 'DnsAccountRole', { env: { account: '210987654321', region: 'us-east-1' } });
  new iam.CfnRole(dnsAccount, 'LightsailDns', {
    roleName: 'LightsailDns',
    assumeRolePolicyDocument: dnsAccountTrustPolicy(),
    policies: [{ policyName: 'LightsailRecords', policyDocument: dnsAccountPermissions('Z0DNSACCOUNT0123456', ['example.org', 'www.example.org']) }],
  });
  // A load balancer's TLS certificate: created, attached and deleted through the load balancer; its renewal watched.
  const balanced = new Stack(app, 'LoadBalancerCertificate', { env: { account: '123456789012', region: 'eu-west-1' } });
  const balancedZone = route53.HostedZone.fromHostedZoneAttributes(balanced, 'Zone', { hostedZoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com' });
  const loadBalancer = new lightsail.CfnLoadBalancer(balanced, 'LoadBalancer', { loadBalancerName: 'web', instancePort: 80 });
  const balancedCertificate = new LoadBalancerCertificate(balanced, 'Certificate', {
    loadBalancerName: loadBalancer.ref,
    domainName: 'example.com',
    validation: CertificateValidation.fromRoute53(balancedZone),
    renewalWatch: true,
  });
  balancedCertificate.metricRenewalFailing().createAlarm(balanced, 'RenewalFailing', { threshold: 1, evaluationPeriods: 1 });

  const assembly = app.synth();
  return assembly.stacks.map((s) => ({ name: `example stack ${s.stackName}`, region: s.environment.region, account: s.environment.account, template: s.template }));
}

/** The integ test's snapshot, each stack in the region its manifest names. */
function integStacks(): SynthesizedStack[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(INTEG_SNAPSHOT, 'manifest.json'), 'utf8'));
  return Object.entries(manifest.artifacts as Record<string, any>)
    .filter(([, a]) => a.type === 'aws:cloudformation:stack')
    .map(([id, a]) => {
      const [, account, region] = /^aws:\/\/([^/]+)\/([^/]+)$/.exec(a.environment)!;
      return {
        name: `integ snapshot ${id}`,
        region: region === 'unknown-region' ? 'us-east-1' : region,
        account: account === 'unknown-account' ? '123456789012' : account,
        template: JSON.parse(fs.readFileSync(path.join(INTEG_SNAPSHOT, a.properties.templateFile), 'utf8')),
      };
    });
}

/** Resolves `Ref`, `Fn::Sub`, `Fn::Join`, `Fn::GetAtt` to concrete strings, as CloudFormation would in that stack. */
function resolver(stack: SynthesizedStack): (value: unknown) => any {
  const resources: Record<string, { Type: string }> = stack.template.Resources ?? {};
  const pseudo: Record<string, string> = {
    'AWS::Partition': 'aws', 'AWS::AccountId': stack.account, 'AWS::Region': stack.region, 'AWS::URLSuffix': 'amazonaws.com', 'AWS::StackName': 'Stack',
  };
  const ref = (name: string): string => {
    if (name in pseudo) return pseudo[name];
    const type = resources[name]?.Type;
    if (type === 'AWS::Route53::HostedZone') return 'Z0123456789ABCDEFGHIJ';
    if (type === undefined && stack.template.Parameters?.[name]) return String(stack.template.Parameters[name].Default ?? name);
    return name;
  };
  const getAtt = (name: string, attribute: string): string => {
    const type = resources[name]?.Type ?? '';
    if (type === 'AWS::Logs::LogGroup' && attribute === 'Arn') return `arn:aws:logs:${stack.region}:${stack.account}:log-group:${name}:*`;
    if (type === 'AWS::Lambda::Function' && attribute === 'Arn') return `arn:aws:lambda:${stack.region}:${stack.account}:function:${name}`;
    const [, service = 'unknown', kind = 'resource'] = type.split('::');
    return `arn:aws:${service.toLowerCase()}:${stack.region}:${stack.account}:${kind.toLowerCase()}/${name}`;
  };
  const resolve = (value: unknown): any => {
    if (Array.isArray(value)) return value.map(resolve);
    if (value === null || typeof value !== 'object') return value;
    const entries = Object.entries(value);
    if (entries.length === 1) {
      const [fn, arg] = entries[0] as [string, any];
      if (fn === 'Ref') return ref(arg);
      if (fn === 'Fn::GetAtt') return getAtt(...((typeof arg === 'string' ? arg.split('.') : arg) as [string, string]));
      if (fn === 'Fn::Join') return (resolve(arg[1]) as unknown[]).join(arg[0]);
      if (fn === 'Fn::Sub') {
        const [text, vars] = typeof arg === 'string' ? [arg, {}] : [arg[0], resolve(arg[1])];
        return (text as string).replace(/\$\{([^}]+)\}/g, (_, name: string) => (name in vars ? vars[name] : name.includes('.') ? getAtt(...(name.split('.') as [string, string])) : ref(name)));
      }
    }
    return Object.fromEntries(entries.map(([k, v]) => [k, resolve(v)]));
  };
  return resolve;
}

/** Each role's statements (inline `Policies` and the `AWS::IAM::Policy` resources attached to it). */
function policiesOf(stack: SynthesizedStack): PolicyClaim[] {
  const resolve = resolver(stack);
  const resources = Object.entries(stack.template.Resources ?? {}) as Array<[string, any]>;
  const uses = [...new Set(resources.map(([, r]) => r.Properties?.ValidationMethod).filter((m): m is string => typeof m === 'string'))];
  return resources.filter(([, r]) => r.Type === 'AWS::IAM::Role').map(([id, role]) => {
    const documents = [
      ...(role.Properties.Policies ?? []).map((p: any) => p.PolicyDocument),
      ...resources.filter(([, r]) => r.Type === 'AWS::IAM::Policy' && (r.Properties.Roles ?? []).some((x: any) => x.Ref === id)).map(([, r]) => r.Properties.PolicyDocument),
    ];
    return { name: `${stack.name} role ${id}`, uses, statements: documents.flatMap((d: any) => [d.Statement].flat()).map(resolve) };
  });
}

/** Every claim, with the templates written into `dir`. */
export function collectClaims(dir: string): Claims {
  const stacks = [...exampleStacks(path.join(dir, 'cdk.out')), ...integStacks()];
  const templates = stacks.map((s, i) => {
    const file = path.join(dir, `template-${i}.json`);
    fs.writeFileSync(file, JSON.stringify(s.template));
    return { name: s.name, path: file, regions: [s.region] };
  });
  return {
    regionLists: [{ name: 'src/private/regions.ts LIGHTSAIL_REGIONS', service: 'lightsail', regions: LIGHTSAIL_REGIONS }],
    policies: stacks.flatMap(policiesOf),
    iamReference: { name: 'test-support/driver/iam-reference.json', actions: IAM_REFERENCE.actions },
    templates,
    resourceRegions: { name: 'test-support/driver/resource-types-by-region.json', types: RESOURCE_REGIONS.types },
    models: [
      {
        name: 'the Lightsail emulator (test-support/emulator/lightsail-api.ts)',
        service: 'lightsail',
        operations: LIGHTSAIL_OPERATIONS,
        errors: LIGHTSAIL_MODEL_ERRORS,
        enums: {
          CertificateStatus: CERTIFICATE_STATUSES,
          DnsRecordCreationStateCode: DNS_RECORD_CREATION_CODES,
          CertificateDomainValidationStatus: DOMAIN_VALIDATION_STATUSES,
          LoadBalancerTlsCertificateRenewalStatus: Object.values(LOAD_BALANCER_RENEWAL_STATUSES),
        },
        documented: [
          {
            constant: 'MAX_ALTERNATE_NAMES (a certificate)',
            shape: 'CreateCertificateRequest',
            member: 'subjectAlternativeNames',
            says: `You can specify a maximum of ${NUMBER_WORDS[MAX_ALTERNATE_NAMES]} alternate domains`,
          },
          {
            constant: 'MAX_ALTERNATE_NAMES (a load balancer\'s certificate)',
            shape: 'CreateLoadBalancerTlsCertificateRequest',
            member: 'certificateAlternativeNames',
            says: `You can have a maximum of ${MAX_ALTERNATE_NAMES} alternative names`,
          },
          {
            constant: 'MAX_LOAD_BALANCER_CERTIFICATES',
            shape: 'CreateLoadBalancerTlsCertificateRequest',
            member: 'certificateName',
            says: `Each Lightsail load balancer can have up to ${MAX_LOAD_BALANCER_CERTIFICATES} certificates associated with it at one time`,
          },
          {
            constant: 'MAX_CONTAINER_SERVICE_DOMAINS',
            shape: 'UpdateContainerServiceRequest',
            member: 'publicDomainNames',
            says: `You can specify up to ${NUMBER_WORDS[MAX_CONTAINER_SERVICE_DOMAINS]} public domain names for a container service`,
          },
        ],
      },
      {
        name: 'the Route 53 emulator (test-support/emulator/route53.ts)',
        service: 'route53',
        operations: ROUTE53_OPERATIONS,
        errors: ROUTE53_MODEL_ERRORS,
        enums: ROUTE53_ENUMS,
      },
      {
        name: 'the driver\'s STS (test-support/driver/sts.ts)',
        service: 'sts',
        operations: STS_OPERATIONS,
        errors: [],
        enums: {},
      },
    ],
  };
}

/** The pinned environment's python (made or re-used by `facts/venv.sh`). */
export function factsPython(): string {
  return execFileSync('bash', [path.join(ROOT, 'facts', 'venv.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
}

/** What `facts/check.py` answers for `claims`. */
export interface CheckResult {
  readonly sources: Record<string, string>;
  readonly failures: string[];
}

/** Runs `facts/check.py` on `claims` (a non-zero exit is read as its answer, not thrown). */
export function runCheck(python: string, claims: Claims): CheckResult {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'facts-claims-'));
  try {
    const input = path.join(dir, 'claims.json');
    fs.writeFileSync(input, JSON.stringify(claims));
    try {
      return JSON.parse(execFileSync(python, [path.join(ROOT, 'facts', 'check.py'), input], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }));
    } catch (error: any) {
      if (typeof error.stdout === 'string' && error.stdout.startsWith('{')) return JSON.parse(error.stdout);
      throw error;
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
