import { ListRegionsCommand } from '@aws-sdk/client-account';
import { HandlerDeps } from './deps';
import { RetryOptions, withRetries } from './retries';

/** The call the handler makes to the Account API, with the retry policy. */

/** The account's enabled regions (`account:ListRegions`, opted in or enabled by default): where it can have ACM certificates. */
export async function enabledRegionNames(deps: RetryOptions & Pick<HandlerDeps, 'account'>): Promise<string[]> {
  const names: string[] = [];
  let NextToken: string | undefined;
  do {
    const page = await withRetries(deps, () => deps.account().send(new ListRegionsCommand({ RegionOptStatusContains: ['ENABLED', 'ENABLED_BY_DEFAULT'], NextToken })));
    names.push(...(page.Regions ?? []).map((r) => r.RegionName).filter((n): n is string => n !== undefined));
    NextToken = page.NextToken;
  } while (NextToken);
  return names;
}
