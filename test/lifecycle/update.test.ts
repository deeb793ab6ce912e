/**
 * Update: tags in place, domains by replacement (the distribution moves, then the old
 * certificate goes), and the refusal of a domain change under an unchanged explicit name.
 */
import { CfnResource, Tags } from 'aws-cdk-lib';
import {
  calls,
  CERT_REGION,
  certificates,
  deployFailing,
  eventIndex,
  failureReasons,
  logicalIdOf,
  operations,
  STACK_NAME,
  synth,
  tagsOf,
  useLocalLightsail,
  website,
} from './harness';

const env = useLocalLightsail();

describe('update', () => {
  test('tags changed (props and Tags.of): the same certificate is retagged in place, nothing created or deleted', async () => {
    const before = synth((stack) => {
      const { certificate } = website(stack, { tags: { project: 'website', team: 'web', retired: 'soon' } });
      Tags.of(certificate).add('env', 'dev');
      Tags.of(certificate).add('owner', 'alice');
    });
    await env.local.deploy(before, STACK_NAME);
    const [original] = certificates(env.emulator);
    expect(tagsOf(original)).toEqual({ project: 'website', team: 'web', retired: 'soon', env: 'dev', owner: 'alice' });
    const mark = env.emulator.calls.count();

    const after = synth((stack) => {
      const { certificate } = website(stack, { tags: { project: 'website', team: 'platform', added: 'yes' } });
      Tags.of(certificate).add('env', 'prod');
    });
    const result = await env.local.deploy(after, STACK_NAME);

    expect(result.status).toBe('UPDATE_COMPLETE');
    const all = certificates(env.emulator);
    expect(all).toHaveLength(1);
    const [retagged] = all;
    expect(retagged.arn).toBe(original.arn);
    expect(retagged.name).toBe(original.name);
    expect(retagged).toMatchObject({ status: 'ISSUED', inUseResourceCount: 1 });
    // Added (added), changed (team, env), removed (retired, owner), kept (project).
    expect(tagsOf(retagged)).toEqual({ project: 'website', team: 'platform', added: 'yes', env: 'prod' });
    const updateOps = operations(env.emulator, mark);
    expect(updateOps).not.toContain('CreateCertificate');
    expect(updateOps).not.toContain('DeleteCertificate');
    expect(updateOps).toContain('TagResource');
    expect(updateOps).toContain('UntagResource');
    const untag = calls(env.emulator, 'UntagResource', mark)[0];
    expect([...(untag.input.tagKeys as string[])].sort()).toEqual(['owner', 'retired']);
    // The physical id did not change: no replacement, no cleanup.
    expect(result.events.filter((e) => e.status.startsWith('DELETE_'))).toHaveLength(0);
    expect(result.outputs.CertificateArn).toBe(original.arn);
  });

  test('domains changed: a new certificate is ISSUED, the distribution moves to it, then the old one is deleted', async () => {
    const before = synth((stack) => {
      website(stack);
    });
    const first = await env.local.deploy(before, STACK_NAME);
    const [original] = certificates(env.emulator);
    expect(original.name).toBe(first.outputs.CertificateName);
    const mark = env.emulator.calls.count();

    let distributionId = '';
    let certificateId = '';
    const after = synth((stack) => {
      const site = website(stack, { subjectAlternativeNames: ['www.example.com', 'api.example.com'] });
      distributionId = logicalIdOf(site.distribution);
      certificateId = logicalIdOf(site.certificate.node.defaultChild as CfnResource);
    });
    const result = await env.local.deploy(after, STACK_NAME);

    expect(result.status).toBe('UPDATE_COMPLETE');
    const all = certificates(env.emulator);
    expect(all).toHaveLength(1);
    const [replacement] = all;
    expect(replacement.name).not.toBe(original.name);
    expect(replacement.arn).not.toBe(original.arn);
    expect(replacement).toMatchObject({ region: CERT_REGION, status: 'ISSUED', inUseResourceCount: 1 });
    expect(replacement.subjectAlternativeNames).toEqual(['example.com', 'www.example.com', 'api.example.com']);
    expect(result.outputs).toMatchObject({ CertificateName: replacement.name, CertificateArn: replacement.arn });
    expect(env.emulator.certificate(CERT_REGION, original.name)).toBeUndefined();

    // Order in the call log: the new certificate is created before the old one is deleted.
    const created = calls(env.emulator, 'CreateCertificate', mark);
    const deleted = calls(env.emulator, 'DeleteCertificate', mark).filter((c) => c.outcome === 'ok');
    expect(created.map((c) => c.input.certificateName)).toEqual([replacement.name]);
    expect(deleted.map((c) => c.input.certificateName)).toEqual([original.name]);
    expect(created[0].seq).toBeLessThan(deleted[0].seq);
    // Order in the stack events: the distribution moved before the old certificate's delete started.
    const moved = eventIndex(result, (e) => e.logicalId === distributionId && e.status === 'UPDATE_COMPLETE');
    const oldDeleted = eventIndex(result, (e) => e.logicalId === certificateId && e.status === 'DELETE_IN_PROGRESS');
    expect(moved).toBeGreaterThanOrEqual(0);
    expect(oldDeleted).toBeGreaterThan(moved);
    expect(result.events[oldDeleted].physicalId).toContain(original.name);
  });

  test('domains changed under an unchanged explicit certificateName: refused before anything is created, the original stays', async () => {
    const before = synth((stack) => {
      website(stack, { certificateName: 'site-cert' });
    });
    await env.local.deploy(before, STACK_NAME);
    const [original] = certificates(env.emulator);
    expect(original.name).toBe('site-cert');
    const mark = env.emulator.calls.count();

    const after = synth((stack) => {
      website(stack, { certificateName: 'site-cert', subjectAlternativeNames: ['www.example.com', 'api.example.com'] });
    });
    const result = await deployFailing(env.local, after);

    expect(result.status).toBe('UPDATE_ROLLBACK_COMPLETE');
    expect(failureReasons(result)).toMatch(/change certificateName/);
    expect(operations(env.emulator, mark)).not.toContain('CreateCertificate');
    expect(operations(env.emulator, mark)).not.toContain('DeleteCertificate');
    const all = certificates(env.emulator);
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ name: 'site-cert', arn: original.arn, status: 'ISSUED', inUseResourceCount: 1 });
    expect(all[0].subjectAlternativeNames).toEqual(['example.com', 'www.example.com']);

    // The stack is usable again: the original template deploys as "no changes", a new name goes through.
    const renamed = synth((stack) => {
      website(stack, { certificateName: 'site-cert-v2', subjectAlternativeNames: ['www.example.com', 'api.example.com'] });
    });
    const fixed = await env.local.deploy(renamed, STACK_NAME);
    expect(fixed.status).toBe('UPDATE_COMPLETE');
    expect(certificates(env.emulator).map((c) => [c.name, c.status, c.inUseResourceCount])).toEqual([['site-cert-v2', 'ISSUED', 1]]);
  });
});
