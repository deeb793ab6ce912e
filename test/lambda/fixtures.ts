import { Route53Client } from '@aws-sdk/client-route-53';
import {
  AccessDeniedException,
  CertificateSummary,
  DomainValidationRecord,
  GetCertificatesCommandOutput,
  InvalidInputException,
  LightsailClient,
  NotFoundException,
  ServiceException,
  Tag,
} from '@aws-sdk/client-lightsail';
import type { CdkCustomResourceEvent } from 'aws-lambda';
import type { AwsClientStub } from 'aws-sdk-client-mock';
import type { HandlerDeps } from '../../lambda/deps';
import {
  CERTIFICATE_RESOURCE_TYPE,
  CertificateResourceProperties,
  ISSUED_RESOURCE_TYPE,
  IssuedResourceProperties,
  OWNER_TAG_KEY,
} from '../../src/private/contract';

// ---------------------------------------------------------------------------------------------------
// Identities
// ---------------------------------------------------------------------------------------------------

/** The clock every test starts at. */
export const T0 = Date.UTC(2025, 0, 1);
/** A `stopBy` far beyond anything a test waits for. */
export const FAR_FUTURE = T0 + 24 * 3_600_000;

export const REGION = 'us-east-1';
export const NAME = 'my-cert';
export const ARN = `arn:aws:lightsail:${REGION}:123456789012:Certificate/0f5e8a1c-1111-2222-3333-444455556666`;
export const PHYSICAL_ID = `lightsail-certificate:${REGION}:${NAME}`;

export const STACK_ID = 'arn:aws:cloudformation:eu-west-1:123456789012:stack/web-app/7c5c8f40-c3b5-11ef-9cd4-0a1b2c3d4e5f';
export const LOGICAL_ID = 'CertCertificate4E7ABB08';
/** The owner tag value of the resource every event below is for. */
export const OWNER = `${STACK_ID}/${LOGICAL_ID}`;
export const OWNER_TAG: Tag = { key: OWNER_TAG_KEY, value: OWNER };
/** The owner tag value of the same logical id in another stack. */
export const OTHER_OWNER = 'arn:aws:cloudformation:eu-west-1:123456789012:stack/other-app/0d1e2f30-c3b5-11ef-9cd4-0a1b2c3d4e5f/CertCertificate4E7ABB08';

const SERVICE_TOKEN = 'arn:aws:lambda:eu-west-1:123456789012:function:web-app-LightsailCertificateProvider';
const RESPONSE_URL = 'https://cloudformation-custom-resource-response-euwest1.s3.eu-west-1.amazonaws.com/x?X-Amz-Signature=abc';

// ---------------------------------------------------------------------------------------------------
// Dependencies
// ---------------------------------------------------------------------------------------------------

/** Handler dependencies with a fake clock that only `sleep` moves, and a record of what was asked. */
export interface FakeDeps extends HandlerDeps {
  /** The region of every client asked for, in order. */
  readonly regions: string[];
  /** Every pause, in milliseconds, in order. */
  readonly sleeps: number[];
  /** Milliseconds the fake clock has moved since {@link T0}. */
  elapsed(): number;
}

/**
 * Fake dependencies: the clock starts at {@link T0} and moves only when the handler sleeps, jitter is
 * fixed at the middle of its range (`random` = 0.5), and `stopBy` is far away unless a test says otherwise.
 */
export function fakeDeps(options: { stopBy?: number } = {}): FakeDeps {
  let clock = T0;
  const regions: string[] = [];
  const sleeps: number[] = [];
  return {
    regions,
    sleeps,
    elapsed: () => clock - T0,
    lightsail: (region) => {
      regions.push(region);
      return new LightsailClient({ region, credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test' } });
    },
    route53: () => new Route53Client({ region: 'us-east-1', credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test' } }),
    now: () => clock,
    sleep: async (ms) => {
      sleeps.push(ms);
      clock += ms;
    },
    random: () => 0.5,
    stopBy: options.stopBy ?? FAR_FUTURE,
  };
}

// ---------------------------------------------------------------------------------------------------
// Events
// ---------------------------------------------------------------------------------------------------

export type CertificateProps = CertificateResourceProperties & { ServiceToken: string };
export type IssuedProps = IssuedResourceProperties & { ServiceToken: string };
/** A request for a `Custom::LightsailCertificate`, as CloudFormation sends it (ServiceToken in old and new properties). */
export type CertificateRequest = CdkCustomResourceEvent<CertificateProps>;
/** A request for a `Custom::LightsailCertificateIssued`. */
export type IssuedRequest = CdkCustomResourceEvent<IssuedProps>;

/** Properties of a certificate resource: `my-cert` for example.com and www.example.com in us-east-1. */
export function certificateProps(overrides: Partial<CertificateResourceProperties> = {}): CertificateProps {
  return {
    ServiceToken: SERVICE_TOKEN,
    CertificateName: NAME,
    DomainName: 'example.com',
    SubjectAlternativeNames: ['www.example.com'],
    Region: REGION,
    ...overrides,
  };
}

/** Properties of the last link of a 30-minute wait for ISSUED. */
export function issuedProps(overrides: Partial<IssuedResourceProperties> = {}): IssuedProps {
  return {
    ServiceToken: SERVICE_TOKEN,
    CertificateName: NAME,
    Region: REGION,
    WaitSeconds: '780',
    TimeoutSeconds: '1800',
    ValidationMethod: 'ROUTE53',
    ...overrides,
  };
}

function request(resourceType: string) {
  return {
    ServiceToken: SERVICE_TOKEN,
    ResponseURL: RESPONSE_URL,
    StackId: STACK_ID,
    RequestId: 'b6f1e9c8-0000-4000-8000-000000000001',
    LogicalResourceId: LOGICAL_ID,
    ResourceType: resourceType,
  };
}

export function certificateCreate(props: Partial<CertificateResourceProperties> = {}): CertificateRequest {
  return { ...request(CERTIFICATE_RESOURCE_TYPE), RequestType: 'Create', ResourceProperties: certificateProps(props) };
}

export function certificateUpdate(
  props: Partial<CertificateResourceProperties>,
  oldProps: Partial<CertificateResourceProperties>,
  physicalId = PHYSICAL_ID,
): CertificateRequest {
  return {
    ...request(CERTIFICATE_RESOURCE_TYPE),
    RequestType: 'Update',
    PhysicalResourceId: physicalId,
    ResourceProperties: certificateProps(props),
    OldResourceProperties: certificateProps(oldProps),
  };
}

export function certificateDelete(
  props: Partial<CertificateResourceProperties> = {},
  physicalId = PHYSICAL_ID,
): CertificateRequest {
  return { ...request(CERTIFICATE_RESOURCE_TYPE), RequestType: 'Delete', PhysicalResourceId: physicalId, ResourceProperties: certificateProps(props) };
}

export function issuedCreate(props: Partial<IssuedResourceProperties> = {}): IssuedRequest {
  return { ...request(ISSUED_RESOURCE_TYPE), RequestType: 'Create', ResourceProperties: issuedProps(props) };
}

export function issuedUpdate(
  props: Partial<IssuedResourceProperties>,
  oldProps: Partial<IssuedResourceProperties>,
): IssuedRequest {
  return {
    ...request(ISSUED_RESOURCE_TYPE),
    RequestType: 'Update',
    PhysicalResourceId: PHYSICAL_ID,
    ResourceProperties: issuedProps(props),
    OldResourceProperties: issuedProps(oldProps),
  };
}

export function issuedDelete(props: Partial<IssuedResourceProperties> = {}): IssuedRequest {
  return { ...request(ISSUED_RESOURCE_TYPE), RequestType: 'Delete', PhysicalResourceId: PHYSICAL_ID, ResourceProperties: issuedProps(props) };
}

// ---------------------------------------------------------------------------------------------------
// Lightsail answers
// ---------------------------------------------------------------------------------------------------

/** The CNAME Lightsail gives a domain in these tests. */
export function cname(domainName: string): { name: string; type: string; value: string } {
  const label = domainName.toLowerCase().replace(/\./g, '-');
  return { name: `_${label}.${domainName.toLowerCase()}.`, type: 'CNAME', value: `_${label}.acm-validations.aws.` };
}

/** A validation record as Lightsail returns it: complete and pending unless told otherwise. */
export function record(domainName: string, overrides: Partial<DomainValidationRecord> = {}): DomainValidationRecord {
  return { domainName, resourceRecord: cname(domainName), validationStatus: 'PENDING_VALIDATION', ...overrides };
}

export interface SummaryOptions {
  readonly name?: string;
  readonly arn?: string;
  readonly domainName?: string;
  /** The alternates; Lightsail lists the primary among them too, and so does the fixture. */
  readonly alternates?: string[];
  readonly status?: string;
  readonly requestFailureReason?: string;
  /** Default: a complete record for every domain. */
  readonly records?: DomainValidationRecord[];
  /** Default: this resource's owner tag only. */
  readonly tags?: Tag[];
  readonly inUseResourceCount?: number;
  readonly issuedAt?: Date;
}

/** A certificate as `GetCertificates` with `includeCertificateDetails: true` returns it. */
export function summary(options: SummaryOptions = {}): CertificateSummary {
  const name = options.name ?? NAME;
  const arn = options.arn ?? ARN;
  const domainName = options.domainName ?? 'example.com';
  const domains = [domainName, ...(options.alternates ?? ['www.example.com'])];
  const tags = options.tags ?? [OWNER_TAG];
  return {
    certificateArn: arn,
    certificateName: name,
    domainName,
    tags,
    certificateDetail: {
      arn,
      name,
      domainName,
      status: (options.status ?? 'PENDING_VALIDATION') as never,
      subjectAlternativeNames: domains,
      domainValidationRecords: options.records ?? domains.map((d) => record(d)),
      requestFailureReason: options.requestFailureReason,
      inUseResourceCount: options.inUseResourceCount ?? 0,
      issuedAt: options.issuedAt,
      tags,
    },
  };
}

/** A `GetCertificates` answer that lists these certificates. */
export function listed(...certificates: CertificateSummary[]): Partial<GetCertificatesCommandOutput> {
  return { certificates };
}

/** A `GetCertificates` answer for a name that no certificate has. */
export const NONE: Partial<GetCertificatesCommandOutput> = { certificates: [] };

/** The attributes a certificate resource returns for {@link summary}'s default certificate. */
export function recordAttributes(...domains: string[]): Record<string, string> {
  const data: Record<string, string> = {};
  domains.forEach((domain, i) => {
    const r = cname(domain);
    data[`ValidationRecord.${i}.Name`] = r.name;
    data[`ValidationRecord.${i}.Type`] = r.type;
    data[`ValidationRecord.${i}.Value`] = r.value;
  });
  return data;
}

// ---------------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------------

const metadata = (httpStatusCode: number) => ({ $metadata: { httpStatusCode } });

export const notFound = (message = 'The certificate does not exist') => new NotFoundException({ ...metadata(400), message });
export const invalidInput = (message: string) => new InvalidInputException({ ...metadata(400), message });
export const accessDenied = (message = 'User is not authorized to perform: lightsail:DeleteCertificate') =>
  new AccessDeniedException({ ...metadata(403), message });
export const serviceFault = (message = 'An internal error occurred') => new ServiceException({ ...metadata(500), message });

/** An error as the SDK builds it for an exception the Lightsail model does not declare. */
export function sdkError(name: string, message: string, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(message), { name, $fault: 'client', ...metadata(400), ...extra });
}

export const throttling = () => sdkError('ThrottlingException', 'Rate exceeded');

/** A connection that the other side dropped before answering. */
export function connectionReset(): Error {
  return Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
}

// ---------------------------------------------------------------------------------------------------
// Reading what the mock received
// ---------------------------------------------------------------------------------------------------

/** The commands the client received, in order, by operation name (`GetCertificates`, ...). */
export function operations(mock: AwsClientStub<LightsailClient>): string[] {
  return mock.calls().map((call) => (call.args[0] as object).constructor.name.replace(/Command$/, ''));
}

