import {
  GetCertificatesCommand,
  GetContainerServicesCommand,
  LightsailClient,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateContainerServiceCommand,
} from '@aws-sdk/client-lightsail';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { fakeDeps, notFound, OTHER_OWNER, OWNER } from './fixtures';
import { certificateOwners, EARLIER_STACK_OWNER, eventsOf } from './target-fixtures';
import { physicalIdMark } from '../../lambda/before-tags';
import { onContainerServiceCertificateEvent } from '../../lambda/container-service-certificate';
import { CONTAINER_SERVICE_CERTIFICATE_RESOURCE_TYPE, ContainerServiceCertificateProperties } from '../../src/private/contract';

const lightsail = mockClient(LightsailClient);
const events = eventsOf<ContainerServiceCertificateProperties>(CONTAINER_SERVICE_CERTIFICATE_RESOURCE_TYPE, 'RecordsCertificate5E6F7A8B',
  { ServiceName: 'app', Region: 'eu-west-1', CertificateName: 'site-1', DomainNames: ['example.com', 'www.example.com'] });
const HOST = 'app.a1b2c3d4e5f6g.eu-west-1.cs.amazonlightsail.com';
const ID = 'lightsail-container-service-certificate:eu-west-1';
/** The record of what the service "app" had under a certificate, on that certificate. */
const RECORD = 'cdk-lightsail-certificate:before:container-service:app';

type Domains = Record<string, string[]>;

/** Container services as Lightsail keeps them: name to `publicDomainNames`, which UpdateContainerService replaces whole. */
function services(initial: Record<string, Domains>): Record<string, Domains> {
  const state = structuredClone(initial);
  lightsail.on(GetContainerServicesCommand).callsFake(async (input: { serviceName: string }) => {
    if (!(input.serviceName in state)) throw notFound('The container service does not exist');
    return { containerServices: [{ containerServiceName: input.serviceName, url: `https://${HOST}/`, publicDomainNames: state[input.serviceName] }] };
  });
  lightsail.on(UpdateContainerServiceCommand).callsFake(async (input: { serviceName: string; publicDomainNames: Domains }) => {
    state[input.serviceName] = input.publicDomainNames;
    return {};
  });
  return state;
}

beforeEach(() => {
  lightsail.reset();
  certificateOwners(lightsail, { 'api-cert': undefined, 'site-1': OWNER, 'site-2': OWNER });
});

describe('Create', () => {
  test('adds the domains beside the others, in one call in the service\'s region, and remembers which it added', async () => {
    const state = services({ app: { 'api-cert': ['api.example.org'] } });
    const deps = fakeDeps();

    const result = await onContainerServiceCertificateEvent(events.create(), deps);

    expect(lightsail).toHaveReceivedCommandWith(UpdateContainerServiceCommand, {
      serviceName: 'app', publicDomainNames: { 'api-cert': ['api.example.org'], 'site-1': ['example.com', 'www.example.com'] },
    });
    expect(lightsail).toHaveReceivedCommandTimes(UpdateContainerServiceCommand, 1);
    expect(state.app).toEqual({ 'api-cert': ['api.example.org'], 'site-1': ['example.com', 'www.example.com'] });
    expect(result).toEqual({ PhysicalResourceId: `${ID}:app:site-1:example.com,www.example.com`, Data: { TargetDomainName: HOST } });
    expect(new Set(deps.regions)).toEqual(new Set(['eu-west-1']));
  });

  test('domains already under a certificate made outside this library were not added here: nothing written, none remembered', async () => {
    certificateOwners(lightsail, { 'site-1': undefined });
    services({ app: { 'site-1': ['example.com', 'www.example.com'] } });
    const result = await onContainerServiceCertificateEvent(events.create(), fakeDeps());
    expect(lightsail).toHaveReceivedCommandTimes(UpdateContainerServiceCommand, 0);
    expect(result.PhysicalResourceId).toBe(`${ID}:app:site-1:`);
  });

  test('before updating the service, writes on the certificate the wanted domains it held there already', async () => {
    services({ app: { 'site-1': ['Example.com'] } });
    const result = await onContainerServiceCertificateEvent(events.create(), fakeDeps());
    expect(lightsail).toHaveReceivedCommandWith(TagResourceCommand, {
      resourceName: 'site-1',
      tags: [{ key: RECORD, value: '1' }, { key: `${RECORD}:1`, value: 'example.com' }, { key: `${RECORD}:id`, value: physicalIdMark(`${ID}:app:site-1:www.example.com`) }],
    });
    const order = lightsail.calls().map((c) => c.args[0].constructor.name);
    expect(order.indexOf('TagResourceCommand')).toBeLessThan(order.indexOf('UpdateContainerServiceCommand'));
    expect(result.PhysicalResourceId).toBe(`${ID}:app:site-1:www.example.com`);
  });

  test.each([['this stack', OWNER], ['an earlier stack of this name', EARLIER_STACK_OWNER]])(
    'run again after it added them (a lost answer), under a certificate of %s: what it recorded was there, the rest added', async (_, owner) => {
      certificateOwners(lightsail, { 'site-1': owner }, { 'site-1': { [RECORD]: '1', [`${RECORD}:1`]: 'example.com' } });
      services({ app: { 'site-1': ['example.com', 'www.example.com'] } });
      const result = await onContainerServiceCertificateEvent(events.create(), fakeDeps());
      expect(lightsail).toHaveReceivedCommandTimes(UpdateContainerServiceCommand, 0);
      // The record stays as it was; only the id in force is written.
      expect(lightsail.commandCalls(TagResourceCommand).map((c) => c.args[0].input)).toEqual([
        { resourceName: 'site-1', tags: [{ key: `${RECORD}:id`, value: physicalIdMark(`${ID}:app:site-1:www.example.com`) }] },
      ]);
      expect(result.PhysicalResourceId).toBe(`${ID}:app:site-1:www.example.com`);
    });

  test('run again after it added them all (a lost answer that recorded nothing there before): all remembered as added', async () => {
    certificateOwners(lightsail, { 'site-1': OWNER }, { 'site-1': { [RECORD]: '0' } });
    services({ app: { 'site-1': ['example.com', 'www.example.com'] } });
    const result = await onContainerServiceCertificateEvent(events.create(), fakeDeps());
    expect(result.PhysicalResourceId).toBe(`${ID}:app:site-1:example.com,www.example.com`);
  });

  test('a certificate of this stack without a record (taken over while on the service) holds what was there before', async () => {
    services({ app: { 'site-1': ['example.com', 'www.example.com'] } });
    const result = await onContainerServiceCertificateEvent(events.create(), fakeDeps());
    expect(lightsail).toHaveReceivedCommandTimes(UpdateContainerServiceCommand, 0);
    expect(result.PhysicalResourceId).toBe(`${ID}:app:site-1:`);
    expect(lightsail).toHaveReceivedCommandWith(TagResourceCommand, {
      resourceName: 'site-1',
      tags: [
        { key: RECORD, value: '2' }, { key: `${RECORD}:1`, value: 'example.com' }, { key: `${RECORD}:2`, value: 'www.example.com' },
        { key: `${RECORD}:id`, value: physicalIdMark(`${ID}:app:site-1:`) },
      ],
    });
  });

  test('wanted domains under another certificate of this stack (a lost attempt\'s) move to this one', async () => {
    certificateOwners(lightsail, { 'api-cert': undefined, 'old-site': EARLIER_STACK_OWNER, 'site-1': OWNER });
    const state = services({ app: { 'api-cert': ['api.example.org'], 'old-site': ['example.com', 'www.example.com'] } });
    const result = await onContainerServiceCertificateEvent(events.create(), fakeDeps());
    expect(lightsail).toHaveReceivedCommandWith(UpdateContainerServiceCommand, {
      serviceName: 'app', publicDomainNames: { 'api-cert': ['api.example.org'], 'site-1': ['example.com', 'www.example.com'] },
    });
    expect(state.app).toEqual({ 'api-cert': ['api.example.org'], 'site-1': ['example.com', 'www.example.com'] });
    expect(result.PhysicalResourceId).toBe(`${ID}:app:site-1:example.com,www.example.com`);
  });

  test('a wanted domain served under a certificate of another stack is refused, naming it; nothing written', async () => {
    certificateOwners(lightsail, { 'their-cert': OTHER_OWNER });
    const state = services({ app: { 'their-cert': ['www.example.com'] } });
    await expect(onContainerServiceCertificateEvent(events.create(), fakeDeps())).rejects.toThrow(
      'Container service "app" already serves www.example.com (certificate "their-cert"); remove it from the service\'s custom domains, '
      + 'or leave it out of domainNames');
    expect(lightsail).toHaveReceivedCommandTimes(UpdateContainerServiceCommand, 0);
    expect(state.app).toEqual({ 'their-cert': ['www.example.com'] });
  });

  test('more than four domains on the service is refused, naming them; nothing written', async () => {
    services({ app: { 'api-cert': ['a.example.org', 'b.example.org', 'c.example.org'] } });
    await expect(onContainerServiceCertificateEvent(events.create(), fakeDeps())).rejects.toThrow(
      'Container service "app" would serve 5 custom domains (a.example.org, b.example.org, c.example.org, example.com, www.example.com), '
      + 'but Lightsail allows up to 4; remove some from the service or from domainNames');
    expect(lightsail).toHaveReceivedCommandTimes(UpdateContainerServiceCommand, 0);
  });

  test('a service that does not exist fails, naming it and its region', async () => {
    services({});
    await expect(onContainerServiceCertificateEvent(events.create({ ServiceName: 'nope' }), fakeDeps())).rejects.toThrow(
      'Container service "nope" does not exist in eu-west-1; check the name and region given to DomainTarget.fromContainerServiceName');
    expect(lightsail).toHaveReceivedCommandTimes(GetCertificatesCommand, 0);
  });
});

describe('Update', () => {
  test('a new certificate takes the old one\'s domains out in the same call, so they never count twice', async () => {
    const state = services({ app: { 'api-cert': ['api.example.org'], 'site-1': ['example.com', 'www.example.com'] } });
    const result = await onContainerServiceCertificateEvent(
      events.update(`${ID}:app:site-1:example.com,www.example.com`, { CertificateName: 'site-2' }), fakeDeps());
    expect(lightsail).toHaveReceivedCommandTimes(UpdateContainerServiceCommand, 1);
    expect(lightsail).toHaveReceivedCommandWith(UpdateContainerServiceCommand, {
      serviceName: 'app', publicDomainNames: { 'api-cert': ['api.example.org'], 'site-2': ['example.com', 'www.example.com'] },
    });
    expect(state.app).toEqual({ 'api-cert': ['api.example.org'], 'site-2': ['example.com', 'www.example.com'] });
    expect(result.PhysicalResourceId).toBe(`${ID}:app:site-2:example.com,www.example.com`);
  });

  test('a domain dropped from domainNames is taken out; a domain that was there before stays, not counted as added', async () => {
    const state = services({ app: { 'site-1': ['example.com', 'www.example.com', 'shop.example.com'] } });
    const result = await onContainerServiceCertificateEvent(
      events.update(`${ID}:app:site-1:example.com,www.example.com`, { DomainNames: ['example.com', 'shop.example.com'] }), fakeDeps());
    expect(lightsail).toHaveReceivedCommandWith(UpdateContainerServiceCommand, {
      serviceName: 'app', publicDomainNames: { 'site-1': ['shop.example.com', 'example.com'] },
    });
    expect(state.app).toEqual({ 'site-1': ['shop.example.com', 'example.com'] });
    expect(result.PhysicalResourceId).toBe(`${ID}:app:site-1:example.com`);
  });

  test('another service: its domains are added there, the first service is left to the Delete of the old physical id', async () => {
    const state = services({ app: { 'site-1': ['example.com', 'www.example.com'] }, next: {} });
    const result = await onContainerServiceCertificateEvent(
      events.update(`${ID}:app:site-1:example.com,www.example.com`, { ServiceName: 'next' }), fakeDeps());
    expect(lightsail).toHaveReceivedCommandWith(UpdateContainerServiceCommand, {
      serviceName: 'next', publicDomainNames: { 'site-1': ['example.com', 'www.example.com'] },
    });
    expect(state.app).toEqual({ 'site-1': ['example.com', 'www.example.com'] });
    expect(result.PhysicalResourceId).toBe(`${ID}:next:site-1:example.com,www.example.com`);
  });
});

describe('Delete', () => {
  test('removes exactly the domains it added; the others, under any certificate, stay', async () => {
    const state = services({ app: { 'api-cert': ['api.example.org'], 'site-1': ['example.com', 'shop.example.com', 'www.example.com'] } });
    await onContainerServiceCertificateEvent(events.delete(`${ID}:app:site-1:example.com,www.example.com`), fakeDeps());
    expect(lightsail).toHaveReceivedCommandWith(UpdateContainerServiceCommand, {
      serviceName: 'app', publicDomainNames: { 'api-cert': ['api.example.org'], 'site-1': ['shop.example.com'] },
    });
    expect(state.app).toEqual({ 'api-cert': ['api.example.org'], 'site-1': ['shop.example.com'] });
  });

  test('the cleanup of an id an Update on the same service and certificate replaced changes nothing: that Update did the work', async () => {
    const replaced = `${ID}:app:site-1:example.com,www.example.com`;
    const inForce = `${ID}:app:site-1:example.com`;
    certificateOwners(lightsail, { 'site-1': OWNER }, { 'site-1': { [RECORD]: '0', [`${RECORD}:id`]: physicalIdMark(inForce) } });
    const state = services({ app: { 'site-1': ['example.com'] } });
    await onContainerServiceCertificateEvent(events.delete(replaced), fakeDeps());
    expect(lightsail).toHaveReceivedCommandTimes(UpdateContainerServiceCommand, 0);
    expect(lightsail).toHaveReceivedCommandTimes(UntagResourceCommand, 0);
    expect(state.app).toEqual({ 'site-1': ['example.com'] });

    // The id in force itself (the stack's delete) gives back what it added, and the record goes.
    await onContainerServiceCertificateEvent(events.delete(inForce), fakeDeps());
    expect(state.app).toEqual({});
    expect(lightsail).toHaveReceivedCommandWith(UntagResourceCommand, { resourceName: 'site-1', tagKeys: [RECORD, `${RECORD}:id`] });
  });

  test('a certificate that keeps domains there before keeps its record; an emptied one loses it', async () => {
    const tags = { [RECORD]: '1', [`${RECORD}:1`]: 'shop.example.com' };
    certificateOwners(lightsail, { 'site-1': OWNER, 'site-2': OWNER }, { 'site-1': tags, 'site-2': tags });
    services({ app: { 'site-1': ['shop.example.com', 'www.example.com'], 'site-2': ['example.com'] } });
    await onContainerServiceCertificateEvent(events.delete(`${ID}:app:site-1:www.example.com`), fakeDeps());
    expect(lightsail).toHaveReceivedCommandTimes(UntagResourceCommand, 0);
    await onContainerServiceCertificateEvent(events.delete(`${ID}:app:site-2:example.com`), fakeDeps());
    expect(lightsail).toHaveReceivedCommandWith(UntagResourceCommand, { resourceName: 'site-2', tagKeys: [RECORD, `${RECORD}:1`] });
  });

  test('an emptied certificate leaves the map', async () => {
    const state = services({ app: { 'api-cert': ['api.example.org'], 'site-1': ['Example.com', 'www.example.com'] } });
    await onContainerServiceCertificateEvent(events.delete(`${ID}:app:site-1:example.com,www.example.com`), fakeDeps());
    expect(state.app).toEqual({ 'api-cert': ['api.example.org'] });
  });

  test.each([
    ['a repeated Delete (the domains are gone already)', { app: { 'api-cert': ['api.example.org'] } }],
    ['a service that is gone', {}],
  ])('%s writes nothing', async (_, initial: Record<string, Domains>) => {
    const state = services(initial);
    await onContainerServiceCertificateEvent(events.delete(`${ID}:app:site-1:example.com,www.example.com`), fakeDeps());
    expect(lightsail).toHaveReceivedCommandTimes(UpdateContainerServiceCommand, 0);
    expect(state).toEqual(initial);
  });

  test('a physical id this resource did not make (a failed Create\'s) calls nothing', async () => {
    services({ app: { 'site-1': ['example.com'] } });
    await onContainerServiceCertificateEvent(events.delete('AWSCDK::CustomResourceProviderFramework::CREATE_FAILED'), fakeDeps());
    expect(lightsail.calls()).toHaveLength(0);
  });
});
