import type { CdkCustomResourceIsCompleteResponse } from 'aws-lambda';
import { CertificateIsCompleteEvent, isCertificateComplete } from './certificate';
import type { HandlerDeps } from './deps';
import { IssuedIsCompleteEvent, isIssuedComplete } from './issued';
import { logEvent } from './log';
import { unsupportedResourceType } from './resource-type';
import { CERTIFICATE_RESOURCE_TYPE, ISSUED_RESOURCE_TYPE } from '../src/private/contract';

/** An isComplete request of either resource type this Provider serves. */
export type ProviderIsCompleteEvent = CertificateIsCompleteEvent | IssuedIsCompleteEvent;

/** The Provider's isComplete: logs the request and hands it to the handler of its resource type. */
export async function isComplete(event: ProviderIsCompleteEvent, deps: HandlerDeps): Promise<CdkCustomResourceIsCompleteResponse> {
  logEvent('isComplete', event);
  switch (event.ResourceType) {
    case CERTIFICATE_RESOURCE_TYPE:
      return isCertificateComplete(event as CertificateIsCompleteEvent, deps);
    case ISSUED_RESOURCE_TYPE:
      return isIssuedComplete(event as IssuedIsCompleteEvent, deps);
    default:
      throw unsupportedResourceType(event.ResourceType);
  }
}
