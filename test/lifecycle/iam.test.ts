/**
 * IAM, checked offline: the handlers run with their role's credentials and every Lightsail call is
 * evaluated against the role's policy as the stack has it at that moment. A certificate that moves to
 * another region is replaced, and CloudFormation deletes the old one in the update's cleanup, after the
 * role's policy has been updated: the account-wide policy lets that Delete through; a policy that lists
 * only the regions in use (the first release's) orphans the old certificate. The Route 53 calls are
 * checked too, conditions included: the role may write underscore CNAMEs in its zones, nothing else.
 */
import * as fs from 'fs';
import { ChangeResourceRecordSetsCommand, ResourceRecordSet, Route53Client } from '@aws-sdk/client-route-53';
import { CfnResource } from 'aws-cdk-lib';
import { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { calls, certificates, logicalIdOf, STACK_NAME, synth, useLocalLightsail, website } from './harness';

const env = useLocalLightsail();

const OLD_REGION = 'eu-central-1';
const NEW_REGION = 'us-east-1';

/** The stack with its certificate in `region` (no distribution: distributions take us-east-1 certificates only). */
function stackIn(region: string, certificateId: { value: string }): CloudAssembly {
  return synth((stack) => {
    const { certificate } = website(stack, { region, distribution: false });
    certificateId.value = logicalIdOf(certificate.node.defaultChild as CfnResource);
  });
}

/**
 * Post-processes a synthesized template into the first release's policy: the statements on
 * `arn:${AWS::Partition}:lightsail:*:${AWS::AccountId}:Certificate/*` name the regions in use instead of `*`.
 */
function narrowToRegions(assembly: CloudAssembly, regions: readonly string[]): CloudAssembly {
  const file = assembly.getStackByName(STACK_NAME).templateFullPath;
  const template = JSON.parse(fs.readFileSync(file, 'utf8')) as { Resources: Record<string, { Type: string; Properties: Record<string, any> }> };
  let narrowed = 0;
  for (const resource of Object.values(template.Resources)) {
    if (resource.Type !== 'AWS::IAM::Role') continue;
    for (const policy of resource.Properties.Policies ?? []) {
      for (const statement of [policy.PolicyDocument.Statement].flat()) {
        const sub: unknown = statement.Resource?.['Fn::Sub'];
        if (typeof sub !== 'string' || !sub.includes(':lightsail:*:')) continue;
        statement.Resource = regions.map((region) => ({ 'Fn::Sub': sub.replace(':lightsail:*:', `:lightsail:${region}:`) }));
        narrowed++;
      }
    }
  }
  expect(narrowed).toBe(1);
  fs.writeFileSync(file, JSON.stringify(template));
  return assembly;
}

describe('IAM: the cleanup of a replaced certificate runs under the updated policy', () => {
  test("region changed, account-wide policy (today's): the new certificate deploys and the cleanup deletes the old one; none left behind", async () => {
    const certificateId = { value: '' };
    await env.local.deploy(stackIn(OLD_REGION, certificateId), STACK_NAME);
    const [old] = certificates(env.emulator);
    expect(old).toMatchObject({ region: OLD_REGION, status: 'ISSUED' });

    const result = await env.local.deploy(stackIn(NEW_REGION, certificateId), STACK_NAME);

    expect(result.status).toBe('UPDATE_COMPLETE');
    expect(result.events.filter((e) => e.status.endsWith('_FAILED'))).toEqual([]);
    const cleanup = result.events.find((e) => e.logicalId === certificateId.value && e.status === 'DELETE_COMPLETE');
    expect(cleanup?.physicalId).toContain(old.name);
    expect(certificates(env.emulator).map((c) => [c.region, c.status])).toEqual([[NEW_REGION, 'ISSUED']]);
    expect(calls(env.emulator, 'DeleteCertificate').map((c) => [c.region, c.outcome])).toEqual([[OLD_REGION, 'ok']]);
    expect(env.emulator.calls.list({ outcome: 'AccessDeniedException' })).toEqual([]);
  });

  test('region changed, policy narrowed to the regions in use (the old way): the cleanup is refused and the old certificate is left behind', async () => {
    const certificateId = { value: '' };
    await env.local.deploy(narrowToRegions(stackIn(OLD_REGION, certificateId), [OLD_REGION]), STACK_NAME);
    const [old] = certificates(env.emulator);
    expect(old).toMatchObject({ region: OLD_REGION, status: 'ISSUED' });

    const result = await env.local.deploy(narrowToRegions(stackIn(NEW_REGION, certificateId), [NEW_REGION]), STACK_NAME);

    // A failed cleanup does not fail the update: CloudFormation reports it and moves on.
    expect(result.status).toBe('UPDATE_COMPLETE');
    const failed = result.events.find((e) => e.logicalId === certificateId.value && e.status === 'DELETE_FAILED');
    expect(failed?.physicalId).toContain(old.name);
    expect(failed?.reason).toMatch(new RegExp(
      `User: arn:aws:sts::123456789012:assumed-role/[^/]+/[^ ]+ is not authorized to perform: lightsail:DeleteCertificate on resource: ${old.arn} `
      + 'because no identity-based policy allows the lightsail:DeleteCertificate action'));
    // The old certificate is orphaned next to the new one.
    expect(certificates(env.emulator).map((c) => [c.region, c.name])).toEqual([[OLD_REGION, old.name], [NEW_REGION, result.outputs.CertificateName]]);
    expect(calls(env.emulator, 'DeleteCertificate').map((c) => [c.region, c.outcome])).toEqual([[OLD_REGION, 'AccessDeniedException']]);
  });
});

describe('IAM: Route 53 writes are limited to validation records', () => {
  test("with the handler's own credentials, a non-underscore name or a type other than CNAME and TXT is refused, in any zone; underscore CNAMEs and TXTs are not", async () => {
    const deployed = await env.local.deploy(synth((stack) => { website(stack, { distribution: false }); }), STACK_NAME);
    const zoneId = Object.values(deployed.resources).find((r) => r.type === 'AWS::Route53::HostedZone')!.physicalId;
    // The handler's role session, as it signed its own ChangeResourceRecordSets.
    const [written] = env.emulator.calls.list({ service: 'route53', operation: 'ChangeResourceRecordSets' });
    expect(written).toMatchObject({ outcome: 'ok', accessKeyId: expect.stringMatching(/^ASIA/) });
    env.emulator.route53.addZone('Z0OTHERZONE', 'example.org');
    const client = new Route53Client({ region: 'us-east-1', maxAttempts: 1, credentials: { accessKeyId: written.accessKeyId!, secretAccessKey: 'x', sessionToken: 'y' } });
    const record = (Name: string, Type: 'CNAME' | 'TXT' | 'A' = 'CNAME'): ResourceRecordSet => ({
      Name, Type, TTL: 60, ResourceRecords: [{ Value: Type === 'TXT' ? '"v"' : Type === 'A' ? '192.0.2.1' : 'target.example.net.' }],
    });
    const write = (zone: string, ...sets: ResourceRecordSet[]) => client.send(new ChangeResourceRecordSetsCommand({
      HostedZoneId: zone, ChangeBatch: { Changes: sets.map((set) => ({ Action: 'UPSERT' as const, ResourceRecordSet: set })) },
    })).then(() => 'ok', (e: Error) => e.message);
    const dnsBefore = env.emulator.dns.list();

    const refusal = (resource: string) => new RegExp(`^User: arn:aws:sts::123456789012:assumed-role/[^/]+/[^ ]+ is not authorized to perform: route53:ChangeResourceRecordSets on resource: ${resource} because no identity-based policy allows the route53:ChangeResourceRecordSets action$`);
    expect(await write(zoneId, record('www.example.com'))).toMatch(refusal(`arn:aws:route53:::hostedzone/${zoneId}`));
    expect(await write(zoneId, record('_acme.example.com', 'A'))).toMatch(refusal(`arn:aws:route53:::hostedzone/${zoneId}`));
    expect(await write(zoneId, record('_a.example.com'), record('api.example.com'))).toMatch(refusal(`arn:aws:route53:::hostedzone/${zoneId}`));
    expect(await write('Z0OTHERZONE', record('a.example.org'))).toMatch(refusal('arn:aws:route53:::hostedzone/Z0OTHERZONE'));
    expect(env.emulator.dns.list()).toEqual(dnsBefore);
    expect(await write(zoneId, record('_Extra.Example.com.'))).toBe('ok');
    expect(await write(zoneId, record('_cdk-lsc-holders._extra.example.com', 'TXT'))).toBe('ok');
    // Any zone: a certificate that moved zone, or leaves with its zone, releases its records after the role has changed.
    expect(await write('Z0OTHERZONE', record('_a.example.org'))).toBe('ok');
    client.destroy();
  });
});
