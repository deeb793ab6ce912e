/**
 * A lost answer after an attachment: the Create of the resource that attached the certificate (or added
 * the domains) did its work, but its SUCCESS never reached CloudFormation. aws-cdk-lib's entrypoint then
 * answers FAILED with its marker id and skips the rollback's Delete, so what was taken is not given back
 * then, and the physical id that remembered "what was there before" is lost. With the certificate retained
 * (a certificate in use can't be deleted, so the rollback would fail otherwise), the next deploy finds this
 * stack's own certificate on the target: it must not take it for something to give back later, and it
 * reads what was there before from the tag the lost Create wrote on that certificate before attaching it.
 */
import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { certificates, STACK_NAME, synth, useLocalLightsail } from './harness';
import { CertificateValidation, DomainTarget, LightsailCertificate, LightsailDomainRecords } from '../../src';
import { CONTAINER_SERVICE_CERTIFICATE_RESOURCE_TYPE, DISTRIBUTION_CERTIFICATE_RESOURCE_TYPE } from '../../src/private/contract';
import { StackOperationError } from '../../test-support/driver';
import { LocalLightsail } from '../../test-support/local-lightsail';

const env = useLocalLightsail();

/** The zone exists outside the stack, so the rollback does not have to delete a zone that still holds records. */
const ZONE_ID = 'Z0EXAMPLE';

function build(target: DomainTarget, certificateName: string, region: string, adoptExisting = false, tags?: Record<string, string>): CloudAssembly {
  return synth((stack: Stack) => {
    const zone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: ZONE_ID, zoneName: 'example.com' });
    const certificate = new LightsailCertificate(stack, 'Certificate', {
      domainName: 'example.com',
      subjectAlternativeNames: ['www.example.com'],
      region,
      certificateName,
      removalPolicy: RemovalPolicy.RETAIN,
      adoptExisting,
      tags,
      validation: CertificateValidation.fromRoute53(zone),
    });
    new LightsailDomainRecords(stack, 'Records', { certificate, target, zone });
  }, STACK_NAME, region);
}

/** The logical id of the one resource of this type in the assembly's stack. */
function logicalIdOfType(assembly: CloudAssembly, type: string): string {
  const resources = assembly.getStackByName(STACK_NAME).template.Resources as Record<string, { Type: string }>;
  const [id] = Object.entries(resources).filter(([, r]) => r.Type === type).map(([logicalId]) => logicalId);
  return id;
}

/** Deploys (after `seed` filled the new emulator) with the first answer of `logicalId` lost; returns the failed operation's result. */
async function deployLosing(assembly: CloudAssembly, logicalId: string, seed: (local: LocalLightsail) => void) {
  const local = await env.restart({ loseResponse: { logicalId }, hostedZones: { [ZONE_ID]: 'example.com' } });
  seed(local);
  const error = await local.deploy(assembly, STACK_NAME).then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(StackOperationError);
  return { local, result: (error as StackOperationError).result };
}

test('an existing distribution: after a lost Create, destroy re-attaches the certificate the distribution had before', async () => {
  const first = build(DomainTarget.fromDistributionName('shop'), 'site-1', 'us-east-1');
  const attachment = logicalIdOfType(first, DISTRIBUTION_CERTIFICATE_RESOURCE_TYPE);
  // The distribution exists before the stack, with the certificate it was made with in the console.
  const { local, result } = await deployLosing(first, attachment, (l) => {
    l.emulator.seedCertificate({ region: 'us-east-1', name: 'console-cert', domainName: 'shop.example.net' });
    l.emulator.addDistribution('shop', { certificateName: 'console-cert' });
  });
  const certificateOf = () => local.emulator.distribution('shop')!.certificateName;
  const [create] = result.customResourceCalls.filter((c) => c.logicalId === attachment);
  expect(create.response).toMatchObject({ Status: 'FAILED', PhysicalResourceId: 'AWSCDK::CustomResourceProviderFramework::CREATE_FAILED' });
  expect(certificateOf()).toBe('site-1');

  // Deployed again, with another certificate name: site-1 is this stack's leftover, not the distribution's own.
  const second = await local.deploy(build(DomainTarget.fromDistributionName('shop'), 'site-2', 'us-east-1'), STACK_NAME);
  expect(second.status).toBe('CREATE_COMPLETE');
  expect(certificateOf()).toBe('site-2');

  // What the distribution had before the lost Create is what destroy gives back.
  expect((await local.destroy(STACK_NAME)).status).toBe('DELETE_COMPLETE');
  expect(certificateOf()).toBe('console-cert');
  expect(certificates(local.emulator).map((c) => [c.name, c.inUseResourceCount])).toEqual([['console-cert', 1], ['site-1', 0], ['site-2', 0]]);
});

test('an existing distribution: a Create retried on the certificate the lost one attached still gives back the one before', async () => {
  const first = build(DomainTarget.fromDistributionName('shop'), 'site-1', 'us-east-1');
  const attachment = logicalIdOfType(first, DISTRIBUTION_CERTIFICATE_RESOURCE_TYPE);
  const { local } = await deployLosing(first, attachment, (l) => {
    l.emulator.seedCertificate({ region: 'us-east-1', name: 'console-cert', domainName: 'shop.example.net' });
    l.emulator.addDistribution('shop', { certificateName: 'console-cert' });
  });
  const certificateOf = () => local.emulator.distribution('shop')!.certificateName;

  // The same certificate, taken over: the retried Create finds it attached already.
  const second = await local.deploy(build(DomainTarget.fromDistributionName('shop'), 'site-1', 'us-east-1', true, { team: 'web' }), STACK_NAME);
  expect(second.status).toBe('CREATE_COMPLETE');
  expect(certificateOf()).toBe('site-1');
  // The certificate's own tags change in place; the record is not one of them.
  const third = await local.deploy(build(DomainTarget.fromDistributionName('shop'), 'site-1', 'us-east-1', true, { owner: 'ops' }), STACK_NAME);
  expect(third.status).toBe('UPDATE_COMPLETE');
  const tags = Object.fromEntries(local.emulator.certificate('us-east-1', 'site-1')!.tags.map((t) => [t.key, t.value]));
  expect(tags).toMatchObject({ 'owner': 'ops', 'cdk-lightsail-certificate:before:distribution:shop': '1', 'cdk-lightsail-certificate:before:distribution:shop:1': 'console-cert' });
  expect(tags).not.toHaveProperty('team');

  expect((await local.destroy(STACK_NAME)).status).toBe('DELETE_COMPLETE');
  expect(certificateOf()).toBe('console-cert');
  expect(certificates(local.emulator).map((c) => [c.name, c.inUseResourceCount])).toEqual([['console-cert', 1], ['site-1', 0]]);
});

test('an existing container service: the domains added by the lost Create are removed by a later destroy', async () => {
  const first = build(DomainTarget.fromContainerServiceName('app'), 'site-1', 'eu-west-1');
  const attachment = logicalIdOfType(first, CONTAINER_SERVICE_CERTIFICATE_RESOURCE_TYPE);
  const { local, result } = await deployLosing(first, attachment, (l) => {
    l.emulator.addContainerService('eu-west-1', 'app', {});
  });
  const domains = () => local.emulator.containerService('eu-west-1', 'app')!.publicDomainNames;
  expect(result.customResourceCalls.some((c) => c.logicalId === attachment)).toBe(true);
  expect(domains()).toEqual({ 'site-1': ['example.com', 'www.example.com'] });

  // Deployed again, taking the retained certificate over: the domains under it are this stack's to remove.
  const second = await local.deploy(build(DomainTarget.fromContainerServiceName('app'), 'site-1', 'eu-west-1', true), STACK_NAME);
  expect(second.status).toBe('CREATE_COMPLETE');
  expect(domains()).toEqual({ 'site-1': ['example.com', 'www.example.com'] });

  expect((await local.destroy(STACK_NAME)).status).toBe('DELETE_COMPLETE');
  expect(domains()).toEqual({});
  expect(certificates(local.emulator).map((c) => [c.name, c.inUseResourceCount])).toEqual([['site-1', 0]]);
});

test('an existing container service: after a lost Create, destroy leaves the domains that were there before', async () => {
  // The certificate was made in the console and already serves the apex on the service; the stack takes it over.
  const first = build(DomainTarget.fromContainerServiceName('app'), 'site-1', 'eu-west-1', true);
  const attachment = logicalIdOfType(first, CONTAINER_SERVICE_CERTIFICATE_RESOURCE_TYPE);
  const { local } = await deployLosing(first, attachment, (l) => {
    l.emulator.seedCertificate({ region: 'eu-west-1', name: 'site-1', domainName: 'example.com', subjectAlternativeNames: ['www.example.com'] });
    l.emulator.addContainerService('eu-west-1', 'app', { 'site-1': ['example.com'] });
  });
  const domains = () => local.emulator.containerService('eu-west-1', 'app')!.publicDomainNames;
  expect(domains()).toEqual({ 'site-1': ['example.com', 'www.example.com'] });

  const second = await local.deploy(build(DomainTarget.fromContainerServiceName('app'), 'site-1', 'eu-west-1', true), STACK_NAME);
  expect(second.status).toBe('CREATE_COMPLETE');
  expect(domains()).toEqual({ 'site-1': ['example.com', 'www.example.com'] });

  // Only the domain the stack added goes: the apex was the service's before the stack.
  expect((await local.destroy(STACK_NAME)).status).toBe('DELETE_COMPLETE');
  expect(domains()).toEqual({ 'site-1': ['example.com'] });
  expect(certificates(local.emulator).map((c) => [c.name, c.inUseResourceCount])).toEqual([['site-1', 1]]);
});
