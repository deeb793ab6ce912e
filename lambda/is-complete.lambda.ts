import type { CdkCustomResourceIsCompleteResponse } from 'aws-lambda';
import { defaultDeps } from './deps';
import { isComplete, ProviderIsCompleteEvent } from './is-complete';

const deps = defaultDeps();

/** Lambda entry of the Provider's isComplete function. */
export async function handler(event: ProviderIsCompleteEvent): Promise<CdkCustomResourceIsCompleteResponse> {
  return isComplete(event, deps);
}
