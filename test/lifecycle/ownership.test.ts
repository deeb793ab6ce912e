/**
 * What a real account does that a clean emulator does not: certificates someone else made, a
 * certificate whose validation timed out, a consumer that lets go later than the in-use count says,
 * records that never come, a wait as long as CloudFormation allows, and throttling that does not stop.
 */
import { Duration } from 'aws-cdk-lib';
import * as lightsail from 'aws-cdk-lib/aws-lightsail';
import {
  calls,
  CERT_REGION,
  certificates,
  compressRealTimeSleeps,
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
import { CertificateValidation, LightsailCertificate } from '../../src';
import { validationRecordFor } from '../../test-support/emulator';

const env = useLocalLightsail();
compressRealTimeSleeps(10);

describe('certificates the stack did not make', () => {
  test('a certificate made by hand with the wanted name and domains is refused and left untouched; adoptExisting takes it over', async () => {
    const hand = env.emulator.seedCertificate({
      region: CERT_REGION, name: 'site-cert', domainName: 'example.com', subjectAlternativeNames: ['www.example.com'], tags: [{ key: 'team', value: 'ops' }],
    });
    const mark = env.emulator.calls.count();

    const refused = await deployFailing(env.local, synth((stack) => {
      website(stack, { certificateName: 'site-cert' });
    }));

    expect(refused.status).toBe('ROLLBACK_COMPLETE');
    const reasons = failureReasons(refused);
    expect(reasons).toContain(`Certificate name "site-cert" in us-east-1 is already used by certificate ${hand.arn} for example.com, www.example.com, which no CloudFormation stack made`);
    expect(reasons).toContain('set adoptExisting: true');
    // Reads only, by the Create and by its rollback's Delete.
    expect(new Set(operations(env.emulator, mark))).toEqual(new Set(['GetCertificates']));
    expect(certificates(env.emulator).map((c) => [c.arn, tagsOf(c), ownerTagOf(c)])).toEqual([[hand.arn, { team: 'ops' }, undefined]]);

    const adopted = await env.local.deploy(synth((stack) => {
      website(stack, { certificateName: 'site-cert', adoptExisting: true });
    }), STACK_NAME);
    expect(adopted.status).toBe('CREATE_COMPLETE');
    const [taken] = certificates(env.emulator);
    expect(taken).toMatchObject({ arn: hand.arn, status: 'ISSUED', inUseResourceCount: 1 });
    expect(ownerTagOf(taken)).toBe(`${adopted.stackId}/${resourceIdOfType(adopted, 'Custom::LightsailCertificate')}`);

    // Handed over, it is the stack's: deleted with it.
    await env.local.destroy(STACK_NAME);
    expect(certificates(env.emulator)).toHaveLength(0);
  });

  test('another stack\'s certificate of the same name is refused, and neither stack\'s delete touches the other\'s', async () => {
    const first = await env.local.deploy(synth((stack) => {
      website(stack, { certificateName: 'site-cert', distribution: false });
    }), STACK_NAME);
    const [theirs] = certificates(env.emulator);

    const other = await deployFailing(env.local, synth((stack) => {
      new LightsailCertificate(stack, 'Certificate', { certificateName: 'site-cert', domainName: 'example.com', subjectAlternativeNames: ['www.example.com'] });
    }, 'OtherStack'), 'OtherStack');
    expect(failureReasons(other)).toContain(`which belongs to ${first.stackId}/`);
    await env.local.destroy('OtherStack');

    expect(certificates(env.emulator).map((c) => c.arn)).toEqual([theirs.arn]);
  });
});

describe('a certificate whose validation timed out', () => {
  test('a tag change updates it in place and reports the status; the rollback of a failed update succeeds too', async () => {
    const build = (tags: Record<string, string>, withDistribution: boolean) => synth((stack) => {
      const certificate = new LightsailCertificate(stack, 'Certificate', { domainName: 'example.com', tags });
      if (withDistribution) {
        new lightsail.CfnDistribution(stack, 'Cdn', {
          distributionName: 'cdn',
          bundleId: 'small_1_0',
          origin: { name: 'origin', regionName: 'eu-west-1', protocolPolicy: 'https-only' },
          defaultCacheBehavior: { behavior: 'cache' },
          certificateName: certificate.certificateName,
        });
      }
    });
    await env.local.deploy(build({ stage: 'one' }, false), STACK_NAME);
    const [cert] = certificates(env.emulator);
    env.emulator.setStatus(CERT_REGION, cert.name, 'VALIDATION_TIMED_OUT');

    const retagged = await env.local.deploy(build({ stage: 'two' }, false), STACK_NAME);
    expect(retagged.status).toBe('UPDATE_COMPLETE');
    expect(tagsOf(env.emulator.certificate(CERT_REGION, cert.name)!)).toEqual({ stage: 'two' });
    const certificateId = resourceIdOfType(retagged, 'Custom::LightsailCertificate');
    expect(retagged.resources[certificateId].attributes.Status).toBe('VALIDATION_TIMED_OUT');

    // A distribution can't take it (only ISSUED certificates attach): the update fails and rolls back,
    // which retags the certificate back; that Update must not fail on the status too.
    const failed = await deployFailing(env.local, build({ stage: 'three' }, true));
    expect(failed.status).toBe('UPDATE_ROLLBACK_COMPLETE');
    expect(tagsOf(env.emulator.certificate(CERT_REGION, cert.name)!)).toEqual({ stage: 'two' });
    expect(certificates(env.emulator)).toHaveLength(1);
  });
});

describe('delete', () => {
  test('DeleteCertificate says "in use" after inUseResourceCount already reads 0: the delete waits it out', async () => {
    await env.restart({ emulator: { modes: { deleteInUse: 'error', inUseLagMs: 45_000 } } });
    await env.local.deploy(synth((stack) => {
      website(stack);
    }), STACK_NAME);
    const mark = env.emulator.calls.count();

    const result = await env.local.destroy(STACK_NAME);

    expect(result.status).toBe('DELETE_COMPLETE');
    expect(certificates(env.emulator)).toHaveLength(0);
    const deletes = calls(env.emulator, 'DeleteCertificate', mark).map((c) => c.outcome);
    expect(deletes[0]).toBe('InvalidInputException');
    expect(deletes[deletes.length - 1]).toBe('ok');
    expect(deletes.length).toBeGreaterThanOrEqual(3);
  });
});

describe('waits that run out', () => {
  test('records Lightsail never produces: the deploy fails naming the domains, and the certificate is deleted', async () => {
    await env.restart({ emulator: { modes: { recordsNeverFor: ['reserved.example.com'] } } });
    const result = await deployFailing(env.local, synth((stack) => {
      website(stack, { subjectAlternativeNames: ['www.example.com', 'reserved.example.com'] });
    }));

    expect(result.status).toBe('ROLLBACK_COMPLETE');
    expect(failureReasons(result)).toContain('Lightsail gave no validation record for reserved.example.com of certificate');
    expect(certificates(env.emulator)).toHaveLength(0);
    expect(calls(env.emulator, 'DeleteCertificate').map((c) => c.outcome)).toEqual(['ok']);
  });

  test('a 1-hour timeout (CloudFormation\'s limit) still ends with the handler\'s message naming each CNAME', async () => {
    const result = await deployFailing(env.local, synth((stack) => {
      new LightsailCertificate(stack, 'Certificate', {
        domainName: 'example.net',
        certificateName: 'never-validated',
        validation: CertificateValidation.manual({ waitForIssued: true }),
        timeout: Duration.hours(1),
      });
    }));

    expect(result.status).toBe('ROLLBACK_COMPLETE');
    const reasons = failureReasons(result);
    const record = validationRecordFor('example.net', env.emulator.accountId);
    expect(reasons).toContain('"never-validated" in us-east-1 was not ISSUED within 60 minutes');
    expect(reasons).toContain(`example.net needs ${record.name} CNAME ${record.value}`);
    expect(reasons).not.toContain('did not receive a response');
    // Five links of at most 13 minutes; the last failed, the four before it handed over.
    const links = result.events.filter((e) => e.resourceType === 'Custom::LightsailCertificateIssued' && e.status === 'CREATE_COMPLETE');
    expect(links).toHaveLength(4);
  });

  test('throttling that does not stop: the deploy fails with Lightsail\'s answer, not a Lambda timeout', async () => {
    env.emulator.faults.setRates({ throttling: 1 });
    const result = await deployFailing(env.local, synth((stack) => {
      website(stack);
    }));

    expect(result.status).toBe('ROLLBACK_COMPLETE');
    const reasons = failureReasons(result);
    expect(reasons).toContain('ThrottlingException');
    expect(reasons).not.toMatch(/did not receive a response|Task timed out/);
    env.emulator.faults.clear();
    expect(certificates(env.emulator)).toHaveLength(0);
  });
});
