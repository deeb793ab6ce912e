/**
 * A repeated Create must not leave a second certificate, nor take one that is not its own: a
 * CreateCertificate whose answer was lost, a retained certificate deployed again, and a name held by a
 * certificate for other domains.
 */
import { CreateCertificateCommand, LightsailClient } from '@aws-sdk/client-lightsail';
import { RemovalPolicy } from 'aws-cdk-lib';
import {
  calls,
  CERT_REGION,
  certificates,
  deployFailing,
  failureReasons,
  operations,
  ownerTagOf,
  resourceIdOfType,
  STACK_NAME,
  synth,
  tagsOf,
  useLocalLightsail,
  website,
} from './harness';

const env = useLocalLightsail();

describe('repeated create', () => {
  test('CreateCertificate applied but its answer lost: the retry meets the certificate and adopts it; one certificate', async () => {
    env.emulator.faults.script({ kind: 'dropAfterApply', operation: 'CreateCertificate' });
    const asm = synth((stack) => {
      website(stack, { tags: { project: 'website' } });
    });

    const result = await env.local.deploy(asm, STACK_NAME);

    expect(result.status).toBe('CREATE_COMPLETE');
    // The fault was used: the first CreateCertificate was applied and its connection dropped.
    expect(env.emulator.faults.pending()).toHaveLength(0);
    const creates = calls(env.emulator, 'CreateCertificate');
    expect(creates[0]).toMatchObject({ outcome: 'dropped', fault: 'dropAfterApply' });
    // The SDK's retry met the certificate its first attempt had made.
    expect(creates.slice(1).map((c) => c.outcome)).toEqual(['InvalidInputException']);
    const all = certificates(env.emulator);
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ status: 'ISSUED', inUseResourceCount: 1, arn: result.outputs.CertificateArn });
    expect(tagsOf(all[0])).toEqual({ project: 'website' });
  });

  test('a RETAIN stack destroyed and deployed again: the kept certificate is refused, then taken over with adoptExisting', async () => {
    const build = () => synth((stack) => {
      website(stack, { removalPolicy: RemovalPolicy.RETAIN, retainZone: true, tags: { generation: 'first' } });
    });
    const first = await env.local.deploy(build(), STACK_NAME);
    await env.local.destroy(STACK_NAME);
    const [kept] = certificates(env.emulator);
    expect(kept).toMatchObject({ arn: first.outputs.CertificateArn, status: 'ISSUED', inUseResourceCount: 0 });
    let mark = env.emulator.calls.count();

    // A new stack of the same name is another stack (another stack id): the certificate is not its own.
    const refused = await deployFailing(env.local, synth((stack) => {
      website(stack, { removalPolicy: RemovalPolicy.RETAIN, retainZone: true, tags: { generation: 'second' } });
    }));
    expect(refused.status).toBe('ROLLBACK_COMPLETE');
    const reasons = failureReasons(refused);
    expect(reasons).toContain(`is already used by certificate ${kept.arn} for example.com, www.example.com, which belongs to ${first.stackId}/`);
    expect(reasons).toContain('set adoptExisting: true');
    // CloudFormation says the old stack kept its resource (DELETE_SKIPPED, not DELETE_COMPLETE): no take-over.
    expect(new Set(operations(env.emulator, mark))).toEqual(new Set(['GetCertificates', 'DescribeStackResource']));
    mark = env.emulator.calls.count();

    const second = await env.local.deploy(synth((stack) => {
      website(stack, { removalPolicy: RemovalPolicy.RETAIN, retainZone: true, adoptExisting: true, tags: { generation: 'second' } });
    }), STACK_NAME);

    expect(second.status).toBe('CREATE_COMPLETE');
    expect(operations(env.emulator, mark)).not.toContain('CreateCertificate');
    const all = certificates(env.emulator);
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ arn: kept.arn, name: kept.name, status: 'ISSUED', inUseResourceCount: 1 });
    expect(second.outputs).toMatchObject({ CertificateArn: kept.arn, CertificateName: kept.name });
    // Taken over: the new stack's owner tag, and the template's tags (the old ones stay: nothing says to remove them).
    expect(ownerTagOf(all[0])).toBe(`${second.stackId}/${resourceIdOfType(second, 'Custom::LightsailCertificate')}`);
    expect(tagsOf(all[0])).toEqual({ generation: 'second' });
  });

  test('a name held by a certificate for other domains: refused naming the holder and its domains; the holder is untouched', async () => {
    const client = new LightsailClient({ region: CERT_REGION });
    await client.send(new CreateCertificateCommand({
      certificateName: 'shared-name',
      domainName: 'other.example.org',
      subjectAlternativeNames: ['api.other.example.org'],
      tags: [{ key: 'owner', value: 'another-team' }],
    }));
    client.destroy();
    const [holder] = certificates(env.emulator);
    const mark = env.emulator.calls.count();

    const result = await deployFailing(env.local, synth((stack) => {
      website(stack, { certificateName: 'shared-name', tags: { owner: 'website' } });
    }));

    expect(result.status).toBe('ROLLBACK_COMPLETE');
    const reasons = failureReasons(result);
    expect(reasons).toContain('Certificate name "shared-name" in us-east-1 is already used by certificate');
    expect(reasons).toContain(holder.arn);
    expect(reasons).toContain('other.example.org, api.other.example.org');
    expect(reasons).toContain('choose another certificateName');
    // Only reads: nothing created, tagged or deleted, by the create or by its rollback.
    expect(new Set(operations(env.emulator, mark))).toEqual(new Set(['GetCertificates']));
    const all = certificates(env.emulator);
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ arn: holder.arn, name: 'shared-name', status: 'PENDING_VALIDATION' });
    expect(tagsOf(all[0])).toEqual({ owner: 'another-team' });
  });
});
