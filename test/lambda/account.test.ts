/** Tests of `lambda/account.ts`: the account's enabled regions. */
import { AccountClient, ListRegionsCommand } from '@aws-sdk/client-account';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { fakeDeps } from './fixtures';
import { enabledRegionNames } from '../../lambda/account';

const account = mockClient(AccountClient);

beforeEach(() => {
  account.reset();
});

test('lists the regions opted in or enabled by default, page by page', async () => {
  account.on(ListRegionsCommand)
    .resolvesOnce({ Regions: [{ RegionName: 'us-east-1' }, {}], NextToken: 't2' })
    .resolvesOnce({ Regions: [{ RegionName: 'af-south-1' }] });

  await expect(enabledRegionNames(fakeDeps())).resolves.toEqual(['us-east-1', 'af-south-1']);
  expect(account.commandCalls(ListRegionsCommand).map((c) => c.args[0].input)).toEqual([
    { RegionOptStatusContains: ['ENABLED', 'ENABLED_BY_DEFAULT'], NextToken: undefined },
    { RegionOptStatusContains: ['ENABLED', 'ENABLED_BY_DEFAULT'], NextToken: 't2' },
  ]);
});
