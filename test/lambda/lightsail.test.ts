/** Tests of `lambda/lightsail.ts`: the Lightsail calls and what their errors mean. */
import {
  AttachCertificateToDistributionCommand,
  AttachLoadBalancerTlsCertificateCommand,
  CreateCertificateCommand,
  CreateDomainEntryCommand,
  CreateLoadBalancerTlsCertificateCommand,
  DeleteCertificateCommand,
  DeleteDomainEntryCommand,
  DeleteLoadBalancerTlsCertificateCommand,
  DetachCertificateFromDistributionCommand,
  GetCertificatesCommand,
  GetContainerServicesCommand,
  GetDistributionsCommand,
  GetDomainCommand,
  GetLoadBalancersCommand,
  GetLoadBalancerTlsCertificatesCommand,
  GetRegionsCommand,
  LightsailClient,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateContainerServiceCommand,
} from '@aws-sdk/client-lightsail';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import {
  accessDenied,
  fakeDeps,
  invalidInput,
  lbCertificate,
  listed,
  NAME,
  NONE,
  notFound,
  sdkError,
  summary,
} from './fixtures';
import {
  applyTagChanges,
  attachCertificateToDistribution,
  attachLoadBalancerTlsCertificate,
  createCertificate,
  createDomainEntry,
  createLoadBalancerTlsCertificate,
  deleteCertificate,
  deleteDomainEntry,
  deleteLoadBalancerTlsCertificate,
  detachCertificateFromDistribution,
  domainEntries,
  findCertificate,
  findContainerService,
  findDistribution,
  isInUse,
  isNotFound,
  lightsailCertificates,
  lightsailRegionNames,
  loadBalancerNames,
  loadBalancerTlsCertificates,
  updateContainerServiceDomains,
} from '../../lambda/lightsail';

const lightsail = mockClient(LightsailClient);

beforeEach(() => {
  lightsail.reset();
});

afterEach(() => {
  jest.restoreAllMocks();
});

describe('Lightsail calls', () => {
  test('CreateCertificate leaves out empty alternates and tags', async () => {
    const deps = fakeDeps();

    await createCertificate(deps, deps.lightsail('us-east-1'), { certificateName: NAME, domainName: 'example.com', subjectAlternativeNames: [], tags: [] });

    expect(lightsail.commandCalls(CreateCertificateCommand).map((call) => call.args[0].input)).toEqual([{ certificateName: NAME, domainName: 'example.com' }]);
  });

  test('DeleteCertificate counts a certificate already gone as deleted, and throws other errors', async () => {
    const deps = fakeDeps();
    lightsail.on(DeleteCertificateCommand).rejectsOnce(notFound()).rejects(invalidInput('The certificate is in use'));

    await expect(deleteCertificate(deps, deps.lightsail('us-east-1'), NAME)).resolves.toBeUndefined();
    await expect(deleteCertificate(deps, deps.lightsail('us-east-1'), NAME)).rejects.toThrow('The certificate is in use');
  });

  test('tag changes call only what has something to do', async () => {
    const deps = fakeDeps();
    const client = deps.lightsail('us-east-1');

    await applyTagChanges(deps, client, NAME, { set: [], remove: [] });
    expect(lightsail.calls()).toHaveLength(0);

    await applyTagChanges(deps, client, NAME, { set: [{ key: 'a', value: '1' }], remove: ['b'] });
    expect(lightsail).toHaveReceivedCommandWith(UntagResourceCommand, { resourceName: NAME, tagKeys: ['b'] });
    expect(lightsail).toHaveReceivedCommandWith(TagResourceCommand, { resourceName: NAME, tags: [{ key: 'a', value: '1' }] });
  });

  test('findCertificate picks the certificate with the exact name from the list', async () => {
    const deps = fakeDeps();
    lightsail.on(GetCertificatesCommand).resolves(listed(
      summary({ name: 'my-cert-old', arn: 'arn:old' }),
      { certificateDetail: { name: NAME, arn: 'arn:detail-only' } },
    ));

    const found = await findCertificate(deps, deps.lightsail('us-east-1'), NAME);

    expect(found?.certificateDetail?.arn).toBe('arn:detail-only');
    lightsail.on(GetCertificatesCommand).resolves({});
    await expect(findCertificate(deps, deps.lightsail('us-east-1'), NAME)).resolves.toBeUndefined();
    lightsail.on(GetCertificatesCommand).resolves(NONE);
    await expect(findCertificate(deps, deps.lightsail('us-east-1'), NAME)).resolves.toBeUndefined();
  });

  test.each([
    [notFound(), true],
    [invalidInput('Certificate DoesNotExist: my-cert'), true],
    [invalidInput('The certificate name is not valid'), false],
    [undefined, false],
  ])('isNotFound(%p) is %p', (error, expected) => {
    expect(isNotFound(error)).toBe(expected);
  });

  test.each([
    [invalidInput('The certificate is in use'), true],
    [invalidInput('Certificate my-cert is currently attached to a distribution'), true],
    [sdkError('OperationFailureException', 'The certificate is being used by a container service'), true],
    [sdkError('ResourceInUseException', 'Resource in-use'), true],
    [invalidInput('The certificate name is not valid'), false],
    [accessDenied('Access denied: certificate in use'), false],
    [undefined, false],
  ])('isInUse(%p) is %p', (error, expected) => {
    expect(isInUse(error)).toBe(expected);
  });
});

describe('Lightsail reads and writes of the scan and the attachments', () => {
  const inputs = (command: Parameters<typeof lightsail.commandCalls>[0]) => lightsail.commandCalls(command).map((call) => call.args[0].input);

  test('lightsailCertificates reads every page, with details', async () => {
    const deps = fakeDeps();
    lightsail.on(GetCertificatesCommand)
      .resolvesOnce({ ...listed(summary({ name: 'a' })), nextPageToken: 'p2' })
      .resolvesOnce(listed(summary({ name: 'b' })));

    const all = await lightsailCertificates(deps, deps.lightsail('eu-west-1'));

    expect(all.map((c) => c.certificateName)).toEqual(['a', 'b']);
    expect(inputs(GetCertificatesCommand)).toEqual([
      { includeCertificateDetails: true, pageToken: undefined },
      { includeCertificateDetails: true, pageToken: 'p2' },
    ]);
  });

  test('lightsailRegionNames lists the names GetRegions gives, skipping a region without one', async () => {
    const deps = fakeDeps();
    lightsail.on(GetRegionsCommand).resolves({ regions: [{ name: 'us-east-1' }, {}, { name: 'eu-west-3' }] });

    await expect(lightsailRegionNames(deps, deps.lightsail('us-east-1'))).resolves.toEqual(['us-east-1', 'eu-west-3']);
    expect(inputs(GetRegionsCommand)).toEqual([{}]);
  });

  test('findDistribution picks the exact name, and counts NotFoundException as none', async () => {
    const deps = fakeDeps();
    const client = deps.lightsail('us-east-1');
    lightsail.on(GetDistributionsCommand).resolvesOnce({ distributions: [{ name: 'web-2' }, { name: 'web', domainName: 'd1.cloudfront.net' }] })
      .rejectsOnce(notFound()).rejects(invalidInput('bad name'));

    await expect(findDistribution(deps, client, 'web')).resolves.toEqual({ name: 'web', domainName: 'd1.cloudfront.net' });
    await expect(findDistribution(deps, client, 'web')).resolves.toBeUndefined();
    await expect(findDistribution(deps, client, 'web')).rejects.toThrow('bad name');
    expect(inputs(GetDistributionsCommand)).toEqual([{ distributionName: 'web' }, { distributionName: 'web' }, { distributionName: 'web' }]);
  });

  test('attach and detach name the distribution and the certificate', async () => {
    const deps = fakeDeps();
    const client = deps.lightsail('us-east-1');

    await attachCertificateToDistribution(deps, client, 'web', NAME);
    await detachCertificateFromDistribution(deps, client, 'web');

    expect(inputs(AttachCertificateToDistributionCommand)).toEqual([{ distributionName: 'web', certificateName: NAME }]);
    expect(inputs(DetachCertificateFromDistributionCommand)).toEqual([{ distributionName: 'web' }]);
  });

  test('findContainerService picks the exact name, and counts NotFoundException as none', async () => {
    const deps = fakeDeps();
    const client = deps.lightsail('eu-west-1');
    lightsail.on(GetContainerServicesCommand).resolvesOnce({ containerServices: [{ containerServiceName: 'api' }] }).rejectsOnce(notFound());

    await expect(findContainerService(deps, client, 'api')).resolves.toEqual({ containerServiceName: 'api' });
    await expect(findContainerService(deps, client, 'api')).resolves.toBeUndefined();
    expect(inputs(GetContainerServicesCommand)).toEqual([{ serviceName: 'api' }, { serviceName: 'api' }]);
  });

  test('updateContainerServiceDomains sends the whole map of custom domains', async () => {
    const deps = fakeDeps();

    await updateContainerServiceDomains(deps, deps.lightsail('eu-west-1'), 'api', { [NAME]: ['api.example.com'], other: ['x.example.com'] });

    expect(inputs(UpdateContainerServiceCommand)).toEqual([{ serviceName: 'api', publicDomainNames: { [NAME]: ['api.example.com'], other: ['x.example.com'] } }]);
  });

  test('domainEntries reads the zone\'s entries: none for an empty zone, undefined for a zone that is gone', async () => {
    const deps = fakeDeps();
    const client = deps.lightsail('us-east-1');
    const entry = { name: 'www.example.com', type: 'A', target: 'd1.cloudfront.net', isAlias: true };
    lightsail.on(GetDomainCommand).resolvesOnce({ domain: { domainEntries: [entry] } }).resolvesOnce({ domain: {} }).rejectsOnce(notFound());

    await expect(domainEntries(deps, client, 'example.com')).resolves.toEqual([entry]);
    await expect(domainEntries(deps, client, 'example.com')).resolves.toEqual([]);
    await expect(domainEntries(deps, client, 'example.com')).resolves.toBeUndefined();
    expect(inputs(GetDomainCommand)).toEqual([{ domainName: 'example.com' }, { domainName: 'example.com' }, { domainName: 'example.com' }]);
  });

  test('createDomainEntry and deleteDomainEntry send the entry as given; a delete of a missing entry throws', async () => {
    const deps = fakeDeps();
    const client = deps.lightsail('us-east-1');
    const entry = { name: 'www.example.com', type: 'A', target: 'd1.cloudfront.net', isAlias: true };
    lightsail.on(DeleteDomainEntryCommand).rejects(notFound());

    await createDomainEntry(deps, client, 'example.com', entry);
    await expect(deleteDomainEntry(deps, client, 'example.com', entry)).rejects.toThrow('The certificate does not exist');

    expect(inputs(CreateDomainEntryCommand)).toEqual([{ domainName: 'example.com', domainEntry: entry }]);
    expect(inputs(DeleteDomainEntryCommand)).toEqual([{ domainName: 'example.com', domainEntry: entry }]);
  });

  test('loadBalancerNames reads every page, skipping a load balancer without a name', async () => {
    const deps = fakeDeps();
    lightsail.on(GetLoadBalancersCommand)
      .resolvesOnce({ loadBalancers: [{ name: 'web' }, {}], nextPageToken: 'p2' })
      .resolvesOnce({ loadBalancers: [{ name: 'api' }] });

    await expect(loadBalancerNames(deps, deps.lightsail('eu-west-1'))).resolves.toEqual(['web', 'api']);
    expect(inputs(GetLoadBalancersCommand)).toEqual([{ pageToken: undefined }, { pageToken: 'p2' }]);
  });

  test('loadBalancerTlsCertificates lists the load balancer\'s certificates; a load balancer that is gone has none, other errors are thrown', async () => {
    const deps = fakeDeps();
    const client = deps.lightsail('eu-west-1');
    lightsail.on(GetLoadBalancerTlsCertificatesCommand)
      .resolvesOnce({ tlsCertificates: [lbCertificate('site')] }).rejectsOnce(notFound('The load balancer does not exist')).rejects(invalidInput('bad name'));

    await expect(loadBalancerTlsCertificates(deps, client, 'web')).resolves.toEqual([lbCertificate('site')]);
    await expect(loadBalancerTlsCertificates(deps, client, 'web')).resolves.toEqual([]);
    await expect(loadBalancerTlsCertificates(deps, client, 'web')).rejects.toThrow('bad name');
    expect(inputs(GetLoadBalancerTlsCertificatesCommand)).toEqual([{ loadBalancerName: 'web' }, { loadBalancerName: 'web' }, { loadBalancerName: 'web' }]);
  });

  test('createLoadBalancerTlsCertificate sends the input as given', async () => {
    const deps = fakeDeps();
    const input = { loadBalancerName: 'web', certificateName: 'site', certificateDomainName: 'example.com', certificateAlternativeNames: ['www.example.com'] };

    await createLoadBalancerTlsCertificate(deps, deps.lightsail('eu-west-1'), input);

    expect(inputs(CreateLoadBalancerTlsCertificateCommand)).toEqual([input]);
  });

  test('deleteLoadBalancerTlsCertificate sends force as told, counts a certificate already gone as deleted, and throws other errors', async () => {
    const deps = fakeDeps();
    const client = deps.lightsail('eu-west-1');
    lightsail.on(DeleteLoadBalancerTlsCertificateCommand).resolvesOnce({}).rejectsOnce(notFound()).rejects(invalidInput('The certificate is attached'));

    await deleteLoadBalancerTlsCertificate(deps, client, 'web', 'site', true);
    await expect(deleteLoadBalancerTlsCertificate(deps, client, 'web', 'site', false)).resolves.toBeUndefined();
    await expect(deleteLoadBalancerTlsCertificate(deps, client, 'web', 'site', false)).rejects.toThrow('The certificate is attached');
    expect(inputs(DeleteLoadBalancerTlsCertificateCommand)).toEqual([
      { loadBalancerName: 'web', certificateName: 'site', force: true },
      { loadBalancerName: 'web', certificateName: 'site', force: false },
      { loadBalancerName: 'web', certificateName: 'site', force: false },
    ]);
  });

  test('attachLoadBalancerTlsCertificate names the load balancer and the certificate', async () => {
    const deps = fakeDeps();

    await attachLoadBalancerTlsCertificate(deps, deps.lightsail('eu-west-1'), 'web', 'site');

    expect(inputs(AttachLoadBalancerTlsCertificateCommand)).toEqual([{ loadBalancerName: 'web', certificateName: 'site' }]);
  });
});
