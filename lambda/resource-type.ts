import { CERTIFICATE_RESOURCE_TYPE, ISSUED_RESOURCE_TYPE } from '../src/private/contract';

/** The error for a resource type this Provider does not serve. */
export function unsupportedResourceType(resourceType: string): Error {
  return new Error(`Unsupported resource type "${resourceType}": this provider serves ${CERTIFICATE_RESOURCE_TYPE} and ${ISSUED_RESOURCE_TYPE}`);
}
