/** Which certificate on a target this stack put there itself: the owner tag names this stack, or an earlier stack of its name. */
import { GetCertificatesCommand, LightsailClient } from '@aws-sdk/client-lightsail';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { fakeDeps, OTHER_OWNER, OWNER, STACK_ID } from './fixtures';
import { certificateOwners, EARLIER_STACK_OWNER } from './target-fixtures';
import { isThisStacks } from '../../lambda/stack-leftover';

const lightsail = mockClient(LightsailClient);

beforeEach(() => {
  lightsail.reset();
  certificateOwners(lightsail, {
    'this-stack': OWNER,
    'earlier-stack': EARLIER_STACK_OWNER,
    'other-stack': OTHER_OWNER,
    'console': undefined,
    // A stack whose name only starts with this stack's name ("web-app-2" beside "web-app").
    'prefix-stack': OWNER.replace('stack/web-app/', 'stack/web-app-2/'),
  });
});

test.each([
  ['this stack', 'this-stack', true],
  ['an earlier stack of the same name (deleted and made again)', 'earlier-stack', true],
  ['another stack', 'other-stack', false],
  ['a stack whose name starts with this one\'s', 'prefix-stack', false],
  ['no owner tag (made outside this library)', 'console', false],
  ['no certificate of that name', 'gone', false],
])('a certificate made by %s is this stack\'s: %s', async (_, name, expected) => {
  await expect(isThisStacks(fakeDeps(), 'us-east-1', name, STACK_ID)).resolves.toBe(expected);
  expect(lightsail).toHaveReceivedCommandWith(GetCertificatesCommand, { certificateName: name });
});
