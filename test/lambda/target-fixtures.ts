import { CertificateSummary, GetCertificatesCommand, LightsailClient } from '@aws-sdk/client-lightsail';
import type { CdkCustomResourceEvent } from 'aws-lambda';
import type { AwsClientStub } from 'aws-sdk-client-mock';
import { RESPONSE_URL, STACK_ID } from './fixtures';
import { OWNER_TAG_KEY } from '../../src/private/contract';

const SERVICE_TOKEN = 'arn:aws:lambda:eu-west-1:123456789012:function:web-app-LightsailCertificateProvider';

/** The owner tag value of a certificate made by an earlier stack of this stack's name (deleted, made again). */
export const EARLIER_STACK_OWNER = 'arn:aws:cloudformation:eu-west-1:123456789012:stack/web-app/00000000-c3b5-11ef-9cd4-0a1b2c3d4e5f/CertCertificate4E7ABB08';

type WithToken<P> = P & { ServiceToken: string };

/**
 * Builds the Create, Update and Delete of one resource type, as CloudFormation sends them to the
 * function: `defaults` are the properties unless a test overrides some.
 */
export function eventsOf<P extends object>(resourceType: string, logicalId: string, defaults: P) {
  const common = {
    ServiceToken: SERVICE_TOKEN,
    ResponseURL: RESPONSE_URL,
    StackId: STACK_ID,
    RequestId: 'b6f1e9c8-0000-4000-8000-000000000042',
    LogicalResourceId: logicalId,
    ResourceType: resourceType,
  };
  const props = (overrides: Partial<P> = {}): WithToken<P> => ({ ServiceToken: SERVICE_TOKEN, ...defaults, ...overrides });
  return {
    create: (overrides: Partial<P> = {}): CdkCustomResourceEvent<WithToken<P>> =>
      ({ ...common, RequestType: 'Create', ResourceProperties: props(overrides) }),
    update: (physicalId: string, overrides: Partial<P>, oldOverrides: Partial<P> = {}): CdkCustomResourceEvent<WithToken<P>> =>
      ({ ...common, RequestType: 'Update', PhysicalResourceId: physicalId, ResourceProperties: props(overrides), OldResourceProperties: props(oldOverrides) }),
    delete: (physicalId: string, overrides: Partial<P> = {}): CdkCustomResourceEvent<WithToken<P>> =>
      ({ ...common, RequestType: 'Delete', PhysicalResourceId: physicalId, ResourceProperties: props(overrides) }),
  };
}

/**
 * GetCertificates as it answers for each certificate name: the certificate with this owner tag value
 * (`undefined`: a certificate without one, made outside this library), and `otherTags` besides; a name not
 * given has no certificate.
 */
export function certificateOwners(
  mock: AwsClientStub<LightsailClient>, owners: Record<string, string | undefined>, otherTags: Record<string, Record<string, string>> = {},
): void {
  mock.on(GetCertificatesCommand).callsFake(async (input: { certificateName?: string }) => {
    const name = input.certificateName ?? '';
    if (!(name in owners)) return { certificates: [] };
    const owner = owners[name];
    const all = { ...otherTags[name], ...(owner === undefined ? {} : { [OWNER_TAG_KEY]: owner }) };
    const tags = Object.entries(all).map(([key, value]) => ({ key, value }));
    const certificate: CertificateSummary = { certificateName: name, tags };
    return { certificates: [certificate] };
  });
}
