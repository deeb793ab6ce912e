/** Tests of `lambda/cloudformation.ts`: whether CloudFormation still awaits a request, and whether a certificate was left by a deleted stack. */
import { CloudFormationClient, DescribeStackResourceCommand, ResourceStatus } from '@aws-sdk/client-cloudformation';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { fakeDeps, LOGICAL_ID, OTHER_OWNER, OWNER, sdkError, STACK_ID, throttling } from './fixtures';
import { isLeftByDeletedPredecessor, isStillAwaited, RequestOrigin } from '../../lambda/cloudformation';

const cloudFormation = mockClient(CloudFormationClient);

beforeEach(() => {
  cloudFormation.reset();
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
});

afterEach(() => {
  jest.restoreAllMocks();
});

/** The same stack name, account and region as {@link STACK_ID}, another stack id: an earlier stack of that name. */
const EARLIER_STACK_ID = 'arn:aws:cloudformation:eu-west-1:123456789012:stack/web-app/11111111-2222-3333-4444-555555555555';

function deps() {
  const regions: string[] = [];
  return {
    ...fakeDeps(),
    regions,
    cloudFormation: (region: string) => {
      regions.push(region);
      return new CloudFormationClient({ region, credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test' } });
    },
  };
}

const origin = (RequestType: RequestOrigin['RequestType']): RequestOrigin => ({ StackId: STACK_ID, LogicalResourceId: LOGICAL_ID, RequestType });

const status = (resourceStatus: ResourceStatus) => ({
  StackResourceDetail: { LogicalResourceId: LOGICAL_ID, ResourceType: 'Custom::LightsailCertificate', LastUpdatedTimestamp: new Date(0), ResourceStatus: resourceStatus },
});

describe('isStillAwaited', () => {
  test('asks in the stack\'s region for this very resource, and a resource still <RequestType>_IN_PROGRESS is awaited', async () => {
    cloudFormation.on(DescribeStackResourceCommand).resolves(status('CREATE_IN_PROGRESS'));
    const d = deps();

    await expect(isStillAwaited(d, origin('Create'))).resolves.toEqual({ awaited: true, status: 'CREATE_IN_PROGRESS' });
    expect(cloudFormation.commandCalls(DescribeStackResourceCommand).map((c) => c.args[0].input))
      .toEqual([{ StackName: STACK_ID, LogicalResourceId: LOGICAL_ID }]);
    expect(d.regions).toEqual(['eu-west-1']);
  });

  test.each([
    ['Create', 'CREATE_FAILED'],
    ['Create', 'DELETE_IN_PROGRESS'],
    ['Update', 'CREATE_IN_PROGRESS'],
  ] as const)('a %s whose resource is %s is not awaited', async (type, resourceStatus) => {
    cloudFormation.on(DescribeStackResourceCommand).resolves(status(resourceStatus));

    await expect(isStillAwaited(deps(), origin(type))).resolves.toEqual({ awaited: false, status: resourceStatus });
  });

  test('a stack or resource CloudFormation does not have (ValidationError) is not awaited', async () => {
    cloudFormation.on(DescribeStackResourceCommand).rejects(sdkError('ValidationError', `Stack with id ${STACK_ID} does not exist`));

    await expect(isStillAwaited(deps(), origin('Create'))).resolves.toEqual({ awaited: false, status: 'unknown to CloudFormation' });
  });

  test('when CloudFormation cannot be asked (refused, or failing after retries), the request counts as awaited', async () => {
    cloudFormation.on(DescribeStackResourceCommand).rejectsOnce(sdkError('AccessDenied', 'not authorized to perform: cloudformation:DescribeStackResource'))
      .rejects(throttling());

    await expect(isStillAwaited(deps(), origin('Create'))).resolves.toEqual({ awaited: true });
    await expect(isStillAwaited(deps(), origin('Create'))).resolves.toEqual({ awaited: true });
    expect(cloudFormation).toHaveReceivedCommandTimes(DescribeStackResourceCommand, 1 + 4);
  });

  test('without a CloudFormation client the handler does not ask, and goes on as if awaited', async () => {
    await expect(isStillAwaited(fakeDeps(), origin('Create'))).resolves.toEqual({ awaited: true });
    expect(cloudFormation).not.toHaveReceivedAnyCommand();
  });
});

describe('isLeftByDeletedPredecessor', () => {
  test('an owner tag naming this logical id in an earlier stack of the same name whose resource is DELETE_COMPLETE', async () => {
    cloudFormation.on(DescribeStackResourceCommand).resolvesOnce(status('DELETE_COMPLETE')).resolves(status('UPDATE_COMPLETE'));
    const holder = `${EARLIER_STACK_ID}/${LOGICAL_ID}`;

    await expect(isLeftByDeletedPredecessor(deps(), holder, origin('Create'))).resolves.toBe(true);
    await expect(isLeftByDeletedPredecessor(deps(), holder, origin('Create'))).resolves.toBe(false);
    expect(cloudFormation.commandCalls(DescribeStackResourceCommand).map((c) => c.args[0].input))
      .toEqual([{ StackName: EARLIER_STACK_ID, LogicalResourceId: LOGICAL_ID }, { StackName: EARLIER_STACK_ID, LogicalResourceId: LOGICAL_ID }]);
  });

  test.each([
    ['no owner tag', undefined],
    ['a hashed owner tag', 'sha256:0f5e8a1c'],
    ['this very resource', OWNER],
    ['another stack name', OTHER_OWNER],
    ['another logical id', `${EARLIER_STACK_ID}/OtherCertificate`],
    ['another region', `${EARLIER_STACK_ID.replace('eu-west-1', 'eu-west-2')}/${LOGICAL_ID}`],
    ['another account', `${EARLIER_STACK_ID.replace('123456789012', '210987654321')}/${LOGICAL_ID}`],
  ])('%s is not a deleted predecessor, and CloudFormation is not asked', async (_, holder) => {
    await expect(isLeftByDeletedPredecessor(deps(), holder, origin('Create'))).resolves.toBe(false);
    expect(cloudFormation).not.toHaveReceivedAnyCommand();
  });
});
