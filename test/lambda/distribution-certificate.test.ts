import {
  AttachCertificateToDistributionCommand,
  DetachCertificateFromDistributionCommand,
  GetCertificatesCommand,
  GetDistributionsCommand,
  LightsailClient,
  TagResourceCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-lightsail';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { fakeDeps, notFound, OTHER_OWNER, OWNER, throttling } from './fixtures';
import { certificateOwners, EARLIER_STACK_OWNER, eventsOf } from './target-fixtures';
import { ATTACH_BUDGET_MS, onDistributionCertificateEvent } from '../../lambda/distribution-certificate';
import { DISTRIBUTION_CERTIFICATE_RESOURCE_TYPE, DistributionCertificateProperties } from '../../src/private/contract';

const lightsail = mockClient(LightsailClient);
const events = eventsOf<DistributionCertificateProperties>(DISTRIBUTION_CERTIFICATE_RESOURCE_TYPE, 'RecordsCertificate1A2B3C4D',
  { DistributionName: 'shop', CertificateName: 'site-1' });
const DOMAIN = 'd111111abcdef8.cloudfront.net';
/** The record of what the distribution "shop" had, on a certificate. */
const RECORD = 'cdk-lightsail-certificate:before:distribution:shop';

/** Distributions as Lightsail keeps them: name to the certificate attached (`undefined`: none). Attach and Detach change them. */
function distributions(initial: Record<string, string | undefined>): Record<string, string | undefined> {
  const state = { ...initial };
  lightsail.on(GetDistributionsCommand).callsFake(async (input: { distributionName: string }) => {
    if (!(input.distributionName in state)) throw notFound('The distribution does not exist');
    return { distributions: [{ name: input.distributionName, domainName: DOMAIN, certificateName: state[input.distributionName] }] };
  });
  lightsail.on(AttachCertificateToDistributionCommand).callsFake(async (input: { distributionName: string; certificateName: string }) => {
    state[input.distributionName] = input.certificateName;
    return {};
  });
  lightsail.on(DetachCertificateFromDistributionCommand).callsFake(async (input: { distributionName: string }) => {
    state[input.distributionName] = undefined;
    return {};
  });
  return state;
}

/** How many attaches and detaches the distribution received. */
const writes = () => lightsail.commandCalls(AttachCertificateToDistributionCommand).length
  + lightsail.commandCalls(DetachCertificateFromDistributionCommand).length;

beforeEach(() => {
  lightsail.reset();
  certificateOwners(lightsail, { 'console-cert': undefined, 'site-1': OWNER, 'site-2': OWNER });
});

describe('Create', () => {
  test('attaches the certificate in us-east-1 and remembers the one the distribution had', async () => {
    const state = distributions({ shop: 'console-cert' });
    const deps = fakeDeps();

    const result = await onDistributionCertificateEvent(events.create(), deps);

    expect(lightsail).toHaveReceivedCommandWith(AttachCertificateToDistributionCommand, { distributionName: 'shop', certificateName: 'site-1' });
    expect(lightsail).toHaveReceivedCommandTimes(AttachCertificateToDistributionCommand, 1);
    expect(state.shop).toBe('site-1');
    expect(result).toEqual({
      PhysicalResourceId: 'lightsail-distribution-certificate:shop:site-1:console-cert',
      Data: { TargetDomainName: DOMAIN, PreviousCertificateName: 'console-cert' },
    });
    expect(new Set(deps.regions)).toEqual(new Set(['us-east-1']));
  });

  test('before attaching, writes what the distribution had on the certificate it attaches, in us-east-1', async () => {
    distributions({ shop: 'console-cert' });
    await onDistributionCertificateEvent(events.create(), fakeDeps());
    expect(lightsail).toHaveReceivedCommandWith(TagResourceCommand, {
      resourceName: 'site-1', tags: [{ key: RECORD, value: '1' }, { key: `${RECORD}:1`, value: 'console-cert' }],
    });
    const order = lightsail.calls().map((c) => c.args[0].constructor.name);
    expect(order.indexOf('TagResourceCommand')).toBeLessThan(order.indexOf('AttachCertificateToDistributionCommand'));
  });

  test('a distribution without a certificate remembers none, records none, and asks only about the certificate it attaches', async () => {
    distributions({ shop: undefined });
    const result = await onDistributionCertificateEvent(events.create(), fakeDeps());
    expect(result.PhysicalResourceId).toBe('lightsail-distribution-certificate:shop:site-1:');
    expect(result.Data).toMatchObject({ PreviousCertificateName: '' });
    expect(lightsail).toHaveReceivedCommandTimes(GetCertificatesCommand, 1);
    expect(lightsail).toHaveReceivedCommandWith(GetCertificatesCommand, { certificateName: 'site-1', includeCertificateDetails: true });
    expect(lightsail).toHaveReceivedCommandWith(TagResourceCommand, { resourceName: 'site-1', tags: [{ key: RECORD, value: '0' }] });
  });

  test('a longer record from before is cut to what the distribution has now', async () => {
    certificateOwners(lightsail, { 'site-1': OWNER }, { 'site-1': { [RECORD]: '1', [`${RECORD}:1`]: 'old-cert' } });
    distributions({ shop: undefined });
    await onDistributionCertificateEvent(events.create(), fakeDeps());
    expect(lightsail).toHaveReceivedCommandWith(UntagResourceCommand, { resourceName: 'site-1', tagKeys: [`${RECORD}:1`] });
    expect(lightsail).toHaveReceivedCommandWith(TagResourceCommand, { resourceName: 'site-1', tags: [{ key: RECORD, value: '0' }] });
  });

  test.each([
    ['this stack', OWNER],
    ['an earlier stack of this name (deleted and made again)', EARLIER_STACK_OWNER],
  ])('a certificate of %s on the distribution without a record is a lost attempt\'s from before records: not remembered', async (_, owner) => {
    certificateOwners(lightsail, { 'leftover': owner, 'site-1': OWNER });
    distributions({ shop: 'leftover' });
    const result = await onDistributionCertificateEvent(events.create(), fakeDeps());
    expect(lightsail).toHaveReceivedCommandWith(GetCertificatesCommand, { certificateName: 'leftover', includeCertificateDetails: true });
    expect(result.PhysicalResourceId).toBe('lightsail-distribution-certificate:shop:site-1:');
  });

  test.each([
    ['this stack', OWNER],
    ['an earlier stack of this name (deleted and made again)', EARLIER_STACK_OWNER],
  ])('a certificate of %s on the distribution is a lost attempt\'s: what it recorded is carried on', async (_, owner) => {
    certificateOwners(lightsail, { 'leftover': owner, 'site-1': OWNER }, { leftover: { [RECORD]: '1', [`${RECORD}:1`]: 'console-cert' } });
    distributions({ shop: 'leftover' });
    const result = await onDistributionCertificateEvent(events.create(), fakeDeps());
    expect(result.PhysicalResourceId).toBe('lightsail-distribution-certificate:shop:site-1:console-cert');
    expect(lightsail).toHaveReceivedCommandWith(TagResourceCommand, {
      resourceName: 'site-1', tags: [{ key: RECORD, value: '1' }, { key: `${RECORD}:1`, value: 'console-cert' }],
    });
  });

  test('a record for another distribution is not read', async () => {
    certificateOwners(lightsail, { 'leftover': OWNER, 'site-1': OWNER }, { leftover: { [`${RECORD}2`]: '1', [`${RECORD}2:1`]: 'console-cert' } });
    distributions({ shop: 'leftover' });
    const result = await onDistributionCertificateEvent(events.create(), fakeDeps());
    expect(result.PhysicalResourceId).toBe('lightsail-distribution-certificate:shop:site-1:');
  });

  test('a certificate of another stack on the distribution is remembered, to be given back', async () => {
    certificateOwners(lightsail, { theirs: OTHER_OWNER });
    distributions({ shop: 'theirs' });
    const result = await onDistributionCertificateEvent(events.create(), fakeDeps());
    expect(result.PhysicalResourceId).toBe('lightsail-distribution-certificate:shop:site-1:theirs');
  });

  test('run again after it attached (a retry): no second attach, and its own certificate is not what was there before', async () => {
    distributions({ shop: 'site-1' });
    const result = await onDistributionCertificateEvent(events.create(), fakeDeps());
    expect(writes()).toBe(0);
    expect(result.PhysicalResourceId).toBe('lightsail-distribution-certificate:shop:site-1:');
  });

  test('run again after it attached (a retry): the record the first run wrote says what was there before', async () => {
    certificateOwners(lightsail, { 'site-1': OWNER }, { 'site-1': { [RECORD]: '1', [`${RECORD}:1`]: 'console-cert' } });
    distributions({ shop: 'site-1' });
    const result = await onDistributionCertificateEvent(events.create(), fakeDeps());
    expect(writes()).toBe(0);
    expect(result.PhysicalResourceId).toBe('lightsail-distribution-certificate:shop:site-1:console-cert');
    expect(lightsail).toHaveReceivedCommandTimes(TagResourceCommand, 0);
  });

  test('an attach that shows late is read again with backoff; throttling is retried', async () => {
    distributions({ shop: undefined });
    lightsail.on(GetDistributionsCommand)
      .resolvesOnce({ distributions: [{ name: 'shop', domainName: DOMAIN }] })
      .rejectsOnce(throttling())
      .resolvesOnce({ distributions: [{ name: 'shop', domainName: DOMAIN }] })
      .resolves({ distributions: [{ name: 'shop', domainName: DOMAIN, certificateName: 'site-1' }] });
    const deps = fakeDeps();
    await onDistributionCertificateEvent(events.create(), deps);
    expect(lightsail).toHaveReceivedCommandTimes(GetDistributionsCommand, 4);
    expect(deps.sleeps.length).toBeGreaterThanOrEqual(2);
  });

  test('an attach that never shows fails after its budget, naming distribution and certificate', async () => {
    lightsail.on(GetDistributionsCommand).resolves({ distributions: [{ name: 'shop', domainName: DOMAIN }] });
    const deps = fakeDeps();
    await expect(onDistributionCertificateEvent(events.create(), deps))
      .rejects.toThrow('Distribution "shop" does not show the certificate "site-1" 2 minutes after it was attached');
    expect(deps.elapsed()).toBeLessThanOrEqual(ATTACH_BUDGET_MS);
  });

  test('a distribution that does not exist fails, naming it and where Lightsail keeps distributions; nothing attached', async () => {
    distributions({});
    await expect(onDistributionCertificateEvent(events.create({ DistributionName: 'nope' }), fakeDeps()))
      .rejects.toThrow('Distribution "nope" does not exist in us-east-1, where Lightsail keeps every distribution; '
        + 'check the name given to DomainTarget.fromDistributionName');
    expect(writes()).toBe(0);
  });
});

describe('Update', () => {
  test('a new certificate on the same distribution keeps what the first resource found there', async () => {
    const state = distributions({ shop: 'site-1' });
    const result = await onDistributionCertificateEvent(
      events.update('lightsail-distribution-certificate:shop:site-1:console-cert', { CertificateName: 'site-2' }), fakeDeps());
    expect(lightsail).toHaveReceivedCommandWith(AttachCertificateToDistributionCommand, { distributionName: 'shop', certificateName: 'site-2' });
    expect(state.shop).toBe('site-2');
    expect(result.PhysicalResourceId).toBe('lightsail-distribution-certificate:shop:site-2:console-cert');
    expect(lightsail).toHaveReceivedCommandWith(TagResourceCommand, {
      resourceName: 'site-2', tags: [{ key: RECORD, value: '1' }, { key: `${RECORD}:1`, value: 'console-cert' }],
    });
  });

  test('another distribution: what it has is remembered, the first is left to the Delete of the old physical id', async () => {
    const state = distributions({ shop: 'site-1', blog: 'blog-cert' });
    const result = await onDistributionCertificateEvent(
      events.update('lightsail-distribution-certificate:shop:site-1:console-cert', { DistributionName: 'blog' }), fakeDeps());
    expect(state).toEqual({ shop: 'site-1', blog: 'site-1' });
    expect(result.PhysicalResourceId).toBe('lightsail-distribution-certificate:blog:site-1:blog-cert');
  });
});

describe('Delete', () => {
  test('re-attaches the certificate the distribution had', async () => {
    const state = distributions({ shop: 'site-1' });
    const id = 'lightsail-distribution-certificate:shop:site-1:console-cert';
    expect(await onDistributionCertificateEvent(events.delete(id), fakeDeps())).toEqual({ PhysicalResourceId: id });
    expect(lightsail).toHaveReceivedCommandWith(AttachCertificateToDistributionCommand, { distributionName: 'shop', certificateName: 'console-cert' });
    expect(state.shop).toBe('console-cert');
  });

  test('after giving back, removes the record from the certificate', async () => {
    certificateOwners(lightsail, { 'site-1': OWNER }, { 'site-1': { [RECORD]: '1', [`${RECORD}:1`]: 'console-cert', [`${RECORD}2`]: '0' } });
    distributions({ shop: 'site-1' });
    await onDistributionCertificateEvent(events.delete('lightsail-distribution-certificate:shop:site-1:console-cert'), fakeDeps());
    expect(lightsail).toHaveReceivedCommandWith(UntagResourceCommand, { resourceName: 'site-1', tagKeys: [RECORD, `${RECORD}:1`] });
    expect(lightsail).toHaveReceivedCommandTimes(TagResourceCommand, 0);
  });

  test('a certificate deleted meanwhile has no record to remove', async () => {
    certificateOwners(lightsail, {});
    distributions({ shop: 'site-1' });
    await onDistributionCertificateEvent(events.delete('lightsail-distribution-certificate:shop:site-1:console-cert'), fakeDeps());
    expect(lightsail).toHaveReceivedCommandTimes(UntagResourceCommand, 0);
  });

  test('detaches when the distribution had none', async () => {
    const state = distributions({ shop: 'site-1' });
    await onDistributionCertificateEvent(events.delete('lightsail-distribution-certificate:shop:site-1:'), fakeDeps());
    expect(lightsail).toHaveReceivedCommandWith(DetachCertificateFromDistributionCommand, { distributionName: 'shop' });
    expect(lightsail).toHaveReceivedCommandTimes(AttachCertificateToDistributionCommand, 0);
    expect(state.shop).toBeUndefined();
  });

  test('detaches when the certificate it had was deleted meanwhile', async () => {
    const state = distributions({ shop: 'site-1' });
    lightsail.on(AttachCertificateToDistributionCommand).rejects(notFound('The certificate does not exist'));
    await onDistributionCertificateEvent(events.delete('lightsail-distribution-certificate:shop:site-1:console-cert'), fakeDeps());
    expect(lightsail).toHaveReceivedCommandWith(DetachCertificateFromDistributionCommand, { distributionName: 'shop' });
    expect(state.shop).toBeUndefined();
  });

  test('a detach that fails is reported', async () => {
    distributions({ shop: 'site-1' });
    lightsail.on(DetachCertificateFromDistributionCommand).rejects(notFound('The distribution does not exist'));
    await expect(onDistributionCertificateEvent(events.delete('lightsail-distribution-certificate:shop:site-1:'), fakeDeps()))
      .rejects.toThrow('The distribution does not exist');
  });

  test.each([
    ['holds another certificate since (a newer attachment)', { shop: 'site-2' }],
    ['was given back already (a repeated Delete)', { shop: 'console-cert' }],
    ['is gone', {}],
  ])('touches nothing when the distribution %s', async (_, initial: Record<string, string>) => {
    const state = distributions(initial);
    await onDistributionCertificateEvent(events.delete('lightsail-distribution-certificate:shop:site-1:console-cert'), fakeDeps());
    expect(writes()).toBe(0);
    expect(state).toEqual(initial);
  });

  test('a physical id this resource did not make (a failed Create\'s) calls nothing', async () => {
    distributions({ shop: 'site-1' });
    await onDistributionCertificateEvent(events.delete('AWSCDK::CustomResourceProviderFramework::CREATE_FAILED'), fakeDeps());
    expect(lightsail.calls()).toHaveLength(0);
  });
});
