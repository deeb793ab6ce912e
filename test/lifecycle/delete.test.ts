/**
 * Delete: waiting while a distribution still holds the certificate, giving up after 10
 * minutes with the certificate left in place, and `RemovalPolicy.RETAIN`.
 */
import { CfnResource, RemovalPolicy } from 'aws-cdk-lib';
import {
  calls,
  CERT_REGION,
  certificates,
  destroyFailing,
  failureReasons,
  logicalIdOf,
  STACK_NAME,
  statusesOf,
  synth,
  tagsOf,
  useLocalLightsail,
  website,
} from './harness';
import { validationRecordFor } from '../../test-support/emulator';

const env = useLocalLightsail();

/** Deploys the website stack and returns its one certificate's name. */
async function deployWebsite(options: Parameters<typeof website>[1] = {}): Promise<string> {
  const result = await env.local.deploy(synth((stack) => {
    website(stack, options);
  }), STACK_NAME);
  expect(result.status).toBe('CREATE_COMPLETE');
  const [cert] = certificates(env.emulator);
  expect(cert).toMatchObject({ status: 'ISSUED', inUseResourceCount: options.distribution === false ? 0 : 1 });
  return cert.name;
}

describe('delete', () => {
  test('a distribution that lets go 3 minutes after its deletion: the delete waits, then deletes; nothing is left', async () => {
    await env.restart({ releaseDelayMs: 3 * 60_000 });
    const name = await deployWebsite();
    const mark = env.emulator.calls.count();

    const result = await env.local.destroy(STACK_NAME);

    expect(result.status).toBe('DELETE_COMPLETE');
    expect(certificates(env.emulator)).toHaveLength(0);
    const deletes = calls(env.emulator, 'DeleteCertificate', mark);
    expect(deletes.map((c) => [c.input.certificateName, c.outcome])).toEqual([[name, 'ok']]);
    // It read the certificate while it was in use and only deleted it once released (emulator clock).
    const reads = calls(env.emulator, 'GetCertificates', mark);
    expect(reads.length).toBeGreaterThan(2);
    expect(deletes[0].at - reads[0].at).toBeGreaterThanOrEqual(3 * 60_000);
    expect(deletes[0].at - reads[0].at).toBeLessThan(10 * 60_000);
    expect(env.local.cloudFormation.stack(STACK_NAME)).toBeUndefined();
  });

  test('a certificate never released within 10 minutes: the destroy fails clearly and the certificate stays', async () => {
    await env.restart({ releaseDelayMs: 60 * 60_000 });
    const name = await deployWebsite();
    const mark = env.emulator.calls.count();

    const result = await destroyFailing(env.local);

    expect(result.status).toBe('DELETE_FAILED');
    const reasons = failureReasons(result);
    expect(reasons).toContain(`Certificate "${name}" is still in use by 1 resource(s) after 10 minutes`);
    expect(reasons).toContain('detach it');
    const [cert, ...others] = certificates(env.emulator);
    expect(others).toHaveLength(0);
    expect(cert).toMatchObject({ name, region: CERT_REGION, status: 'ISSUED', inUseResourceCount: 1 });
    expect(calls(env.emulator, 'DeleteCertificate', mark)).toHaveLength(0);
    const reads = calls(env.emulator, 'GetCertificates', mark);
    expect(reads[reads.length - 1].at - reads[0].at).toBeGreaterThanOrEqual(10 * 60_000);
    // The distribution itself is gone; only the certificate (and what it needs) stays in the stack.
    expect(Object.values(env.local.cloudFormation.stack(STACK_NAME)!.resources).map((r) => r.type)).not.toContain('AWS::Lightsail::Distribution');
  });

  test('a certificate held from outside the stack: the destroy fails after 10 minutes; once detached, destroying again deletes it', async () => {
    const name = await deployWebsite({ distribution: false });
    env.emulator.attach(CERT_REGION, name);

    const failed = await destroyFailing(env.local);
    expect(failed.status).toBe('DELETE_FAILED');
    expect(failureReasons(failed)).toContain(`Certificate "${name}" is still in use by 1 resource(s)`);
    expect(env.emulator.certificate(CERT_REGION, name)).toBeDefined();

    env.emulator.detach(CERT_REGION, name);
    const result = await env.local.destroy(STACK_NAME);
    expect(result.status).toBe('DELETE_COMPLETE');
    expect(certificates(env.emulator)).toHaveLength(0);
    expect(calls(env.emulator, 'DeleteCertificate').map((c) => c.outcome)).toEqual(['ok']);
  });

  test('RemovalPolicy.RETAIN: the destroy keeps the certificate and calls nothing on it', async () => {
    let certificateId = '';
    const result0 = await env.local.deploy(synth((stack) => {
      const { certificate, zone } = website(stack, { removalPolicy: RemovalPolicy.RETAIN, tags: { kept: 'yes' } });
      // The records stay with the certificate, so their zone must stay too.
      zone.applyRemovalPolicy(RemovalPolicy.RETAIN);
      certificateId = logicalIdOf(certificate.node.defaultChild as CfnResource);
    }), STACK_NAME);
    const [before] = certificates(env.emulator);
    const mark = env.emulator.calls.count();

    const result = await env.local.destroy(STACK_NAME);

    expect(result0.status).toBe('CREATE_COMPLETE');
    expect(result.status).toBe('DELETE_COMPLETE');
    expect(statusesOf(result, certificateId)).toEqual(['DELETE_SKIPPED']);
    expect(calls(env.emulator, 'DeleteCertificate')).toHaveLength(0);
    // Nothing at all was called for it: not even a read.
    expect(env.emulator.calls.list().slice(mark)).toHaveLength(0);
    const all = certificates(env.emulator);
    expect(all).toHaveLength(1);
    // The distribution is gone, so the certificate is no longer in use.
    expect(all[0]).toMatchObject({ name: before.name, arn: before.arn, status: 'ISSUED', inUseResourceCount: 0 });
    expect(tagsOf(all[0])).toEqual({ kept: 'yes' });
    // Its validation records are still in DNS: Lightsail renews only while they are.
    const records = ['example.com', 'www.example.com'].map((d) => validationRecordFor(d, env.emulator.accountId));
    for (const record of records) {
      expect(env.emulator.dns.get(record.name)?.value).toBe(record.value);
    }
  });
});
