import { GetCertificatesCommand, LightsailClient } from '@aws-sdk/client-lightsail';
import {
  ChangeResourceRecordSetsCommand,
  GetChangeCommand,
  ListResourceRecordSetsCommand,
  Route53Client,
} from '@aws-sdk/client-route-53';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import {
  accessDenied,
  ARN,
  certificateProps,
  certificatesByRegion,
  CHANGE_COMMENT,
  changeId,
  changeStatus,
  cname,
  cnameSet,
  deletion,
  fakeDeps,
  invalidChangeBatch,
  journal,
  noSuchHostedZone,
  OTHER_ZONE,
  operations,
  record,
  recordSets,
  route53Denied,
  sdkError,
  submitted,
  summary,
  T0,
  throttling,
  upserts,
  ZONE,
  zoneRecord,
} from './fixtures';
import { INSYNC_BUDGET_MS, publishRecords, releaseRecords, zoneRecords } from '../../lambda/records';
import { LIGHTSAIL_REGIONS } from '../../src/private/contract';

const lightsail = mockClient(LightsailClient);
const route53 = mockClient(Route53Client);

/** The ARN of another certificate of the account, in another region. */
const OTHER_ARN = 'arn:aws:lightsail:ap-southeast-2:123456789012:Certificate/9a8b7c6d-aaaa-bbbb-cccc-ddddeeeeffff';

/** The records of the default certificate ({@link summary}) in {@link ZONE}. */
const APEX = zoneRecord('example.com');
const WWW = zoneRecord('www.example.com');

beforeEach(() => {
  lightsail.reset();
  route53.reset();
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
});

afterEach(() => {
  jest.restoreAllMocks();
});

describe('zoneRecords', () => {
  test('gives one record per domain with a zone: the name and value Lightsail gives, in that domain\'s zone', () => {
    const props = certificateProps({ HostedZoneIds: [ZONE, OTHER_ZONE] });

    expect(zoneRecords(props, summary())).toEqual([
      { zoneId: ZONE, name: '_example-com.example.com.', value: '_example-com.acm-validations.aws.' },
      { zoneId: OTHER_ZONE, name: '_www-example-com.www.example.com.', value: '_www-example-com.acm-validations.aws.' },
    ]);
  });

  test('takes the zone by the domain\'s position in the properties, not in Lightsail\'s list', () => {
    const props = certificateProps({ DomainName: 'www.example.com', SubjectAlternativeNames: ['example.com'], HostedZoneIds: [OTHER_ZONE, ZONE] });

    expect(zoneRecords(props, summary())).toEqual([zoneRecord('www.example.com', OTHER_ZONE), zoneRecord('example.com', ZONE)]);
  });

  test('gives a record shared by two domains of one zone once, whatever the case and trailing dot of its name', () => {
    const props = certificateProps({ SubjectAlternativeNames: ['www.example.com', 'api.example.com'], HostedZoneIds: [ZONE, ZONE, ZONE] });
    const certificate = summary({
      alternates: ['www.example.com', 'api.example.com'],
      records: [
        record('example.com', { resourceRecord: { name: '_shared.example.com.', type: 'CNAME', value: '_shared.acm-validations.aws.' } }),
        record('www.example.com', { resourceRecord: { name: '_SHARED.example.com', type: 'CNAME', value: '_shared.acm-validations.aws.' } }),
        record('api.example.com'),
      ],
    });

    expect(zoneRecords(props, certificate)).toEqual([
      { zoneId: ZONE, name: '_shared.example.com.', value: '_shared.acm-validations.aws.' },
      zoneRecord('api.example.com'),
    ]);
  });

  test('gives a record shared by domains of two zones once in each zone', () => {
    const shared = { name: '_shared.example.com.', type: 'CNAME', value: '_shared.acm-validations.aws.' };
    const props = certificateProps({ HostedZoneIds: [ZONE, OTHER_ZONE] });
    const certificate = summary({ records: [record('example.com', { resourceRecord: shared }), record('www.example.com', { resourceRecord: shared })] });

    expect(zoneRecords(props, certificate)).toEqual([
      { zoneId: ZONE, name: shared.name, value: shared.value },
      { zoneId: OTHER_ZONE, name: shared.name, value: shared.value },
    ]);
  });

  test.each([
    ['no HostedZoneIds', undefined],
    ['empty HostedZoneIds', []],
  ])('gives none with %s', (_, zones) => {
    expect(zoneRecords(certificateProps({ HostedZoneIds: zones }), summary())).toEqual([]);
  });

  test('gives none for a domain without a complete record yet', () => {
    const props = certificateProps({ HostedZoneIds: [ZONE, ZONE] });
    const certificate = summary({
      records: [record('example.com'), record('www.example.com', { resourceRecord: { name: '_x.www.example.com.', type: 'CNAME' } })],
    });

    expect(zoneRecords(props, certificate)).toEqual([APEX]);
    expect(zoneRecords(props, summary({ records: [record('www.example.com')] }))).toEqual([WWW]);
    expect(zoneRecords(props, summary({ records: [] }))).toEqual([]);
  });
});

describe('publishRecords', () => {
  beforeEach(() => {
    route53.on(ChangeResourceRecordSetsCommand)
      .resolvesOnce(submitted(1))
      .resolvesOnce(submitted(2))
      .resolves(submitted(3));
    route53.on(GetChangeCommand).callsFake((input: { Id: string }) => ({ ChangeInfo: { Id: input.Id, Status: 'INSYNC', SubmittedAt: new Date(T0) } }));
  });

  test('sends one change per zone, UPSERTs of CNAMEs with TTL 60 and the exact values, and waits for each to be INSYNC', async () => {
    const deps = fakeDeps();

    await publishRecords(deps, [APEX, zoneRecord('example.org', OTHER_ZONE), WWW]);

    expect(route53).toHaveReceivedCommandTimes(ChangeResourceRecordSetsCommand, 2);
    expect(route53.commandCalls(ChangeResourceRecordSetsCommand).map((call) => call.args[0].input)).toEqual([
      upserts(ZONE, 'example.com', 'www.example.com'),
      upserts(OTHER_ZONE, 'example.org'),
    ]);
    expect(route53).toHaveReceivedCommandWith(ChangeResourceRecordSetsCommand, {
      HostedZoneId: OTHER_ZONE,
      ChangeBatch: {
        Comment: CHANGE_COMMENT,
        Changes: [{
          Action: 'UPSERT',
          ResourceRecordSet: { Name: '_example-org.example.org.', Type: 'CNAME', TTL: 60, ResourceRecords: [{ Value: '_example-org.acm-validations.aws.' }] },
        }],
      },
    });
    expect(route53.commandCalls(GetChangeCommand).map((call) => call.args[0].input)).toEqual([{ Id: changeId(1) }, { Id: changeId(2) }]);
    expect(operations(route53)).toEqual(['ChangeResourceRecordSets', 'ChangeResourceRecordSets', 'GetChange', 'GetChange']);
    expect(deps.sleeps).toEqual([]);
  });

  test('reads the change with growing pauses until Route 53 reports it INSYNC', async () => {
    route53.on(GetChangeCommand)
      .resolvesOnce(changeStatus('PENDING'))
      .resolvesOnce(changeStatus('PENDING'))
      .resolvesOnce(changeStatus('PENDING'))
      .resolves(changeStatus('INSYNC'));
    const deps = fakeDeps();

    await publishRecords(deps, [APEX]);

    expect(route53).toHaveReceivedCommandTimes(GetChangeCommand, 4);
    expect(route53).toHaveReceivedCommandWith(GetChangeCommand, { Id: changeId(1) });
    expect(deps.sleeps).toEqual([750, 1500, 3000]);
    expect(console.log).not.toHaveBeenCalled();
  });

  test('gives up waiting after 2 minutes without failing: validation reads DNS later anyway', async () => {
    route53.on(GetChangeCommand).resolves(changeStatus('PENDING'));
    const deps = fakeDeps();

    await expect(publishRecords(deps, [APEX, zoneRecord('example.org', OTHER_ZONE)])).resolves.toBeUndefined();

    expect(INSYNC_BUDGET_MS).toBe(2 * 60_000);
    expect(deps.elapsed()).toBe(INSYNC_BUDGET_MS);
    expect(Math.max(...deps.sleeps)).toBe(7_500);
    expect(deps.sleeps.slice(0, 5)).toEqual([750, 1500, 3000, 6000, 7500]);
    expect(console.log).toHaveBeenCalledWith(`Route 53 change ${changeId(1)} not INSYNC yet; going on`);
    // The budget is for all the changes together: the second one is not waited for after it ran out.
    expect(route53).not.toHaveReceivedCommandWith(GetChangeCommand, { Id: changeId(2) });
  });

  test('stops waiting early when the invocation has no time left for another read', async () => {
    route53.on(GetChangeCommand).resolves(changeStatus('PENDING'));
    const deps = fakeDeps({ stopBy: T0 + 50_000 });

    await expect(publishRecords(deps, [APEX])).resolves.toBeUndefined();

    // A pause of 3 s after 2.25 s would leave less than one call's 45 s before stopBy.
    expect(deps.sleeps).toEqual([750, 1500]);
    expect(route53).toHaveReceivedCommandTimes(GetChangeCommand, 3);
  });

  test('calls nothing when there are no records', async () => {
    await publishRecords(fakeDeps(), []);

    expect(route53.calls()).toHaveLength(0);
  });

  test('tries a throttled change again', async () => {
    route53.on(ChangeResourceRecordSetsCommand).rejectsOnce(sdkError('Throttling', 'Rate exceeded', { $fault: 'client' })).resolves(submitted());
    const deps = fakeDeps();

    await publishRecords(deps, [APEX]);

    expect(route53).toHaveReceivedCommandTimes(ChangeResourceRecordSetsCommand, 2);
    expect(deps.sleeps).toEqual([750]);
  });

  test('passes on a change Route 53 refuses', async () => {
    route53.on(ChangeResourceRecordSetsCommand, { HostedZoneId: OTHER_ZONE }).rejects(noSuchHostedZone());

    await expect(publishRecords(fakeDeps(), [APEX, zoneRecord('example.org', OTHER_ZONE)])).rejects.toThrow(`No hosted zone found with ID: ${OTHER_ZONE}`);
    expect(route53).not.toHaveReceivedCommand(GetChangeCommand);
  });
});

describe('releaseRecords', () => {
  /** Route 53 holds the default certificate's two records in ZONE, as the handler wrote them. */
  beforeEach(() => {
    route53.on(ListResourceRecordSetsCommand, { StartRecordName: APEX.name }).resolves(recordSets(cnameSet('example.com')));
    route53.on(ListResourceRecordSetsCommand, { StartRecordName: WWW.name }).resolves(recordSets(cnameSet('www.example.com')));
    route53.on(ChangeResourceRecordSetsCommand).resolves(submitted());
    route53.on(GetChangeCommand).resolves(changeStatus('INSYNC'));
  });

  /** The inputs of every ChangeResourceRecordSets received, in order. */
  function changes() {
    return route53.commandCalls(ChangeResourceRecordSetsCommand).map((call) => call.args[0].input);
  }

  test('deletes a record whose current value is the one written, with the record set exactly as it was read', async () => {
    // Read back in another case, without the trailing dot, with a TTL changed by hand: still the value written.
    const current = cnameSet('example.com', { TTL: 300, ResourceRecords: [{ Value: '_EXAMPLE-COM.acm-validations.aws' }] });
    route53.on(ListResourceRecordSetsCommand, { StartRecordName: APEX.name }).resolves(recordSets(current));
    certificatesByRegion(lightsail, {});

    await releaseRecords(fakeDeps(), [APEX], ARN);

    expect(route53).toHaveReceivedCommandWith(ListResourceRecordSetsCommand, {
      HostedZoneId: ZONE,
      StartRecordName: '_example-com.example.com.',
      StartRecordType: 'CNAME',
      MaxItems: 1,
    });
    expect(route53.commandCalls(ListResourceRecordSetsCommand).map((call) => call.args[0].input)).toEqual([
      { HostedZoneId: ZONE, StartRecordName: APEX.name, StartRecordType: 'CNAME', MaxItems: 1 },
    ]);
    expect(route53).toHaveReceivedCommandWith(ChangeResourceRecordSetsCommand, deletion(current));
    expect(changes()).toEqual([deletion(current)]);
    expect(route53).not.toHaveReceivedCommand(GetChangeCommand);
  });

  test('deletes each record in its own zone', async () => {
    route53.on(ListResourceRecordSetsCommand, { HostedZoneId: OTHER_ZONE }).resolves(recordSets(cnameSet('www.example.com')));
    certificatesByRegion(lightsail, {});

    await releaseRecords(fakeDeps(), [APEX, zoneRecord('www.example.com', OTHER_ZONE)], ARN);

    expect(changes()).toEqual([deletion(cnameSet('example.com'), ZONE), deletion(cnameSet('www.example.com'), OTHER_ZONE)]);
  });

  test.each([
    ['whose value someone changed', recordSets(cnameSet('example.com', { ResourceRecords: [{ Value: '_other.acm-validations.aws.' }] }))],
    ['that is missing (nothing at or after its name)', recordSets()],
    ['that is missing (Route 53 answers the next name)', recordSets(cnameSet('www.example.com'))],
    ['that is missing (another type of the name comes first)', recordSets(cnameSet('example.com', { Type: 'TXT', ResourceRecords: [{ Value: '"v=spf1 -all"' }] }))],
    ['that became an alias', recordSets(cnameSet('example.com', { ResourceRecords: undefined, AliasTarget: { HostedZoneId: 'Z2FDTNDATAQYW2', DNSName: 'd1.cloudfront.net.', EvaluateTargetHealth: false } }))],
  ])('leaves a record %s, and lists no certificates when nothing was deleted', async (_, answer) => {
    route53.on(ListResourceRecordSetsCommand, { StartRecordName: APEX.name }).resolves(answer);
    const deps = fakeDeps();

    await releaseRecords(deps, [APEX], ARN);

    expect(route53).toHaveReceivedCommandTimes(ListResourceRecordSetsCommand, 1);
    expect(route53).not.toHaveReceivedCommand(ChangeResourceRecordSetsCommand);
    expect(lightsail.calls()).toHaveLength(0);
    expect(deps.regions).toEqual([]);
  });

  test('leaves a record whose DELETE Route 53 refuses as an invalid change (changed or removed meanwhile), and goes on with the next', async () => {
    route53.on(ChangeResourceRecordSetsCommand, { ChangeBatch: { Changes: [{ Action: 'DELETE', ResourceRecordSet: cnameSet('example.com') }] } })
      .rejects(invalidChangeBatch());
    certificatesByRegion(lightsail, { 'eu-west-1': [[summary({ arn: OTHER_ARN })]] });

    await expect(releaseRecords(fakeDeps(), [APEX, WWW], ARN)).resolves.toBeUndefined();

    // Only www was deleted; the other certificate needs both, so www alone is put back.
    expect(changes()).toEqual([
      deletion(cnameSet('example.com')),
      deletion(cnameSet('www.example.com')),
      upserts(ZONE, 'www.example.com'),
    ]);
  });

  test('lists nothing when the only DELETE is refused as an invalid change', async () => {
    route53.on(ChangeResourceRecordSetsCommand).rejects(invalidChangeBatch());
    const deps = fakeDeps();

    await releaseRecords(deps, [APEX], ARN);

    expect(lightsail.calls()).toHaveLength(0);
    expect(deps.regions).toEqual([]);
  });

  test('passes on any other Route 53 error', async () => {
    route53.on(ChangeResourceRecordSetsCommand).rejects(route53Denied('ChangeResourceRecordSets'));

    await expect(releaseRecords(fakeDeps(), [APEX], ARN)).rejects.toThrow('not authorized to perform: route53:ChangeResourceRecordSets');
    expect(lightsail.calls()).toHaveLength(0);
  });

  test('after deleting, lists the certificates of every region once each, following nextPageToken, with their details', async () => {
    const reads = certificatesByRegion(lightsail, {
      'eu-west-1': [[summary({ name: 'a', arn: 'arn:a' })], [summary({ name: 'b', arn: 'arn:b' })], [summary({ name: 'c', arn: 'arn:c' })]],
      'sa-east-1': [[], [summary({ name: 'd', arn: 'arn:d' })]],
    });
    const deps = fakeDeps();

    await releaseRecords(deps, [APEX, WWW], ARN);

    expect(LIGHTSAIL_REGIONS).toHaveLength(19);
    expect([...deps.regions].sort()).toEqual([...LIGHTSAIL_REGIONS].sort());
    expect(reads.filter((r) => r.pageToken === undefined).map((r) => r.region).sort()).toEqual([...LIGHTSAIL_REGIONS].sort());
    const later = reads.filter((r) => r.pageToken !== undefined);
    expect(later).toHaveLength(3);
    expect(later).toEqual(expect.arrayContaining([
      { region: 'eu-west-1', pageToken: 'eu-west-1/page-1' },
      { region: 'eu-west-1', pageToken: 'eu-west-1/page-2' },
      { region: 'sa-east-1', pageToken: 'sa-east-1/page-1' },
    ]));
    expect(reads).toHaveLength(LIGHTSAIL_REGIONS.length + 3);
    expect(lightsail).toHaveReceivedCommandWith(GetCertificatesCommand, { includeCertificateDetails: true, pageToken: 'eu-west-1/page-2' });
    expect(lightsail.commandCalls(GetCertificatesCommand).map((call) => call.args[0].input)).toContainEqual({ includeCertificateDetails: true });
    expect(lightsail.commandCalls(GetCertificatesCommand).every((call) => call.args[0].input.includeCertificateDetails === true
      && call.args[0].input.certificateName === undefined)).toBe(true);
    // Deleted first, looked at after; the certificates b, c, d (later pages) need both records: put back.
    expect(journal(lightsail, route53)).toEqual([
      'ListResourceRecordSets', 'ChangeResourceRecordSets', 'ListResourceRecordSets', 'ChangeResourceRecordSets',
      ...Array(LIGHTSAIL_REGIONS.length + 3).fill('GetCertificates'),
      'ChangeResourceRecordSets', 'GetChange',
    ]);
  });

  test('puts back a record that a certificate on a later page of a region needs', async () => {
    certificatesByRegion(lightsail, {
      'eu-west-1': [[summary({ name: 'a', arn: 'arn:a', domainName: 'other.org', alternates: [] })], [summary({ name: 'b', arn: 'arn:b', alternates: [] })]],
    });

    await releaseRecords(fakeDeps(), [APEX, WWW], ARN);

    expect(changes().slice(2)).toEqual([upserts(ZONE, 'example.com')]);
  });

  test('puts back (UPSERT, then waits for INSYNC) a record that another certificate in another region has, compared without case or trailing dot', async () => {
    const www = cname('www.example.com');
    certificatesByRegion(lightsail, {
      'ap-southeast-2': [[summary({
        name: 'shop',
        arn: OTHER_ARN,
        domainName: 'www.example.com',
        alternates: [],
        records: [record('www.example.com', { resourceRecord: { name: www.name.toUpperCase().replace(/\.$/, ''), type: 'CNAME', value: www.value.toUpperCase() } })],
      })]],
    });
    const deps = fakeDeps();

    await releaseRecords(deps, [APEX, WWW], ARN);

    expect(changes()).toEqual([
      deletion(cnameSet('example.com')),
      deletion(cnameSet('www.example.com')),
      upserts(ZONE, 'www.example.com'),
    ]);
    expect(route53).toHaveReceivedCommandWith(GetChangeCommand, { Id: changeId(1) });
    expect(console.log).toHaveBeenCalledWith(`Validation records kept: ${WWW.name} (another certificate needs them)`);
  });

  test('does not put back a record another certificate has under the same name with another value', async () => {
    certificatesByRegion(lightsail, {
      'us-west-2': [[summary({
        arn: OTHER_ARN,
        records: [record('example.com', { resourceRecord: { name: APEX.name, type: 'CNAME', value: '_renewed.acm-validations.aws.' } })],
      })]],
    });

    await releaseRecords(fakeDeps(), [APEX], ARN);

    expect(changes()).toEqual([deletion(cnameSet('example.com'))]);
    expect(route53).not.toHaveReceivedCommand(GetChangeCommand);
  });

  test('does not count the certificate the records are released for (`except`), still listed', async () => {
    certificatesByRegion(lightsail, { 'us-east-1': [[summary()]] });

    await releaseRecords(fakeDeps(), [APEX, WWW], ARN);

    expect(changes()).toEqual([deletion(cnameSet('example.com')), deletion(cnameSet('www.example.com'))]);
    expect(lightsail).toHaveReceivedCommandTimes(GetCertificatesCommand, LIGHTSAIL_REGIONS.length);
  });

  test('counts the same certificate under another ARN (the same name in another region) as another certificate', async () => {
    certificatesByRegion(lightsail, { 'eu-central-1': [[summary({ arn: ARN.replace('us-east-1', 'eu-central-1') })]] });

    await releaseRecords(fakeDeps(), [APEX], ARN);

    expect(changes()).toEqual([deletion(cnameSet('example.com')), upserts(ZONE, 'example.com')]);
  });

  test.each(['UnrecognizedClientException', 'InvalidClientTokenId', 'AuthFailure', 'OptInRequired'])(
    'counts a region that fails with %s (not in use by the account) as one without certificates',
    async (name) => {
      const reads = certificatesByRegion(lightsail, {
        'ap-east-1': sdkError(name, 'The security token included in the request is invalid'),
        'eu-south-2': sdkError(name, 'The security token included in the request is invalid'),
      });

      await releaseRecords(fakeDeps(), [APEX, WWW], ARN);

      expect(changes()).toEqual([deletion(cnameSet('example.com')), deletion(cnameSet('www.example.com'))]);
      expect(reads).toHaveLength(LIGHTSAIL_REGIONS.length);
      expect(console.log).not.toHaveBeenCalled();
    },
  );

  test('puts every deleted record back when a region cannot be read otherwise, and leaves alone what it did not delete', async () => {
    route53.on(ListResourceRecordSetsCommand, { HostedZoneId: OTHER_ZONE }).resolves(recordSets(cnameSet('api.example.com')));
    route53.on(ListResourceRecordSetsCommand, { StartRecordName: WWW.name }).resolves(recordSets());
    const api = zoneRecord('api.example.com', OTHER_ZONE);
    certificatesByRegion(lightsail, { 'ca-central-1': accessDenied('User is not authorized to perform: lightsail:GetCertificates') });

    await expect(releaseRecords(fakeDeps(), [APEX, WWW, api], ARN)).resolves.toBeUndefined();

    expect(changes()).toEqual([
      deletion(cnameSet('example.com'), ZONE),
      deletion(cnameSet('api.example.com'), OTHER_ZONE),
      upserts(ZONE, 'example.com'),
      upserts(OTHER_ZONE, 'api.example.com'),
    ]);
    expect(console.log).toHaveBeenCalledWith(expect.stringContaining('Could not list the certificates of ca-central-1: AccessDeniedException'));
    expect(console.log).toHaveBeenCalledWith(
      `Validation records kept: ${APEX.name}, ${api.name} (could not tell whether another certificate needs them)`,
    );
  });

  test('lists a region that keeps throttling three times over (each call with its retries), then puts the records back', async () => {
    const reads = certificatesByRegion(lightsail, { 'eu-north-1': throttling() });
    const deps = fakeDeps();

    await releaseRecords(deps, [APEX], ARN);

    expect(reads.filter((r) => r.region === 'eu-north-1')).toHaveLength(12);
    expect(changes()).toEqual([deletion(cnameSet('example.com')), upserts(ZONE, 'example.com')]);
  });

  test('a region that fails a few times and then answers does not put the records back', async () => {
    let failures = 0;
    lightsail.on(GetCertificatesCommand).callsFake(async () => {
      if (failures < 5) {
        failures++;
        throw throttling();
      }
      return { certificates: [] };
    });
    const deps = fakeDeps();

    await releaseRecords(deps, [APEX], ARN);

    expect(failures).toBe(5);
    expect(changes()).toEqual([deletion(cnameSet('example.com'))]);
  });

  test('calls nothing for no records', async () => {
    const deps = fakeDeps();

    await releaseRecords(deps, [], ARN);

    expect(route53.calls()).toHaveLength(0);
    expect(lightsail.calls()).toHaveLength(0);
  });
});
