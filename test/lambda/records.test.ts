/** The record protocol's Route 53 batches, call by call, with exact inputs (aws-sdk-client-mock). */
import { ChangeResourceRecordSetsCommand, GetChangeCommand, InvalidChangeBatch, ListResourceRecordSetsCommand, Route53Client } from '@aws-sdk/client-route-53';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { fakeDeps } from './fixtures';
import { publishRecords, releaseRecords, ZoneRecord } from '../../lambda/records';

const route53 = mockClient(Route53Client);
const ARN_A = 'arn:aws:lightsail:us-east-1:123456789012:Certificate/a';
const ARN_B = 'arn:aws:lightsail:eu-west-1:123456789012:Certificate/b';
const R: ZoneRecord = { zoneId: 'Z1', name: '_x.example.com.', value: '_y.acm-validations.aws.' };
const CNAME = { Name: R.name, Type: 'CNAME' as const, TTL: 60, ResourceRecords: [{ Value: R.value }] };
const txt = (...values: string[]) => ({ Name: `_cdk-lsc-holders.${R.name}`, Type: 'TXT' as const, TTL: 60, ResourceRecords: values.map((v) => ({ Value: `"${v}"` })) });

beforeEach(() => {
  route53.reset();
  route53.on(GetChangeCommand).resolves({ ChangeInfo: { Id: '/change/C1', Status: 'INSYNC', SubmittedAt: new Date() } });
  route53.on(ChangeResourceRecordSetsCommand).resolves({ ChangeInfo: { Id: '/change/C1', Status: 'PENDING', SubmittedAt: new Date() } });
});

test('acquire with no record: one batch creates the CNAME and the holders naming this certificate', async () => {
  route53.on(ListResourceRecordSetsCommand).resolves({ ResourceRecordSets: [], IsTruncated: false, MaxItems: 2 });
  await publishRecords(fakeDeps(), [R], ARN_A);
  expect(route53).toHaveReceivedCommandWith(ListResourceRecordSetsCommand, { HostedZoneId: 'Z1', StartRecordName: R.name, StartRecordType: 'CNAME', MaxItems: 2 });
  expect(route53).toHaveReceivedCommandWith(ChangeResourceRecordSetsCommand, {
    HostedZoneId: 'Z1',
    ChangeBatch: { Comment: expect.any(String), Changes: [{ Action: 'CREATE', ResourceRecordSet: CNAME }, { Action: 'CREATE', ResourceRecordSet: txt(ARN_A) }] },
  });
});

test('acquire of a CNAME that was there before: marked pre-existing, the CNAME untouched', async () => {
  route53.on(ListResourceRecordSetsCommand).resolves({ ResourceRecordSets: [CNAME], IsTruncated: false, MaxItems: 2 });
  await publishRecords(fakeDeps(), [R], ARN_A);
  expect(route53).toHaveReceivedCommandWith(ChangeResourceRecordSetsCommand, {
    ChangeBatch: { Comment: expect.any(String), Changes: [{ Action: 'CREATE', ResourceRecordSet: txt(ARN_A, 'pre-existing') }] },
  });
});

test('acquire by a holder writes nothing (a repeated call, or one whose answer was lost)', async () => {
  route53.on(ListResourceRecordSetsCommand).resolves({ ResourceRecordSets: [CNAME, txt(ARN_A)], IsTruncated: false, MaxItems: 2 });
  await publishRecords(fakeDeps(), [R], ARN_A);
  expect(route53).not.toHaveReceivedCommand(ChangeResourceRecordSetsCommand);
});

test('acquire refuses a CNAME with another value, naming it', async () => {
  route53.on(ListResourceRecordSetsCommand).resolves({ ResourceRecordSets: [{ ...CNAME, ResourceRecords: [{ Value: 'elsewhere.example.net.' }] }], MaxItems: 2 });
  await expect(publishRecords(fakeDeps(), [R], ARN_A)).rejects.toThrow(`Validation record ${R.name} in hosted zone Z1 is a CNAME to elsewhere.example.net.`);
});

test('a conflicting batch is built again on a new read', async () => {
  route53.on(ListResourceRecordSetsCommand)
    .resolvesOnce({ ResourceRecordSets: [], MaxItems: 2 })
    .resolves({ ResourceRecordSets: [CNAME, txt(ARN_B)], MaxItems: 2 });
  route53.on(ChangeResourceRecordSetsCommand)
    .rejectsOnce(new InvalidChangeBatch({ message: 'already exists', $metadata: {} }))
    .resolves({ ChangeInfo: { Id: '/change/C2', Status: 'PENDING', SubmittedAt: new Date() } });
  await publishRecords(fakeDeps(), [R], ARN_A);
  expect(route53).toHaveReceivedNthCommandWith(4, ChangeResourceRecordSetsCommand, {
    ChangeBatch: { Comment: expect.any(String), Changes: [{ Action: 'DELETE', ResourceRecordSet: txt(ARN_B) }, { Action: 'CREATE', ResourceRecordSet: txt(ARN_B, ARN_A) }] },
  });
});

test('release with another holder left: only the holders change, with a tombstone', async () => {
  route53.on(ListResourceRecordSetsCommand).resolves({ ResourceRecordSets: [CNAME, txt(ARN_A, ARN_B)], MaxItems: 2 });
  await releaseRecords(fakeDeps(), [R], ARN_A, 'us-east-1');
  expect(route53).toHaveReceivedCommandWith(ChangeResourceRecordSetsCommand, {
    ChangeBatch: { Comment: expect.any(String), Changes: [{ Action: 'DELETE', ResourceRecordSet: txt(ARN_A, ARN_B) }, { Action: 'CREATE', ResourceRecordSet: txt(ARN_B, `released:${ARN_A}`) }] },
  });
});

test('release of a pre-existing CNAME removes only the holders', async () => {
  route53.on(ListResourceRecordSetsCommand).resolves({ ResourceRecordSets: [CNAME, txt(ARN_A, 'pre-existing')], MaxItems: 2 });
  await releaseRecords(fakeDeps(), [R], ARN_A, 'us-east-1');
  expect(route53).toHaveReceivedCommandWith(ChangeResourceRecordSetsCommand, {
    ChangeBatch: { Comment: expect.any(String), Changes: [{ Action: 'DELETE', ResourceRecordSet: txt(ARN_A, 'pre-existing') }] },
  });
});

test('release by a certificate that does not hold the record does nothing', async () => {
  route53.on(ListResourceRecordSetsCommand).resolves({ ResourceRecordSets: [CNAME, txt(ARN_B)], MaxItems: 2 });
  await releaseRecords(fakeDeps(), [R], ARN_A, 'us-east-1');
  expect(route53).not.toHaveReceivedCommand(ChangeResourceRecordSetsCommand);
});
