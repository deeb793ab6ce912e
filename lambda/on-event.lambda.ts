import type { CdkCustomResourceResponse } from 'aws-lambda';
import { defaultDeps } from './deps';
import { onEvent, ProviderEvent } from './on-event';

const deps = defaultDeps();

/** Lambda entry of the Provider's onEvent function. */
export async function handler(event: ProviderEvent): Promise<CdkCustomResourceResponse> {
  return onEvent(event, deps);
}
