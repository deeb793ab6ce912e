/** Tests of `lambda/route53.ts`: the Route 53 calls, with the inputs Route 53 gets. */
import { ChangeResourceRecordSetsCommand, GetChangeCommand, InvalidChangeBatch, ListResourceRecordSetsCommand, Route53Client } from '@aws-sdk/client-route-53';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { fakeDeps, sdkError } from './fixtures';
import { changeRecordSets, changeStatus, listRecordSets } from '../../lambda/route53';

const route53 = mockClient(Route53Client);

beforeEach(() => {
  route53.reset();
});

const CNAME = { Name: '_a1.example.com.', Type: 'CNAME' as const, TTL: 60, ResourceRecords: [{ Value: '_b2.acm-validations.aws.' }] };

test('a change batch goes to the zone with the library\'s comment, and its change id comes back', async () => {
  route53.on(ChangeResourceRecordSetsCommand).resolves({ ChangeInfo: { Id: '/change/C1', Status: 'PENDING', SubmittedAt: new Date(0) } });
  const deps = fakeDeps();

  const id = await changeRecordSets(deps, deps.route53(), 'Z1', [{ Action: 'CREATE', ResourceRecordSet: CNAME }]);

  expect(id).toBe('/change/C1');
  expect(route53.commandCalls(ChangeResourceRecordSetsCommand).map((c) => c.args[0].input)).toEqual([{
    HostedZoneId: 'Z1',
    ChangeBatch: { Comment: 'cdk-lightsail-certificate: validation record and its holders', Changes: [{ Action: 'CREATE', ResourceRecordSet: CNAME }] },
  }]);
});

test('a batch refused as stale is thrown at once, for the caller to build it again on a new read', async () => {
  route53.on(ChangeResourceRecordSetsCommand).rejects(new InvalidChangeBatch({ message: 'Tried to create resource record set but it already exists', $metadata: {} }));
  const deps = fakeDeps();

  await expect(changeRecordSets(deps, deps.route53(), 'Z1', [])).rejects.toThrow('already exists');
  expect(route53).toHaveReceivedCommandTimes(ChangeResourceRecordSetsCommand, 1);
});

test('a batch refused because the zone\'s previous change is still applied is tried again', async () => {
  route53.on(ChangeResourceRecordSetsCommand)
    .rejectsOnce(sdkError('PriorRequestNotComplete', 'The request was rejected because Route 53 was still processing a prior request'))
    .resolves({ ChangeInfo: { Id: '/change/C2', Status: 'PENDING', SubmittedAt: new Date(0) } });
  const deps = fakeDeps();

  await expect(changeRecordSets(deps, deps.route53(), 'Z1', [])).resolves.toBe('/change/C2');
  expect(deps.sleeps).toEqual([750]);
});

test('a listing starts at the name and type asked, with the page size asked', async () => {
  route53.on(ListResourceRecordSetsCommand).resolves({ ResourceRecordSets: [CNAME], IsTruncated: false, MaxItems: 2 });
  const deps = fakeDeps();

  const page = await listRecordSets(deps, deps.route53(), { zoneId: 'Z1', startName: CNAME.Name, startType: 'CNAME', maxItems: 2 });

  expect(page.ResourceRecordSets).toEqual([CNAME]);
  expect(route53.commandCalls(ListResourceRecordSetsCommand).map((c) => c.args[0].input))
    .toEqual([{ HostedZoneId: 'Z1', StartRecordName: CNAME.Name, StartRecordType: 'CNAME', MaxItems: 2 }]);
});

test('a change\'s status is read by its id', async () => {
  route53.on(GetChangeCommand).resolvesOnce({ ChangeInfo: { Id: '/change/C1', Status: 'PENDING', SubmittedAt: new Date(0) } })
    .resolves({ ChangeInfo: { Id: '/change/C1', Status: 'INSYNC', SubmittedAt: new Date(0) } });
  const deps = fakeDeps();

  expect(await changeStatus(deps, deps.route53(), '/change/C1')).toBe('PENDING');
  expect(await changeStatus(deps, deps.route53(), '/change/C1')).toBe('INSYNC');
  expect(route53.commandCalls(GetChangeCommand).map((c) => c.args[0].input)).toEqual([{ Id: '/change/C1' }, { Id: '/change/C1' }]);
});
