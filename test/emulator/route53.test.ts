/**
 * The emulator's Route 53, driven by the real `Route53Client`: change batches (atomic, CREATE / DELETE /
 * UPSERT as Route 53 documents them) written into the same DNS the certificates validate against,
 * `GetChange`, `ListResourceRecordSets`, the call log, and the wiring of `LocalLightsail` (endpoint,
 * zones of `hostedZones` and of deployed stacks).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CreateCertificateCommand, GetCertificatesCommand } from '@aws-sdk/client-lightsail';
import {
  Change,
  ChangeResourceRecordSetsCommand,
  GetChangeCommand,
  InvalidChangeBatch,
  InvalidInput,
  ListResourceRecordSetsCommand,
  NoSuchChange,
  NoSuchHostedZone,
  ResourceRecordSet,
  Route53Client,
} from '@aws-sdk/client-route-53';
import { App, Stack } from 'aws-cdk-lib';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { lightsail, rejectionOf, useEmulator } from './harness';
import { StackOperationError } from '../../test-support/driver';
import { LocalLightsail } from '../../test-support/local-lightsail';

const ZONE_ID = 'Z0EXAMPLE00001';
const ZONE = 'example.com';

/** A simple record set. */
function cname(name: string, value: string, ttl = 300): ResourceRecordSet {
  return { Name: name, Type: 'CNAME', TTL: ttl, ResourceRecords: [{ Value: value }] };
}

function change(action: 'CREATE' | 'DELETE' | 'UPSERT', recordSet: ResourceRecordSet): Change {
  return { Action: action, ResourceRecordSet: recordSet };
}

describe('Route 53 over the wire', () => {
  const handle = useEmulator();
  let client: Route53Client;

  beforeEach(() => {
    // A handler's client is made in the stack's region; Route 53 is global and answers it all the same.
    client = new Route53Client({ region: 'eu-west-1' });
    handle.emu.route53.addZone(`/hostedzone/${ZONE_ID}`, `${ZONE}.`);
  });
  afterEach(() => client.destroy());

  const changeBatch = (...changes: Change[]) => client.send(new ChangeResourceRecordSetsCommand({
    HostedZoneId: ZONE_ID, ChangeBatch: { Changes: changes },
  }));

  test('UPSERT writes the record into the emulated DNS, and a second UPSERT replaces it', async () => {
    const answer = await client.send(new ChangeResourceRecordSetsCommand({
      HostedZoneId: `/hostedzone/${ZONE_ID}`,
      ChangeBatch: { Comment: 'validation', Changes: [change('UPSERT', cname('_abc.Example.com', '_v1.acm-validations.aws.'))] },
    }));
    expect(answer.ChangeInfo).toEqual({ Id: expect.stringMatching(/^\/change\/C[0-9A-Z]+$/), Status: 'PENDING', SubmittedAt: expect.any(Date), Comment: 'validation' });
    expect(handle.emu.dns.list()).toEqual([{ name: '_abc.example.com.', type: 'CNAME', value: '_v1.acm-validations.aws.' }]);

    await changeBatch(change('UPSERT', cname('_abc.example.com.', '_v2.acm-validations.aws.', 60)));
    expect(handle.emu.dns.has({ name: '_abc.example.com', type: 'CNAME', value: '_v2.acm-validations.aws' })).toBe(true);
    expect(handle.emu.route53.recordSets(ZONE_ID)).toEqual([{ name: '_abc.example.com.', type: 'CNAME', ttl: 60, values: ['_v2.acm-validations.aws.'] }]);
  });

  test('every call is logged with its service, operation, input and outcome', async () => {
    await changeBatch(change('UPSERT', cname('_abc.example.com', '_v.acm-validations.aws.')));
    await rejectionOf(changeBatch(change('CREATE', cname('_abc.example.com', '_v.acm-validations.aws.'))));
    await client.send(new ListResourceRecordSetsCommand({ HostedZoneId: ZONE_ID, StartRecordName: '_abc.example.com', StartRecordType: 'CNAME', MaxItems: 1 }));

    expect(handle.emu.calls.list({ service: 'route53' })).toEqual([
      expect.objectContaining({
        service: 'route53',
        operation: 'ChangeResourceRecordSets',
        // The signed region: with a custom endpoint the SDK signs with the client's region (on AWS, us-east-1).
        region: 'eu-west-1',
        outcome: 'ok',
        httpStatus: 200,
        input: {
          HostedZoneId: ZONE_ID,
          ChangeBatch: { Changes: [{ Action: 'UPSERT', ResourceRecordSet: { Name: '_abc.example.com', Type: 'CNAME', TTL: 300, ResourceRecords: [{ Value: '_v.acm-validations.aws.' }] } }] },
        },
      }),
      expect.objectContaining({ operation: 'ChangeResourceRecordSets', outcome: 'InvalidChangeBatch', httpStatus: 400 }),
      expect.objectContaining({
        operation: 'ListResourceRecordSets',
        outcome: 'ok',
        input: { HostedZoneId: ZONE_ID, StartRecordName: '_abc.example.com', StartRecordType: 'CNAME', MaxItems: '1' },
      }),
    ]);
    expect(handle.emu.calls.count({ service: 'lightsail' })).toBe(0);
    expect(handle.emu.calls.countsByOperation()).toEqual({ ChangeResourceRecordSets: 2, ListResourceRecordSets: 1 });
  });

  test('a certificate validates against what Route 53 wrote', async () => {
    const ls = lightsail();
    await ls.send(new CreateCertificateCommand({ certificateName: 'c', domainName: 'www.example.com' }));
    const details = await ls.send(new GetCertificatesCommand({ certificateName: 'c', includeCertificateDetails: true }));
    const record = details.certificates![0].certificateDetail!.domainValidationRecords![0].resourceRecord!;

    await changeBatch(change('UPSERT', cname(record.name!, record.value!)));

    expect(handle.emu.certificate('us-east-1', 'c')!.status).toBe('ISSUED');
    ls.destroy();
  });

  test('CREATE of an existing record fails, and the whole batch with it', async () => {
    await changeBatch(change('CREATE', cname('_old.example.com', '_old.acm-validations.aws.')));

    const error = await rejectionOf(changeBatch(
      change('UPSERT', cname('_new.example.com', '_new.acm-validations.aws.')),
      change('CREATE', cname('_OLD.example.com.', '_other.acm-validations.aws.')),
    ));

    expect(error).toBeInstanceOf(InvalidChangeBatch);
    expect(error.message).toBe("[Tried to create resource record set [name='_old.example.com.', type='CNAME'] but it already exists]");
    expect(error.$metadata?.httpStatusCode).toBe(400);
    expect(handle.emu.dns.list()).toEqual([{ name: '_old.example.com.', type: 'CNAME', value: '_old.acm-validations.aws.' }]);
    expect(handle.emu.route53.recordSets(ZONE_ID).map((r) => r.name)).not.toContain('_new.example.com.');
  });

  test('DELETE fails unless name, type, TTL and values all match', async () => {
    await changeBatch(change('UPSERT', cname('_abc.example.com', '_v.acm-validations.aws.', 300)));

    const wrongValue = await rejectionOf(changeBatch(change('DELETE', cname('_abc.example.com', '_w.acm-validations.aws.', 300))));
    const wrongTtl = await rejectionOf(changeBatch(change('DELETE', cname('_abc.example.com', '_v.acm-validations.aws.', 60))));
    const missing = await rejectionOf(changeBatch(change('DELETE', cname('_xyz.example.com', '_v.acm-validations.aws.', 300))));

    expect(wrongValue).toBeInstanceOf(InvalidChangeBatch);
    expect(wrongValue.message).toBe("[Tried to delete resource record set [name='_abc.example.com.', type='CNAME'] but the values provided do not match the current values]");
    expect(wrongTtl.message).toBe(wrongValue.message);
    expect(missing).toBeInstanceOf(InvalidChangeBatch);
    expect(missing.message).toBe("[Tried to delete resource record set [name='_xyz.example.com.', type='CNAME'] but it was not found]");
    expect(handle.emu.dns.has({ name: '_abc.example.com', type: 'CNAME', value: '_v.acm-validations.aws.' })).toBe(true);
  });

  test('an alias record is kept and listed as an alias; DELETE needs its whole AliasTarget; an alias with a TTL is refused', async () => {
    const alias = (dnsName: string, zone = 'Z2FDTNDATAQYW2'): ResourceRecordSet => ({
      Name: 'www.example.com', Type: 'A', AliasTarget: { DNSName: dnsName, HostedZoneId: zone, EvaluateTargetHealth: false },
    });
    await changeBatch(change('CREATE', alias('d111.CloudFront.net')));

    const listed = await client.send(new ListResourceRecordSetsCommand({ HostedZoneId: ZONE_ID, StartRecordName: 'www.example.com', StartRecordType: 'A', MaxItems: 1 }));
    expect(listed.ResourceRecordSets).toEqual([{ Name: 'www.example.com.', Type: 'A', AliasTarget: { DNSName: 'd111.cloudfront.net.', HostedZoneId: 'Z2FDTNDATAQYW2', EvaluateTargetHealth: false } }]);
    expect(handle.emu.dns.has({ name: 'www.example.com', type: 'A', value: 'd111.cloudfront.net' })).toBe(true);
    const otherZone = await rejectionOf(changeBatch(change('DELETE', alias('d111.cloudfront.net', 'Z0OTHER'))));
    expect(otherZone.message).toMatch(/the values provided do not match the current values/);
    const withTtl = await rejectionOf(changeBatch(change('CREATE', { ...alias('d222.cloudfront.net'), Name: 'api.example.com', TTL: 60 })));
    expect(withTtl).toBeInstanceOf(InvalidInput);

    await changeBatch(change('DELETE', listed.ResourceRecordSets![0]));
    expect(handle.emu.route53.recordSets(ZONE_ID)).toEqual([]);
    expect(handle.emu.dns.list()).toEqual([]);
  });

  test('DELETE of the exact record removes it from the zone and the DNS', async () => {
    await changeBatch(change('UPSERT', cname('_abc.example.com', '_v.acm-validations.aws.')));

    await changeBatch(change('DELETE', cname('_ABC.example.com.', '_v.acm-validations.aws.')));

    expect(handle.emu.dns.list()).toEqual([]);
    expect(handle.emu.route53.recordSets(ZONE_ID)).toEqual([]);
  });

  test('changes apply in order within a batch: DELETE then CREATE of the same record', async () => {
    await changeBatch(change('UPSERT', cname('_abc.example.com', '_v1.acm-validations.aws.')));

    await changeBatch(
      change('DELETE', cname('_abc.example.com', '_v1.acm-validations.aws.')),
      change('CREATE', cname('_abc.example.com', '_v2.acm-validations.aws.')),
    );

    expect(handle.emu.dns.list()).toEqual([{ name: '_abc.example.com.', type: 'CNAME', value: '_v2.acm-validations.aws.' }]);
  });

  test('a name outside the zone is refused', async () => {
    const error = await rejectionOf(changeBatch(change('UPSERT', cname('_abc.example.org', '_v.acm-validations.aws.'))));

    expect(error).toBeInstanceOf(InvalidChangeBatch);
    expect(error.message).toBe('[RRSet with DNS name _abc.example.org. is not permitted in zone example.com.]');
    // A name that only ends with the zone's text is outside it too.
    await expect(changeBatch(change('UPSERT', cname('_abc.notexample.com', '_v.acm-validations.aws.')))).rejects.toBeInstanceOf(InvalidChangeBatch);
    expect(handle.emu.dns.list()).toEqual([]);
  });

  test('a record set without TTL is refused as invalid input', async () => {
    const error = await rejectionOf(changeBatch(change('UPSERT', { Name: '_abc.example.com', Type: 'CNAME', ResourceRecords: [{ Value: 'x.' }] })));

    expect(error).toBeInstanceOf(InvalidInput);
    expect(error.message).toMatch(/^Invalid request: Expected exactly one of \[AliasTarget, all of \[TTL, and ResourceRecords\]/);
  });

  test('an unknown zone is NoSuchHostedZone (404)', async () => {
    const send = (zone: string) => client.send(new ChangeResourceRecordSetsCommand({
      HostedZoneId: zone, ChangeBatch: { Changes: [change('UPSERT', cname('_abc.example.com', '_v.acm-validations.aws.'))] },
    }));

    const error = await rejectionOf(send('ZNOSUCHZONE'));

    expect(error).toBeInstanceOf(NoSuchHostedZone);
    expect(error.message).toBe('No hosted zone found with ID: ZNOSUCHZONE');
    expect(error.$metadata?.httpStatusCode).toBe(404);
    await expect(client.send(new ListResourceRecordSetsCommand({ HostedZoneId: 'ZNOSUCHZONE' }))).rejects.toBeInstanceOf(NoSuchHostedZone);
  });

  test('GetChange answers INSYNC; an unknown change is NoSuchChange', async () => {
    const { ChangeInfo } = await changeBatch(change('UPSERT', cname('_abc.example.com', '_v.acm-validations.aws.')));

    const got = await client.send(new GetChangeCommand({ Id: ChangeInfo!.Id }));

    expect(got.ChangeInfo).toEqual({ ...ChangeInfo, Status: 'INSYNC' });
    expect(handle.emu.calls.list({ operation: 'GetChange' })).toEqual([expect.objectContaining({ input: { Id: ChangeInfo!.Id!.replace('/change/', '') } })]);
    await expect(client.send(new GetChangeCommand({ Id: 'CNOSUCHCHANGE' }))).rejects.toBeInstanceOf(NoSuchChange);
  });

  test('on the raw wire: unsigned, unreadable and unserved requests', async () => {
    const url = `${handle.emu.endpoint}/2013-04-01/hostedzone/${ZONE_ID}/rrset/`;
    const authorization = 'AWS4-HMAC-SHA256 Credential=AKIDEMULATOR/20300101/us-east-1/route53/aws4_request, SignedHeaders=host, Signature=00';

    const unsigned = await fetch(url, { method: 'POST', body: '<ChangeResourceRecordSetsRequest/>' });
    const unreadable = await fetch(url, { method: 'POST', headers: { authorization }, body: '<ChangeResourceRecordSetsRequest><ChangeBatch>' });
    const unserved = await fetch(`${handle.emu.endpoint}/2013-04-01/hostedzone`, { headers: { authorization } });

    expect([unsigned.status, await unsigned.text()]).toEqual([403, expect.stringContaining('<Code>MissingAuthenticationToken</Code>')]);
    expect([unreadable.status, await unreadable.text()]).toEqual([400, expect.stringContaining('<Code>InvalidInput</Code>')]);
    expect([unserved.status, await unserved.text()]).toEqual([404, expect.stringContaining('<Code>UnknownOperation</Code>')]);
    expect(handle.emu.calls.list().map((c) => [c.operation, c.outcome])).toEqual([
      ['ChangeResourceRecordSets', 'MissingAuthenticationToken'],
      ['ChangeResourceRecordSets', 'InvalidInput'],
      ['GET /2013-04-01/hostedzone', 'UnknownOperation'],
    ]);
  });

  describe('ListResourceRecordSets', () => {
    beforeEach(async () => {
      await changeBatch(
        change('UPSERT', cname('z.example.com', 'target.example.net.')),
        change('UPSERT', cname('a.b.example.com', 'target.example.net.')),
        change('UPSERT', cname('b.example.com', 'target.example.net.')),
        change('UPSERT', { Name: 'a.example.com', Type: 'TXT', TTL: 300, ResourceRecords: [{ Value: '"t"' }] }),
        change('UPSERT', { Name: 'a.example.com', Type: 'A', TTL: 300, ResourceRecords: [{ Value: '192.0.2.1' }, { Value: '192.0.2.2' }] }),
      );
    });

    const list = (input: { StartRecordName?: string; StartRecordType?: 'CNAME' | 'A' | 'TXT'; MaxItems?: number }) =>
      client.send(new ListResourceRecordSetsCommand({ HostedZoneId: ZONE_ID, ...input }));

    test('orders by name with the labels reversed, then by type', async () => {
      const page = await list({});

      expect(page.ResourceRecordSets!.map((r) => `${r.Name} ${r.Type}`)).toEqual([
        'a.example.com. A', 'a.example.com. TXT', 'b.example.com. CNAME', 'a.b.example.com. CNAME', 'z.example.com. CNAME',
      ]);
      expect(page.IsTruncated).toBe(false);
      expect(page.MaxItems).toBe(300);
      expect(page.ResourceRecordSets![0]).toEqual({ Name: 'a.example.com.', Type: 'A', TTL: 300, ResourceRecords: [{ Value: '192.0.2.1' }, { Value: '192.0.2.2' }] });
    });

    test('StartRecordName, StartRecordType and MaxItems=1 answer the one record set, or the next one', async () => {
      const found = await list({ StartRecordName: 'B.example.com', StartRecordType: 'CNAME', MaxItems: 1 });
      expect(found).toEqual(expect.objectContaining({
        ResourceRecordSets: [{ Name: 'b.example.com.', Type: 'CNAME', TTL: 300, ResourceRecords: [{ Value: 'target.example.net.' }] }],
        IsTruncated: true,
        MaxItems: 1,
        NextRecordName: 'a.b.example.com.',
        NextRecordType: 'CNAME',
      }));

      // Absent: Route 53 answers what follows, so a caller must compare name and type.
      const absent = await list({ StartRecordName: 'c.example.com', StartRecordType: 'CNAME', MaxItems: 1 });
      expect(absent.ResourceRecordSets!.map((r) => r.Name)).toEqual(['z.example.com.']);
      const last = await list({ StartRecordName: 'zz.example.com', StartRecordType: 'CNAME', MaxItems: 1 });
      expect(last.ResourceRecordSets).toEqual([]);
      expect(last.IsTruncated).toBe(false);
    });

    test('a page continues from NextRecordName and NextRecordType', async () => {
      const first = await list({ StartRecordName: 'a.example.com', MaxItems: 1 });
      const second = await list({ StartRecordName: first.NextRecordName, StartRecordType: first.NextRecordType as 'TXT', MaxItems: 2 });

      expect(first.ResourceRecordSets!.map((r) => `${r.Name} ${r.Type}`)).toEqual(['a.example.com. A']);
      expect(second.ResourceRecordSets!.map((r) => `${r.Name} ${r.Type}`)).toEqual(['a.example.com. TXT', 'b.example.com. CNAME']);
    });

    test('a type without a name is invalid input', async () => {
      await expect(list({ StartRecordType: 'CNAME' })).rejects.toBeInstanceOf(InvalidInput);
    });
  });
});

describe('LocalLightsail wiring', () => {
  const outdirs: string[] = [];
  afterAll(() => outdirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

  function zoneStack(): ReturnType<App['synth']> {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'route53-emulator-'));
    outdirs.push(outdir);
    const app = new App({ outdir });
    new route53.PublicHostedZone(new Stack(app, 'Zones', { env: { account: '123456789012', region: 'eu-west-1' } }), 'Zone', { zoneName: 'example.net' });
    return app.synth();
  }

  test('points AWS_ENDPOINT_URL_ROUTE_53 at the emulator and registers hostedZones', async () => {
    const before = process.env.AWS_ENDPOINT_URL_ROUTE_53;
    const local = await LocalLightsail.start({ hostedZones: { ZIMPORTED0001: 'example.org' } });
    const client = new Route53Client({});
    try {
      expect(process.env.AWS_ENDPOINT_URL_ROUTE_53).toBe(local.emulator.endpoint);
      await client.send(new ChangeResourceRecordSetsCommand({
        HostedZoneId: '/hostedzone/ZIMPORTED0001', ChangeBatch: { Changes: [change('UPSERT', cname('_abc.example.org', '_v.acm-validations.aws.'))] },
      }));
      expect(local.emulator.dns.list()).toEqual([{ name: '_abc.example.org.', type: 'CNAME', value: '_v.acm-validations.aws.' }]);
    } finally {
      client.destroy();
      await local.stop();
    }
    expect(process.env.AWS_ENDPOINT_URL_ROUTE_53).toBe(before);
  });

  test('a zone a stack creates is in Route 53 until the stack is deleted, which fails while records are left in it', async () => {
    const local = await LocalLightsail.start();
    const client = new Route53Client({});
    try {
      const deployed = await local.deploy(zoneStack(), 'Zones');
      const zone = { id: Object.values(deployed.resources).find((r) => r.type === 'AWS::Route53::HostedZone')!.physicalId };
      expect(zone.id).toMatch(/^Z0/);
      expect(local.emulator.route53.recordSets(zone.id)).toEqual([]);
      const record = cname('_abc.example.net', '_v.acm-validations.aws.');
      await client.send(new ChangeResourceRecordSetsCommand({ HostedZoneId: zone.id, ChangeBatch: { Changes: [change('UPSERT', record)] } }));

      const error = await rejectionOf(local.destroy('Zones'));
      expect(error).toBeInstanceOf(StackOperationError);
      expect(error.message).toMatch(/HostedZoneNotEmpty|non-required resource record sets/);

      await client.send(new ChangeResourceRecordSetsCommand({ HostedZoneId: zone.id, ChangeBatch: { Changes: [change('DELETE', record)] } }));
      await local.destroy('Zones');
      expect(() => local.emulator.route53.recordSets(zone.id)).toThrow(/No hosted zone found/);
    } finally {
      client.destroy();
      await local.stop();
    }
  });
});
