import type { CdkCustomResourceResponse } from 'aws-lambda';
import { CertificateEvent, onCertificateEvent } from './certificate';
import type { HandlerDeps } from './deps';
import { IssuedEvent, onIssuedEvent } from './issued';
import { logEvent } from './log';
import { unsupportedResourceType } from './resource-type';
import { CERTIFICATE_RESOURCE_TYPE, ISSUED_RESOURCE_TYPE } from '../src/private/contract';

/** An onEvent request of either resource type this Provider serves. */
export type ProviderEvent = CertificateEvent | IssuedEvent;

/** The Provider's onEvent: logs the request and hands it to the handler of its resource type. */
export async function onEvent(event: ProviderEvent, deps: HandlerDeps): Promise<CdkCustomResourceResponse> {
  logEvent('onEvent', event);
  switch (event.ResourceType) {
    case CERTIFICATE_RESOURCE_TYPE:
      return onCertificateEvent(event as CertificateEvent, deps);
    case ISSUED_RESOURCE_TYPE:
      return onIssuedEvent(event as IssuedEvent, deps);
    default:
      throw unsupportedResourceType(event.ResourceType);
  }
}
