import { Stack } from 'aws-cdk-lib';
import * as lightsail from 'aws-cdk-lib/aws-lightsail';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { cleanUpTempDirs, providerApp, resetCalls, testApp, thing } from './fixtures';
import { CertificateAttachment, LocalCloudFormation, StackOperationError } from '../../test-support/driver';

afterAll(cleanUpTempDirs);
beforeEach(resetCalls);

describe('Lightsail distributions', () => {
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
      // The update attaches the new certificate before it lets go of the old one.
      '+AWS::Lightsail::Distribution:my-cdn:us-east-1:cert-b',
      '-AWS::Lightsail::Distribution:my-cdn:us-east-1:cert-a',
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

describe('resource types per region', () => {
  test('a distribution outside us-east-1 is refused with CloudFormation\'s message, before anything is created', async () => {
    const app = testApp();
    const stack = new Stack(app, 'WestStack', { env: { account: '123456789012', region: 'eu-west-1' } });
    new route53.PublicHostedZone(stack, 'Zone', { zoneName: 'example.com' });
    new lightsail.CfnDistribution(stack, 'Cdn', {
      distributionName: 'my-cdn',
      bundleId: 'small_1_0',
      defaultCacheBehavior: { behavior: 'cache' },
      origin: { name: 'origin', regionName: 'eu-west-1', protocolPolicy: 'http-only' },
    });
    const cfn = new LocalCloudFormation();

    await expect(cfn.deploy(app.synth(), 'WestStack')).rejects.toThrow("Resource type 'AWS::Lightsail::Distribution' does not exist in 'eu-west-1'");
    expect(cfn.stack('WestStack')).toBeUndefined();
  });

  test('the same distribution deploys in us-east-1', async () => {
    const app = testApp();
    const stack = new Stack(app, 'EastStack', { env: { account: '123456789012', region: 'us-east-1' } });
    new lightsail.CfnDistribution(stack, 'Cdn', {
      distributionName: 'my-cdn',
      bundleId: 'small_1_0',
      defaultCacheBehavior: { behavior: 'cache' },
      origin: { name: 'origin', regionName: 'us-east-1', protocolPolicy: 'http-only' },
    });

    expect((await new LocalCloudFormation().deploy(app.synth(), 'EastStack')).status).toBe('CREATE_COMPLETE');
  });
});

describe('Route 53 hosted zones', () => {
  test('hooks are told of a zone created and deleted; a hook that refuses the deletion leaves the stack DELETE_FAILED', async () => {
    const app = testApp();
    new route53.PublicHostedZone(new Stack(app, 'TestStack'), 'Zone', { zoneName: 'example.com' });
    const zones = new Map<string, string>();
    let refuse = true;
    const cfn = new LocalCloudFormation({
      hooks: {
        onHostedZoneCreated: (id, name) => { zones.set(id, name); },
        onHostedZoneDeleted: (id) => {
          if (refuse) throw new Error('HostedZoneNotEmpty');
          zones.delete(id);
        },
      },
    });

    const deployed = await cfn.deploy(app.synth(), 'TestStack');

    const zoneId = Object.values(deployed.resources).find((r) => r.type === 'AWS::Route53::HostedZone')!.physicalId;
    expect(zoneId).toMatch(/^Z0[A-Z0-9]{19}$/);
    expect([...zones]).toEqual([[zoneId, 'example.com.']]);
    expect((await cfn.destroy('TestStack').catch((e: StackOperationError) => e.result)).status).toBe('DELETE_FAILED');
    refuse = false;
    expect((await cfn.destroy('TestStack')).status).toBe('DELETE_COMPLETE');
    expect(zones.size).toBe(0);
  });
});
