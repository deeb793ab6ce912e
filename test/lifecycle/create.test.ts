/**
 * Create: Route 53, Lightsail DNS and manual validation, and the ways a create fails
 * (FAILED validation, Lightsail record creation failing, timeout), each asserted on what the emulator
 * holds afterwards.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, CfnOutput, CfnResource, Duration } from 'aws-cdk-lib';
import * as lightsail from 'aws-cdk-lib/aws-lightsail';
import {
  calls,
  CERT_REGION,
  certificates,
  deployFailing,
  failureReasons,
  logicalIdOf,
  ownerTagOf,
  STACK_NAME,
  synth,
  tagsOf,
  useLocalLightsail,
  website,
} from './harness';
import { EXAMPLE_ENVIRONMENT, WebsiteStack } from '../../examples/website-stack';
import { CertificateValidation, LightsailCertificate } from '../../src';
import { validationRecordFor } from '../../test-support/emulator';

const env = useLocalLightsail();

describe('create', () => {
  test('Route 53 validation: ISSUED in us-east-1, CNAMEs in DNS, the distribution holds it, outputs are the real name and ARN', async () => {
    let certificateId = '';
    const asm = synth((stack) => {
      const { certificate } = website(stack, { tags: { project: 'website' } });
      certificateId = logicalIdOf(certificate.node.defaultChild as CfnResource);
    });

    const result = await env.local.deploy(asm, STACK_NAME);

    expect(result.status).toBe('CREATE_COMPLETE');
    const all = certificates(env.emulator);
    expect(all).toHaveLength(1);
    const [cert] = all;
    expect(cert).toMatchObject({
      region: CERT_REGION,
      status: 'ISSUED',
      domainName: 'example.com',
      inUseResourceCount: 1,
    });
    expect(cert.subjectAlternativeNames).toEqual(['example.com', 'www.example.com']);
    expect(tagsOf(cert)).toEqual({ project: 'website' });
    // Marked as this stack's, by the resource that made it.
    expect(ownerTagOf(cert)).toBe(`${result.stackId}/${certificateId}`);
    expect(result.outputs.CertificateName).toBe(cert.name);
    expect(result.outputs.CertificateArn).toBe(cert.arn);
    expect(cert.arn).toMatch(/^arn:aws:lightsail:us-east-1:123456789012:Certificate\//);
    // The record sets the stack wrote are the ones Lightsail asked for.
    for (const domain of ['example.com', 'www.example.com']) {
      const wanted = validationRecordFor(domain, env.emulator.accountId);
      expect(env.emulator.dns.has(wanted)).toBe(true);
    }
    expect(cert.domainValidationRecords.map((r) => r.validationStatus)).toEqual(['SUCCESS', 'SUCCESS']);
    expect(calls(env.emulator, 'CreateCertificate')).toHaveLength(1);
    expect(calls(env.emulator, 'CreateCertificate')[0].region).toBe(CERT_REGION);
    expect(calls(env.emulator, 'DeleteCertificate')).toHaveLength(0);
  });

  test('the example app (examples/website-stack.ts) deploys, is ISSUED and used by its distribution, and destroys cleanly', async () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'lifecycle-example-'));
    try {
      const app = new App({ outdir });
      new WebsiteStack(app, 'LightsailCertificateDemo', { env: EXAMPLE_ENVIRONMENT });

      const result = await env.local.deploy(app.synth(), 'LightsailCertificateDemo');

      expect(result.status).toBe('CREATE_COMPLETE');
      const [cert, ...others] = certificates(env.emulator);
      expect(others).toHaveLength(0);
      expect(cert).toMatchObject({ region: CERT_REGION, status: 'ISSUED', inUseResourceCount: 1, name: result.outputs.CertificateName, arn: result.outputs.CertificateArn });
      expect(tagsOf(cert)).toEqual({ project: 'website' });
      // The example's outputs are the records Lightsail asked for.
      const published = [result.outputs.ValidationRecord0, result.outputs.ValidationRecord1];
      expect(published).toEqual(['example.com', 'www.example.com'].map((d) => {
        const r = validationRecordFor(d, env.emulator.accountId);
        return `${r.name} ${r.type} ${r.value}`;
      }));

      expect((await env.local.destroy('LightsailCertificateDemo')).status).toBe('DELETE_COMPLETE');
      expect(certificates(env.emulator)).toHaveLength(0);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });

  test('Lightsail DNS validation: Lightsail writes the records and the certificate is ISSUED before the distribution takes it', async () => {
    env.emulator.addLightsailDomain('example.org');
    const asm = synth((stack) => {
      const cert = new LightsailCertificate(stack, 'Certificate', {
        domainName: 'example.org',
        subjectAlternativeNames: ['www.example.org'],
        validation: CertificateValidation.fromLightsailDomain(),
      });
      new lightsail.CfnDistribution(stack, 'Cdn', {
        distributionName: 'org-cdn',
        bundleId: 'small_1_0',
        origin: { name: 'org-content', regionName: 'us-east-1' },
        defaultCacheBehavior: { behavior: 'cache' },
        certificateName: cert.certificateName,
      });
      new CfnOutput(stack, 'CertificateName', { value: cert.certificateName });
    });

    const result = await env.local.deploy(asm, STACK_NAME);

    expect(result.status).toBe('CREATE_COMPLETE');
    const [cert, ...others] = certificates(env.emulator);
    expect(others).toHaveLength(0);
    expect(cert).toMatchObject({ region: CERT_REGION, status: 'ISSUED', inUseResourceCount: 1, name: result.outputs.CertificateName });
    expect(cert.domainValidationRecords.map((r) => r.dnsRecordCreationState?.code)).toEqual(['SUCCEEDED', 'SUCCEEDED']);
    // No Route 53 record set in the stack: the records are Lightsail's own.
    expect(Object.values(result.resources).filter((r) => r.type === 'AWS::Route53::RecordSet')).toHaveLength(0);
  });

  test.each(['lightsail:GetDomains', 'lightsail:CreateDomainEntry'])(
    'Lightsail DNS validation without %s (a dependent action of CreateCertificate in IAM\'s reference): CreateCertificate is refused',
    async (dependent) => {
      env.emulator.addLightsailDomain('example.org');
      const asm = synth((stack) => {
        new LightsailCertificate(stack, 'Certificate', { domainName: 'example.org', validation: CertificateValidation.fromLightsailDomain() });
      });
      // The role's policy as it would be without the grant: the statement that names the action goes.
      const file = path.join(asm.directory, asm.getStackByName(STACK_NAME).templateFile);
      const template = JSON.parse(fs.readFileSync(file, 'utf8'));
      const role = Object.values(template.Resources as Record<string, { Type: string; Properties: any }>).find((r) => r.Type === 'AWS::IAM::Role')!;
      for (const policy of role.Properties.Policies) {
        policy.PolicyDocument.Statement = policy.PolicyDocument.Statement.filter((st: { Action: unknown }) => st.Action !== dependent);
      }
      fs.writeFileSync(file, JSON.stringify(template));

      const result = await deployFailing(env.local, asm);

      expect(failureReasons(result)).toContain(`is not authorized to perform: ${dependent}`);
      expect(certificates(env.emulator)).toHaveLength(0);
    },
  );

  test('Lightsail DNS validation whose record creation fails: the deploy fails naming the domain, the rollback leaves no certificate', async () => {
    env.emulator.addLightsailDomain('example.org', { recordCreationFailure: 'The domain zone is locked' });
    const asm = synth((stack) => {
      new LightsailCertificate(stack, 'Certificate', {
        domainName: 'example.org',
        validation: CertificateValidation.fromLightsailDomain(),
        timeout: Duration.minutes(20),
      });
    });

    const result = await deployFailing(env.local, asm);

    expect(result.status).toBe('ROLLBACK_COMPLETE');
    const reasons = failureReasons(result);
    expect(reasons).toContain('Lightsail could not create the validation record of example.org');
    expect(reasons).toContain('The domain zone is locked');
    expect(certificates(env.emulator)).toHaveLength(0);
    expect(calls(env.emulator, 'CreateCertificate')).toHaveLength(1);
    expect(calls(env.emulator, 'DeleteCertificate').filter((c) => c.outcome === 'ok')).toHaveLength(1);
    // It failed at once, not at the 20-minute timeout: the wait for ISSUED polled only once.
    const issuedPolls = result.customResourceCalls.filter((c) => c.request.ResourceType === 'Custom::LightsailCertificateIssued');
    expect(issuedPolls.length).toBeGreaterThan(0);
    expect(calls(env.emulator, 'GetCertificates').length).toBeLessThan(10);
  });

  test('manual validation without waiting: CREATE_COMPLETE while PENDING_VALIDATION; the outputs are the records that issue it', async () => {
    const outputIds: string[] = [];
    const asm = synth((stack) => {
      const cert = new LightsailCertificate(stack, 'Certificate', {
        domainName: 'example.net',
        subjectAlternativeNames: ['www.example.net', 'api.example.net'],
      });
      cert.addValidationOutputs();
      cert.domainNames.forEach((_, i) => outputIds.push(logicalIdOf(cert.node.findChild(`ValidationRecordOutput${i}`) as CfnOutput)));
      new CfnOutput(stack, 'CertificateName', { value: cert.certificateName });
    });

    const result = await env.local.deploy(asm, STACK_NAME);

    expect(result.status).toBe('CREATE_COMPLETE');
    const [cert, ...others] = certificates(env.emulator);
    expect(others).toHaveLength(0);
    expect(cert.status).toBe('PENDING_VALIDATION');
    expect(cert.name).toBe(result.outputs.CertificateName);
    expect(env.emulator.dns.list()).toHaveLength(0);
    expect(outputIds).toHaveLength(3);

    // Publish exactly what the outputs say, as a user would.
    for (const id of outputIds) {
      const [name, type, value, ...rest] = result.outputs[id].split(' ');
      expect(rest).toHaveLength(0);
      expect(type).toBe('CNAME');
      env.emulator.dns.upsert({ name, type, value });
      // Not ISSUED until the last record is there.
      if (id !== outputIds[outputIds.length - 1]) {
        expect(env.emulator.certificate(CERT_REGION, cert.name)?.status).toBe('PENDING_VALIDATION');
      }
    }
    expect(env.emulator.certificate(CERT_REGION, cert.name)?.status).toBe('ISSUED');
  });

  test('FAILED validation: the deploy fails with the requestFailureReason and the name, the rollback leaves no certificate', async () => {
    env.emulator.failDomain('www.example.com', 'DOMAIN_NOT_ALLOWED');
    const asm = synth((stack) => {
      website(stack, { certificateName: 'failing-cert' });
    });

    const result = await deployFailing(env.local, asm);

    expect(result.status).toBe('ROLLBACK_COMPLETE');
    const reasons = failureReasons(result);
    expect(reasons).toContain('"failing-cert"');
    expect(reasons).toContain('FAILED');
    expect(reasons).toContain('DOMAIN_NOT_ALLOWED');
    expect(certificates(env.emulator)).toHaveLength(0);
    expect(calls(env.emulator, 'CreateCertificate')).toHaveLength(1);
    expect(calls(env.emulator, 'DeleteCertificate').filter((c) => c.outcome === 'ok')).toHaveLength(1);
    // The distribution was never created.
    expect(result.events.filter((e) => e.resourceType === 'AWS::Lightsail::Distribution')).toHaveLength(0);
  });

  test('timeout: records never published; the deploy fails naming the pending domains and their CNAMEs, no certificate is left', async () => {
    const asm = synth((stack) => {
      new LightsailCertificate(stack, 'Certificate', {
        domainName: 'example.net',
        subjectAlternativeNames: ['www.example.net'],
        certificateName: 'never-validated',
        validation: CertificateValidation.manual({ waitForIssued: true }),
        timeout: Duration.minutes(5),
      });
    });

    const result = await deployFailing(env.local, asm);

    expect(result.status).toBe('ROLLBACK_COMPLETE');
    const reasons = failureReasons(result);
    expect(reasons).toContain('"never-validated"');
    expect(reasons).toContain('was not ISSUED within 5 minutes');
    for (const domain of ['example.net', 'www.example.net']) {
      const record = validationRecordFor(domain, env.emulator.accountId);
      expect(reasons).toContain(`${domain} needs ${record.name} CNAME ${record.value}`);
    }
    expect(certificates(env.emulator)).toHaveLength(0);
    expect(calls(env.emulator, 'DeleteCertificate').filter((c) => c.outcome === 'ok')).toHaveLength(1);
    // It waited the 5 minutes (virtual time, by the emulator's clock), not the default 30.
    const gets = calls(env.emulator, 'GetCertificates');
    const waited = gets[gets.length - 1].at - calls(env.emulator, 'CreateCertificate')[0].at;
    expect(waited).toBeGreaterThanOrEqual(5 * 60_000);
    expect(waited).toBeLessThan(6 * 60_000);
  });
});
