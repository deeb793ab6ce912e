/** The alias records written through a zone account's role: each request's reads and its one batch, with exact inputs (aws-sdk-client-mock). */
import { ChangeResourceRecordSetsCommand, GetChangeCommand, ListResourceRecordSetsCommand, ResourceRecordSet, Route53Client } from '@aws-sdk/client-route-53';
import type { CdkCustomResourceEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { changeStatus, fakeDeps, invalidChangeBatch, LOGICAL_ID, noSuchHostedZone, route53Denied, STACK_ID, submitted } from './fixtures';
import { AliasRecordsEvent, onAliasRecordsEvent } from '../../lambda/alias-records';
import type { ZoneAccess } from '../../lambda/zone-access';
import { ALIAS_RECORDS_RESOURCE_TYPE, AliasRecordsProperties } from '../../src/private/alias-records-contract';

const route53 = mockClient(Route53Client);
const ZONE = 'Z0DNSACCOUNT01';
const ROLE_ARN = 'arn:aws:iam::210987654321:role/LightsailDns';
const CLOUDFRONT = 'Z2FDTNDATAQYW2';
const OLD = 'd111111abcdef8.cloudfront.net';
const NEW = 'd222222abcdef8.cloudfront.net';

function props(overrides: Partial<AliasRecordsProperties> = {}): AliasRecordsProperties {
  return {
    HostedZoneId: ZONE,
    Names: ['example.com', 'www.example.com'],
    Types: ['A'],
    TargetDnsName: NEW,
    TargetHostedZoneId: CLOUDFRONT,
    RoleArn: ROLE_ARN,
    ExternalId: 'ext-1',
    ...overrides,
  };
}

function event(type: 'Create' | 'Update' | 'Delete', p: AliasRecordsProperties, old?: AliasRecordsProperties): AliasRecordsEvent {
  return {
    RequestType: type,
    ServiceToken: 'token',
    ResponseURL: 'url',
    StackId: STACK_ID,
    RequestId: 'r1',
    LogicalResourceId: LOGICAL_ID,
    ResourceType: ALIAS_RECORDS_RESOURCE_TYPE,
    ResourceProperties: { ServiceToken: 'token', ...p },
    ...(type === 'Create' ? {} : { PhysicalResourceId: `route53-alias-records:${ZONE}` }),
    ...(old ? { OldResourceProperties: { ServiceToken: 'token', ...old } } : {}),
  } as unknown as CdkCustomResourceEvent<AliasRecordsProperties>;
}

function alias(name: string, dnsName: string, type = 'A'): ResourceRecordSet {
  return { Name: `${name}.`, Type: type as never, AliasTarget: { DNSName: `${dnsName}.`, HostedZoneId: CLOUDFRONT, EvaluateTargetHealth: false } };
}

/** The zone as a listing answers it: each read gets the set of its name and type, if any. */
function zoneHolds(...sets: ResourceRecordSet[]): void {
  route53.on(ListResourceRecordSetsCommand).callsFake((input) => ({
    ResourceRecordSets: sets.filter((s) => s.Name === `${input.StartRecordName}.` && s.Type === input.StartRecordType),
    IsTruncated: false,
    MaxItems: 1,
  }));
}

function batches(): unknown[] {
  return route53.commandCalls(ChangeResourceRecordSetsCommand).map((c) => c.args[0].input.ChangeBatch?.Changes);
}

const create = (name: string, dnsName = NEW) => ({
  Action: 'CREATE', ResourceRecordSet: { Name: `${name}.`, Type: 'A', AliasTarget: { DNSName: dnsName, HostedZoneId: CLOUDFRONT, EvaluateTargetHealth: false } },
});

beforeEach(() => {
  route53.reset();
  route53.on(ChangeResourceRecordSetsCommand).resolves(submitted());
  route53.on(GetChangeCommand).resolves(changeStatus('INSYNC'));
});

describe('Create', () => {
  test('absent records are created in one batch, through the zone\'s role in a session named after the resource', async () => {
    zoneHolds();
    const asked: Array<ZoneAccess | undefined> = [];
    const deps = fakeDeps();
    const answer = await onAliasRecordsEvent(event('Create', props()), { ...deps, route53: (access) => { asked.push(access); return deps.route53(access); } });
    expect(answer).toEqual({ PhysicalResourceId: `route53-alias-records:${ZONE}` });
    expect(batches()).toEqual([[create('example.com'), create('www.example.com')]]);
    expect(asked).toEqual([{ roleArn: ROLE_ARN, externalId: 'ext-1', sessionName: `web-app@${LOGICAL_ID}` }]);
    expect(route53).toHaveReceivedCommandWith(ListResourceRecordSetsCommand, { HostedZoneId: ZONE, StartRecordName: 'www.example.com', StartRecordType: 'A', MaxItems: 1 });
  });

  test('records that already point at the target (an earlier attempt whose answer was lost) are left as they are', async () => {
    zoneHolds(alias('example.com', NEW), alias('www.example.com', NEW));
    await onAliasRecordsEvent(event('Create', props()), fakeDeps());
    expect(batches()).toEqual([]);
  });

  test('a record it did not write is refused, named, before anything is written', async () => {
    zoneHolds({ Name: 'www.example.com.', Type: 'A', TTL: 300, ResourceRecords: [{ Value: '192.0.2.10' }] });
    await expect(onAliasRecordsEvent(event('Create', props()), fakeDeps())).rejects.toThrow(
      'Hosted zone Z0DNSACCOUNT01 already has an A record for www.example.com pointing at 192.0.2.10, which this resource did not write');
    expect(batches()).toEqual([]);
  });

  test('a batch that meets a changed zone is built again on a new read', async () => {
    let reads = 0;
    route53.on(ListResourceRecordSetsCommand).callsFake((input) => {
      reads++;
      // After the first round, the first batch turns out applied (its answer lost): the records are there.
      return { ResourceRecordSets: reads > 2 ? [alias(input.StartRecordName!, NEW)] : [], IsTruncated: false, MaxItems: 1 };
    });
    route53.on(ChangeResourceRecordSetsCommand).rejectsOnce(invalidChangeBatch('Tried to create resource record set but it already exists'));
    await onAliasRecordsEvent(event('Create', props()), fakeDeps());
    expect(batches()).toHaveLength(1);
    expect(reads).toBe(4);
  });

  test('the role\'s refusal says what its permissions policy must allow', async () => {
    zoneHolds();
    route53.on(ChangeResourceRecordSetsCommand).rejects(route53Denied('ChangeResourceRecordSets'));
    await expect(onAliasRecordsEvent(event('Create', props({ Types: ['A', 'AAAA'] })), fakeDeps())).rejects.toThrow(
      /^Route 53 refused the alias records in hosted zone Z0DNSACCOUNT01 to role arn:aws:iam::210987654321:role\/LightsailDns \(User: .* not authorized .*\); its permissions policy must allow route53:ChangeResourceRecordSets for A and AAAA records named example.com, www.example.com/);
  });
});

describe('Update', () => {
  test('a changed target moves the records that point at the old one; a name no longer served goes; a new one comes', async () => {
    zoneHolds(alias('example.com', OLD), alias('www.example.com', OLD));
    await onAliasRecordsEvent(event('Update', props({ Names: ['example.com', 'api.example.com'] }), props({ TargetDnsName: OLD })), fakeDeps());
    expect(batches()).toEqual([[
      { Action: 'DELETE', ResourceRecordSet: alias('example.com', OLD) }, create('example.com'),
      create('api.example.com'),
      { Action: 'DELETE', ResourceRecordSet: alias('www.example.com', OLD) },
    ]]);
  });

  test('a name no longer served whose record someone changed meanwhile is left alone', async () => {
    zoneHolds(alias('example.com', NEW), alias('www.example.com', 'elsewhere.example.net'));
    await onAliasRecordsEvent(event('Update', props({ Names: ['example.com'] }), props()), fakeDeps());
    expect(batches()).toEqual([]);
  });

  test('another zone: the new zone\'s records are created, the old zone is left to the cleanup\'s Delete', async () => {
    zoneHolds();
    const answer = await onAliasRecordsEvent(event('Update', props({ HostedZoneId: 'Z0OTHER' }), props()), fakeDeps());
    expect(answer.PhysicalResourceId).toBe('route53-alias-records:Z0OTHER');
    expect(route53.commandCalls(ChangeResourceRecordSetsCommand).map((c) => c.args[0].input.HostedZoneId)).toEqual(['Z0OTHER']);
  });
});

describe('Delete', () => {
  test('removes exactly the records that point at the target, in one batch', async () => {
    zoneHolds(alias('example.com', NEW), alias('www.example.com', 'elsewhere.example.net'));
    await onAliasRecordsEvent(event('Delete', props()), fakeDeps());
    expect(batches()).toEqual([[{ Action: 'DELETE', ResourceRecordSet: alias('example.com', NEW) }]]);
  });

  test('a zone that is gone has nothing left to delete', async () => {
    route53.on(ListResourceRecordSetsCommand).rejects(noSuchHostedZone(ZONE));
    await expect(onAliasRecordsEvent(event('Delete', props()), fakeDeps())).resolves.toEqual({ PhysicalResourceId: `route53-alias-records:${ZONE}` });
    expect(batches()).toEqual([]);
  });

  test('a refused read fails the Delete rather than leave records that point at a deleted target', async () => {
    route53.on(ListResourceRecordSetsCommand).rejects(route53Denied('ListResourceRecordSets'));
    await expect(onAliasRecordsEvent(event('Delete', props()), fakeDeps())).rejects.toThrow(/^Route 53 refused the alias records/);
  });
});

describe('a Create that fails after its batch', () => {
  test('removes what its batch created (the entrypoint drops the Delete that would), and fails with the first error', async () => {
    let applied = false;
    route53.on(ListResourceRecordSetsCommand).callsFake((input) => ({
      ResourceRecordSets: applied && input.StartRecordType === 'A' ? [alias(input.StartRecordName!, NEW)] : [], IsTruncated: false, MaxItems: 1,
    }));
    route53.on(ChangeResourceRecordSetsCommand)
      .callsFakeOnce(() => {
        applied = true;
        throw Object.assign(new Error('socket hang up'), { name: 'Error' });
      })
      .resolves(submitted());
    await expect(onAliasRecordsEvent(event('Create', props()), fakeDeps())).rejects.toThrow('socket hang up');
    expect(batches()).toEqual([
      [create('example.com'), create('www.example.com')],
      [{ Action: 'DELETE', ResourceRecordSet: alias('example.com', NEW) }, { Action: 'DELETE', ResourceRecordSet: alias('www.example.com', NEW) }],
    ]);
  });

  test('a refusal writes nothing, so nothing is removed: a record that already pointed at the target stays', async () => {
    zoneHolds(alias('example.com', NEW), { Name: 'www.example.com.', Type: 'A', TTL: 300, ResourceRecords: [{ Value: '192.0.2.10' }] });
    await expect(onAliasRecordsEvent(event('Create', props()), fakeDeps())).rejects.toThrow(/did not write/);
    expect(batches()).toEqual([]);
  });

  test('a status that can\'t be read is logged, not failed: the change is made', async () => {
    zoneHolds();
    route53.on(GetChangeCommand).rejects(route53Denied('GetChange'));
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    await expect(onAliasRecordsEvent(event('Create', props()), fakeDeps())).resolves.toEqual({ PhysicalResourceId: `route53-alias-records:${ZONE}` });
    expect(batches()).toHaveLength(1);
    expect(log).toHaveBeenCalledWith(expect.stringMatching(/^Route 53 change \/change\/\S+ applied; its status could not be read \(AccessDenied: .*route53:GetChange\); going on$/));
    log.mockRestore();
  });
});
