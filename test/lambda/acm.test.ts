/** Tests of `lambda/acm.ts`: the ACM reads, with the inputs ACM gets. */
import { ACMClient, DescribeCertificateCommand, ListCertificatesCommand } from '@aws-sdk/client-acm';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { fakeDeps, throttling } from './fixtures';
import { describeAcmCertificate, liveAcmCertificates } from '../../lambda/acm';

const acm = mockClient(ACMClient);

beforeEach(() => {
  acm.reset();
});

test('lists live certificates of every key type, page by page (ListCertificates gives RSA_2048 only unless asked)', async () => {
  acm.on(ListCertificatesCommand)
    .resolvesOnce({ CertificateSummaryList: [{ CertificateArn: 'arn:acm:1', DomainName: 'example.com' }], NextToken: 't2' })
    .resolvesOnce({ CertificateSummaryList: [{ CertificateArn: 'arn:acm:2', DomainName: 'example.org' }] });
  const deps = fakeDeps();

  const all = await liveAcmCertificates(deps, 'eu-west-1');

  expect(all.map((c) => c.CertificateArn)).toEqual(['arn:acm:1', 'arn:acm:2']);
  const keyTypes = ['RSA_1024', 'RSA_2048', 'RSA_3072', 'RSA_4096', 'EC_prime256v1', 'EC_secp384r1', 'EC_secp521r1'];
  expect(acm.commandCalls(ListCertificatesCommand).map((c) => c.args[0].input)).toEqual([
    { CertificateStatuses: ['PENDING_VALIDATION', 'ISSUED'], Includes: { keyTypes }, NextToken: undefined },
    { CertificateStatuses: ['PENDING_VALIDATION', 'ISSUED'], Includes: { keyTypes }, NextToken: 't2' },
  ]);
});

test('describes a certificate by its ARN, trying a throttled call again', async () => {
  const record = { Name: '_a1.example.com.', Type: 'CNAME' as const, Value: '_b2.acm-validations.aws.' };
  acm.on(DescribeCertificateCommand).rejectsOnce(throttling())
    .resolves({ Certificate: { CertificateArn: 'arn:acm:1', DomainValidationOptions: [{ DomainName: 'example.com', ResourceRecord: record }] } });
  const deps = fakeDeps();

  const detail = await describeAcmCertificate(deps, 'eu-west-1', 'arn:acm:1');

  expect(detail?.DomainValidationOptions?.[0].ResourceRecord).toEqual(record);
  expect(acm.commandCalls(DescribeCertificateCommand).map((c) => c.args[0].input)).toEqual([{ CertificateArn: 'arn:acm:1' }, { CertificateArn: 'arn:acm:1' }]);
});
