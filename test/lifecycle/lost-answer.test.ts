/**
 * A SUCCESS whose PUT fails: aws-cdk-lib's entrypoint, its retries spent, answers FAILED with its marker
 * id, and then skips the rollback's Delete, so the certificate stays, with an owner tag naming the stack
 * that is rolled back and deleted. The next stack of that name takes it over instead of refusing it.
 */
import { CfnOutput, CfnResource } from 'aws-cdk-lib';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { certificates, logicalIdOf, ownerTagOf, STACK_NAME, synth, useLocalLightsail } from './harness';
import { CertificateValidation, LightsailCertificate } from '../../src';
import { StackOperationError } from '../../test-support/driver';

const env = useLocalLightsail();

test('a lost SUCCESS leaves a certificate that the stack made again takes over; deleting that stack deletes it', async () => {
  let certificateId = '';
  // The zone exists outside the stack (a zone the stack made would still hold the certificate's records
  // when the rollback deletes it, and the rollback would fail there).
  const assembly = synth((stack) => {
    const zone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z0EXAMPLE', zoneName: 'example.com' });
    const certificate = new LightsailCertificate(stack, 'Certificate', { domainName: 'example.com', validation: CertificateValidation.fromRoute53(zone) });
    new CfnOutput(stack, 'CertificateArn', { value: certificate.certificateArn });
    certificateId = logicalIdOf(certificate.node.defaultChild as CfnResource);
  });
  const local = await env.restart({ loseResponse: { logicalId: certificateId }, hostedZones: { Z0EXAMPLE: 'example.com' } });

  const error = await local.deploy(assembly, STACK_NAME).then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(StackOperationError);
  const first = (error as StackOperationError).result;
  expect(first.status).toBe('ROLLBACK_COMPLETE');
  const [create, rollbackDelete] = first.customResourceCalls.filter((c) => c.logicalId === certificateId);
  expect(create.response).toMatchObject({ Status: 'FAILED', PhysicalResourceId: 'AWSCDK::CustomResourceProviderFramework::CREATE_FAILED' });
  expect(rollbackDelete.request.PhysicalResourceId).toBe('AWSCDK::CustomResourceProviderFramework::CREATE_FAILED');
  // The entrypoint swallowed the Delete: the certificate stayed, owned by the rolled-back stack.
  const [left] = certificates(env.emulator);
  expect(ownerTagOf(left)).toBe(`${first.stackId}/${certificateId}`);

  // `cdk deploy` again: the stack in ROLLBACK_COMPLETE is deleted and made anew, with a new stack id.
  const second = await local.deploy(assembly, STACK_NAME);
  expect(second.stackId).not.toBe(first.stackId);
  expect(certificates(env.emulator).map((c) => [c.arn, c.status, ownerTagOf(c)])).toEqual([[left.arn, 'ISSUED', `${second.stackId}/${certificateId}`]]);
  expect(second.outputs.CertificateArn).toBe(left.arn);

  await local.destroy(STACK_NAME);
  expect(certificates(env.emulator)).toEqual([]);
  expect(env.emulator.route53.recordSets('Z0EXAMPLE').filter((r) => r.type === 'CNAME')).toEqual([]);
});
