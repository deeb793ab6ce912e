/** Tests of `lambda/index.ts`: the Lambda entry and the dispatch by resource type. */
import { GetCertificatesCommand, LightsailClient } from '@aws-sdk/client-lightsail';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { ARN, certificateCreate, fakeDeps, issuedCreate, issuedDelete, listed, NAME, PHYSICAL_ID, summary } from './fixtures';
import { handler, onEvent } from '../../lambda/index';

const lightsail = mockClient(LightsailClient);

beforeEach(() => {
  lightsail.reset();
});

afterEach(() => {
  jest.restoreAllMocks();
});

describe('the handler entry', () => {
  test('the handler entry takes the time left from the Lambda context', async () => {
    lightsail.on(GetCertificatesCommand).resolves(listed(summary()));

    // 60 s left: stopBy is 15 s away, too close for a 10 s pause and one call, so a link that is not
    // the last answers after a single read instead of waiting its 780 s.
    const result = await handler(issuedCreate({ TimeoutSeconds: undefined }), { getRemainingTimeInMillis: () => 60_000 });

    expect(result).toEqual({ PhysicalResourceId: PHYSICAL_ID, Data: { CertificateName: NAME, CertificateArn: ARN, Status: 'PENDING_VALIDATION' } });
    expect(lightsail).toHaveReceivedCommandTimes(GetCertificatesCommand, 1);
  });

  test('the handler entry serves a Delete of a wait link without calling Lightsail', async () => {
    await expect(handler(issuedDelete(), { getRemainingTimeInMillis: () => 900_000 })).resolves.toEqual({ PhysicalResourceId: PHYSICAL_ID });
    expect(lightsail.calls()).toHaveLength(0);
  });

});

describe('dispatch', () => {
  test('refuses a resource type it does not serve, naming it', async () => {
    const event = { ...certificateCreate(), ResourceType: 'Custom::Other' };

    await expect(onEvent(event, fakeDeps())).rejects.toThrow(
      'Unsupported resource type "Custom::Other": this provider serves Custom::LightsailCertificate, Custom::LightsailCertificateIssued, Custom::LightsailDistributionDomain, Custom::LightsailDomainEntries, '
      + 'Custom::LightsailDistributionCertificate, Custom::LightsailContainerServiceCertificate, Custom::LightsailAliasRecords, '
      + 'Custom::LightsailLoadBalancerCertificate and Custom::LightsailLoadBalancerCertificateAttachment',
    );
    expect(lightsail.calls()).toHaveLength(0);
  });
});
