import { GetDistributionsCommand, LightsailClient } from '@aws-sdk/client-lightsail';
import type { CdkCustomResourceEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { fakeDeps, notFound, RESPONSE_URL, STACK_ID, throttling } from './fixtures';
import { DOMAIN_BUDGET_MS } from '../../lambda/distribution';
import { onEvent } from '../../lambda/index';
import { DISTRIBUTION_DOMAIN_RESOURCE_TYPE, DistributionDomainProperties } from '../../src/private/contract';

const lightsail = mockClient(LightsailClient);
const ARN = 'arn:aws:lightsail:us-east-1:123456789012:Distribution/0a1b2c3d-0000-4000-8000-000000000000';
const PHYSICAL_ID = 'lightsail-distribution:cdn';

beforeEach(() => {
  lightsail.reset();
});

function event(requestType: 'Create' | 'Update' | 'Delete'): CdkCustomResourceEvent<DistributionDomainProperties & { ServiceToken: string }> {
  const props = { ServiceToken: 'arn:aws:lambda:eu-west-1:123456789012:function:provider', DistributionName: 'cdn', DistributionArn: ARN };
  const common = {
    ServiceToken: props.ServiceToken,
    ResponseURL: RESPONSE_URL,
    StackId: STACK_ID,
    RequestId: 'b6f1e9c8-0000-4000-8000-000000000009',
    LogicalResourceId: 'RecordsDistributionDomain1A2B3C4D',
    ResourceType: DISTRIBUTION_DOMAIN_RESOURCE_TYPE,
    ResourceProperties: props,
  };
  if (requestType === 'Create') return { ...common, RequestType: 'Create' };
  if (requestType === 'Update') return { ...common, RequestType: 'Update', PhysicalResourceId: PHYSICAL_ID, OldResourceProperties: props };
  return { ...common, RequestType: 'Delete', PhysicalResourceId: PHYSICAL_ID };
}

const distribution = (domainName?: string, ipAddressType?: 'dualstack' | 'ipv4') =>
  ({ distributions: [{ name: 'cdn', arn: ARN, domainName, ipAddressType }] });

describe('the domain of a distribution', () => {
  test.each(['Create', 'Update'] as const)('%s reads it in us-east-1 and answers its domain, the only attribute the records take', async (type) => {
    lightsail.on(GetDistributionsCommand).resolves(distribution('d111111abcdef8.cloudfront.net', 'ipv4'));
    const deps = fakeDeps();

    const result = await onEvent(event(type), deps);

    expect(result).toEqual({ PhysicalResourceId: PHYSICAL_ID, Data: { DomainName: 'd111111abcdef8.cloudfront.net' } });
    expect(lightsail).toHaveReceivedCommandWith(GetDistributionsCommand, { distributionName: 'cdn' });
    expect(deps.regions).toEqual(['us-east-1']);
  });

  test('a new distribution without a domain yet is read again, with backoff, and throttling is retried', async () => {
    lightsail.on(GetDistributionsCommand)
      .rejectsOnce(throttling())
      .resolvesOnce(distribution(undefined))
      .resolves(distribution('d3.cloudfront.net'));
    const deps = fakeDeps();
    const result = await onEvent(event('Create'), deps);
    expect(result.Data).toMatchObject({ DomainName: 'd3.cloudfront.net' });
    expect(lightsail).toHaveReceivedCommandTimes(GetDistributionsCommand, 3);
    expect(deps.sleeps.length).toBe(2);
  });

  test('a distribution that does not exist fails, saying where Lightsail keeps distributions', async () => {
    lightsail.on(GetDistributionsCommand).rejects(notFound('The distribution does not exist'));
    const deps = fakeDeps();
    await expect(onEvent(event('Create'), deps)).rejects.toThrow('Distribution "cdn" does not exist in us-east-1, where Lightsail keeps every distribution');
    expect(deps.elapsed()).toBeLessThanOrEqual(DOMAIN_BUDGET_MS);
    expect(deps.elapsed()).toBeGreaterThan(DOMAIN_BUDGET_MS - 10_000);
  });

  test('one whose domain never comes fails after 2 minutes, saying so', async () => {
    lightsail.on(GetDistributionsCommand).resolves(distribution(undefined));
    await expect(onEvent(event('Create'), fakeDeps())).rejects.toThrow('Distribution "cdn" has no domain name yet after 2 minutes');
  });

  test('Delete owns nothing and calls nothing', async () => {
    expect(await onEvent(event('Delete'), fakeDeps())).toEqual({ PhysicalResourceId: PHYSICAL_ID });
    expect(lightsail).toHaveReceivedCommandTimes(GetDistributionsCommand, 0);
  });
});
