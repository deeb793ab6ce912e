import { CfnOutput, Stack } from 'aws-cdk-lib';
import * as lightsail from 'aws-cdk-lib/aws-lightsail';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { cleanUpTempDirs, providerApp, resetCalls, testApp, thing } from './fixtures';
import { CertificateAttachment, DnsSink, LocalCloudFormation, StackOperationError } from '../../test-support/driver';

afterAll(cleanUpTempDirs);
beforeEach(resetCalls);

/** A DNS sink that keeps records in a map, like the emulator's DNS. */
class RecordingDns implements DnsSink {
  readonly records = new Map<string, string>();
  readonly log: string[] = [];
  upsert(name: string, type: string, value: string) {
    this.records.set(`${name} ${type}`, value);
    this.log.push(`upsert ${name} ${type} ${value}`);
  }
  delete(name: string, type: string, value: string) {
    this.records.delete(`${name} ${type}`);
    this.log.push(`delete ${name} ${type} ${value}`);
  }
}

describe('Route 53', () => {
  test('record sets are written to the DNS sink with values from a custom resource, and removed on destroy', async () => {
    const { app, stack, provider } = providerApp();
    const zone = new route53.HostedZone(stack, 'Zone', { zoneName: 'example.com' });
    const cert = thing(stack, 'Cert', provider, { Name: '_abc.Example.com.' });
    new route53.CfnRecordSet(stack, 'Validation', {
      hostedZoneId: zone.hostedZoneId,
      name: cert.getAttString('Name'),
      type: 'CNAME',
      ttl: '60',
      resourceRecords: ['_xyz.acm-validations.aws.'],
    });
    new CfnOutput(stack, 'ZoneId', { value: zone.hostedZoneId });
    new CfnOutput(stack, 'NameServers', { value: Stack.of(stack).toJsonString(zone.hostedZoneNameServers) });
    const dns = new RecordingDns();
    const cfn = new LocalCloudFormation({ dnsSink: dns });

    const result = await cfn.deploy(app.synth(), 'TestStack');

    expect(result.outputs.ZoneId).toMatch(/^Z0[A-Z0-9]{19}$/);
    expect(JSON.parse(result.outputs.NameServers)).toHaveLength(4);
    expect([...dns.records]).toEqual([['_abc.example.com. CNAME', '_xyz.acm-validations.aws.']]);

    await cfn.destroy('TestStack');
    expect(dns.records.size).toBe(0);
    expect(dns.log).toEqual(['upsert _abc.example.com. CNAME _xyz.acm-validations.aws.', 'delete _abc.example.com. CNAME _xyz.acm-validations.aws.']);
  });

  test('Route 53 refusals: a name outside the zone, and a record set that already exists', async () => {
    const app = testApp();
    const stack = new Stack(app, 'TestStack');
    const zone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z0IMPORTED', zoneName: 'example.com' });
    new route53.CfnRecordSet(stack, 'One', { hostedZoneId: zone.hostedZoneId, name: 'a.example.com', type: 'CNAME', ttl: '60', resourceRecords: ['x.'] });
    new route53.CfnRecordSet(stack, 'Two', { hostedZoneId: zone.hostedZoneId, name: 'A.example.com.', type: 'CNAME', ttl: '60', resourceRecords: ['y.'] });
    const dns = new RecordingDns();
    const cfn = new LocalCloudFormation({ dnsSink: dns, hostedZones: { Z0IMPORTED: 'example.com' } });

    const error = await cfn.deploy(app.synth(), 'TestStack').catch((e: StackOperationError) => e);

    expect((error as StackOperationError).result.events.find((e) => e.status === 'CREATE_FAILED')).toMatchObject({
      logicalId: 'Two',
      reason: expect.stringContaining("Tried to create resource record set [name='a.example.com.', type='CNAME'] but it already exists"),
    });
    expect(dns.records.size).toBe(0);

    const app2 = testApp();
    const stack2 = new Stack(app2, 'Other');
    new route53.CfnRecordSet(stack2, 'Outside', { hostedZoneId: 'Z0IMPORTED', name: 'a.example.org', type: 'A', ttl: '60', resourceRecords: ['1.2.3.4'] });
    const outside = await cfn.deploy(app2.synth(), 'Other').catch((e: StackOperationError) => e);
    expect((outside as StackOperationError).result.statusReason).toContain('RRSet with DNS name a.example.org. is not permitted in zone example.com.');
  });
});

describe('Lightsail distributions and container services', () => {
  function appWithCdn(certificateName: string) {
    const { app, stack, provider } = providerApp();
    const cert = thing(stack, 'Issued', provider, { Name: certificateName });
    new lightsail.CfnDistribution(stack, 'Cdn', {
      distributionName: 'my-cdn',
      bundleId: 'small_1_0',
      defaultCacheBehavior: { behavior: 'cache' },
      origin: { name: 'origin', regionName: 'eu-west-1', protocolPolicy: 'http-only' },
      certificateName: cert.getAttString('Name'),
    });
    new lightsail.CfnContainer(stack, 'Service', {
      serviceName: 'my-service',
      power: 'nano',
      scale: 1,
      publicDomainNames: [{ certificateName: 'regional-cert', domainNames: ['api.example.com'] }],
    });
    return app.synth();
  }

  test('hooks are told when certificates are attached and detached', async () => {
    const attached: string[] = [];
    const cfn = new LocalCloudFormation({
      hooks: {
        onAttachCertificate: (a: CertificateAttachment) => { attached.push(`+${a.resourceType}:${a.resourceName}:${a.region}:${a.certificateName}`); },
        onDetachCertificate: (a: CertificateAttachment) => { attached.push(`-${a.resourceType}:${a.resourceName}:${a.region}:${a.certificateName}`); },
      },
    });

    await cfn.deploy(appWithCdn('cert-a'), 'TestStack');
    await cfn.deploy(appWithCdn('cert-b'), 'TestStack');
    await cfn.destroy('TestStack');

    expect(attached).toEqual([
      '+AWS::Lightsail::Distribution:my-cdn:us-east-1:cert-a',
      '+AWS::Lightsail::Container:my-service:us-east-1:regional-cert',
      // The update attaches the new certificate before it lets go of the old one.
      '+AWS::Lightsail::Distribution:my-cdn:us-east-1:cert-b',
      '-AWS::Lightsail::Distribution:my-cdn:us-east-1:cert-a',
      '-AWS::Lightsail::Container:my-service:us-east-1:regional-cert',
      '-AWS::Lightsail::Distribution:my-cdn:us-east-1:cert-b',
    ]);
  });

  test('a hook that throws fails the resource with its message', async () => {
    const cfn = new LocalCloudFormation({
      hooks: { onAttachCertificate: (a) => { throw new Error(`The certificate ${a.certificateName} is not ISSUED`); } },
    });

    const error = await cfn.deploy(appWithCdn('pending-cert'), 'TestStack').catch((e: StackOperationError) => e);

    const failed = (error as StackOperationError).result.events.find((e) => e.status === 'CREATE_FAILED')!;
    expect(failed).toMatchObject({ logicalId: 'Cdn', reason: 'The certificate pending-cert is not ISSUED' });
    expect((error as StackOperationError).result.status).toBe('ROLLBACK_COMPLETE');
  });
});
