/** Tests of `lambda/scan.ts`: which certificates of the account, in which regions, need a validation record. */
import { AccountClient, ListRegionsCommand } from '@aws-sdk/client-account';
import { ACMClient, DescribeCertificateCommand, ListCertificatesCommand } from '@aws-sdk/client-acm';
import { GetCertificatesCommand, GetLoadBalancersCommand, GetLoadBalancerTlsCertificatesCommand, GetRegionsCommand, LightsailClient } from '@aws-sdk/client-lightsail';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { ARN, cname, fakeDeps, lbCertificate, listed, sdkError, serviceFault, summary } from './fixtures';
import { recordKey, scanForNeeders } from '../../lambda/scan';

const lightsail = mockClient(LightsailClient);
const acm = mockClient(ACMClient);
const account = mockClient(AccountClient);

beforeEach(() => {
  lightsail.reset();
  acm.reset();
  account.reset();
  // No load balancers unless a test has some.
  lightsail.on(GetLoadBalancersCommand).resolves({ loadBalancers: [] });
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
});

afterEach(() => {
  jest.restoreAllMocks();
});

const RECORD = cname('example.com');
const KEY = recordKey(RECORD);
const OTHER_ARN = 'arn:aws:lightsail:eu-west-3:123456789012:Certificate/other';
const ACM_ARN = 'arn:aws:acm:eu-west-1:123456789012:certificate/acm-1';

/** Answers each Lightsail call by the region of the client it came on. */
function lightsailByRegion(certificates: Record<string, unknown>) {
  lightsail.on(GetCertificatesCommand).callsFake(async (_input, getClient) => certificates[await getClient().config.region()] ?? listed());
}

test('a record key compares as DNS does: without case and final dot', () => {
  expect(recordKey({ name: '_A.Example.com.', value: '_B.ACM-validations.aws.' })).toBe(recordKey({ name: '_a.example.com', value: '_b.acm-validations.aws' }));
});

test('finds the live Lightsail and ACM certificates of every region that need the record, leaving out the ones excepted', async () => {
  lightsail.on(GetRegionsCommand).resolves({ regions: [{ name: 'us-east-1' }, { name: 'eu-west-3' }] });
  lightsailByRegion({
    'us-east-1': listed(summary(), summary({ name: 'failed', arn: 'arn:failed', status: 'FAILED' })),
    'eu-west-3': listed(summary({ name: 'other', arn: OTHER_ARN })),
  });
  account.on(ListRegionsCommand).resolves({ Regions: [{ RegionName: 'eu-west-1' }] });
  acm.on(ListCertificatesCommand).resolves({
    CertificateSummaryList: [
      { CertificateArn: ACM_ARN, DomainName: '*.example.com' },
      { CertificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/unrelated', DomainName: 'example.org' },
    ],
  });
  acm.on(DescribeCertificateCommand).resolves({ Certificate: { DomainValidationOptions: [{ DomainName: '*.example.com', ResourceRecord: { Name: RECORD.name, Type: 'CNAME', Value: RECORD.value } }] } });

  const result = await scanForNeeders(fakeDeps(), [RECORD], new Set([ARN]), 'us-east-1');

  expect(result).toEqual({ needers: new Map([[KEY, expect.arrayContaining([OTHER_ARN, ACM_ARN])]]), unread: false });
  expect(result.needers.get(KEY)).toHaveLength(2);
  expect(lightsail).toHaveReceivedCommandWith(GetCertificatesCommand, { includeCertificateDetails: true });
  expect(acm.commandCalls(DescribeCertificateCommand).map((c) => c.args[0].input)).toEqual([{ CertificateArn: ACM_ARN }]);
});

test('a region the account has not enabled answers an auth error and has no certificates: the scan still counts as complete', async () => {
  lightsail.on(GetRegionsCommand).resolves({ regions: [{ name: 'us-east-1' }, { name: 'ap-east-1' }] });
  lightsail.on(GetCertificatesCommand).callsFake(async (_input, getClient) => {
    if (await getClient().config.region() === 'ap-east-1') throw sdkError('UnrecognizedClientException', 'The security token included in the request is invalid');
    return listed();
  });
  account.on(ListRegionsCommand).resolves({ Regions: [] });
  const deps = fakeDeps();

  await expect(scanForNeeders(deps, [RECORD], new Set(), 'us-east-1')).resolves.toEqual({ needers: new Map(), unread: false });
  expect(deps.sleeps).toEqual([]);
});

test('a region that cannot be read after three tries leaves the scan unread, so that the record is kept', async () => {
  lightsail.on(GetRegionsCommand).resolves({ regions: [{ name: 'us-east-1' }] });
  lightsail.on(GetCertificatesCommand).rejects(serviceFault());
  account.on(ListRegionsCommand).resolves({ Regions: [] });
  const deps = fakeDeps();

  await expect(scanForNeeders(deps, [RECORD], new Set(), 'us-east-1')).resolves.toEqual({ needers: new Map(), unread: true });
  // Three reads, each with the call's four attempts.
  expect(lightsail).toHaveReceivedCommandTimes(GetCertificatesCommand, 3 * 4);
});

test('when the enabled regions cannot be listed, the scan is unread', async () => {
  lightsail.on(GetRegionsCommand).resolves({ regions: [] });
  account.on(ListRegionsCommand).rejects(sdkError('AccessDeniedException', 'not authorized to perform: account:ListRegions'));

  await expect(scanForNeeders(fakeDeps(), [RECORD], new Set(), 'us-east-1')).resolves.toEqual({ needers: new Map(), unread: true });
  expect(account).toHaveReceivedCommandTimes(ListRegionsCommand, 3);
});

test('a load balancer\'s certificate that needs the record is a needer: its records are read as the certificates\' are', async () => {
  lightsail.on(GetRegionsCommand).resolves({ regions: [{ name: 'eu-west-1' }] });
  lightsail.on(GetCertificatesCommand).resolves(listed());
  lightsail.on(GetLoadBalancersCommand).resolves({ loadBalancers: [{ name: 'web' }] });
  const needer = lbCertificate('site', { domainValidationRecords: [{ domainName: 'example.com', name: RECORD.name, type: 'CNAME', value: RECORD.value }] });
  const other = lbCertificate('other', { domainValidationRecords: [{ domainName: 'example.org', name: '_x.example.org.', type: 'CNAME', value: '_y.acm-validations.aws.' }] });
  lightsail.on(GetLoadBalancerTlsCertificatesCommand).resolves({ tlsCertificates: [needer, other] });
  account.on(ListRegionsCommand).resolves({ Regions: [] });

  await expect(scanForNeeders(fakeDeps(), [RECORD], new Set(), 'eu-west-1')).resolves.toEqual({ needers: new Map([[KEY, [needer.arn]]]), unread: false });
  expect(lightsail.commandCalls(GetLoadBalancersCommand).map((c) => c.args[0].input)).toEqual([{ pageToken: undefined }]);
  expect(lightsail.commandCalls(GetLoadBalancerTlsCertificatesCommand).map((c) => c.args[0].input)).toEqual([{ loadBalancerName: 'web' }]);
});
