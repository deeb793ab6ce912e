import { AccountClient } from '@aws-sdk/client-account';
import { ACMClient } from '@aws-sdk/client-acm';
import {
  AccessDeniedException,
  CertificateSummary,
  DomainValidationRecord,
  GetCertificatesCommand,
  GetCertificatesCommandOutput,
  InvalidInputException,
  LightsailClient,
  LoadBalancerTlsCertificate,
  NotFoundException,
  ServiceException,
  Tag,
} from '@aws-sdk/client-lightsail';
import {
  ChangeResourceRecordSetsCommandOutput,
  ChangeStatus,
  GetChangeCommandOutput,
  InvalidChangeBatch,
  ListResourceRecordSetsCommandOutput,
  NoSuchHostedZone,
  ResourceRecordSet,
  Route53Client,
} from '@aws-sdk/client-route-53';
import type { CdkCustomResourceEvent } from 'aws-lambda';
import type { AwsClientStub } from 'aws-sdk-client-mock';
import type { HandlerDeps } from '../../lambda/deps';
import type { ZoneRecord } from '../../lambda/records';
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
export const RESPONSE_URL = 'https://cloudformation-custom-resource-response-euwest1.s3.eu-west-1.amazonaws.com/x?X-Amz-Signature=abc';

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
    acm: (region) => new ACMClient({ region, credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test' } }),
    account: () => new AccountClient({ region: 'us-east-1', credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test' } }),
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

/** The region of the load balancer the load-balancer tests use. */
export const LB_REGION = 'eu-west-1';

/** A load balancer's TLS certificate as `GetLoadBalancerTlsCertificates` lists it: ISSUED and not attached unless told. */
export function lbCertificate(name: string, more: Partial<LoadBalancerTlsCertificate> = {}): LoadBalancerTlsCertificate {
  return { name, arn: `arn:aws:lightsail:${LB_REGION}:123456789012:LoadBalancerTlsCertificate/${name}`, status: 'ISSUED', isAttached: false, ...more };
}

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
export function operations(mock: AwsClientStub<LightsailClient> | AwsClientStub<Route53Client>): string[] {
  return mock.calls().map((call) => operationOf(call.args[0]));
}

/**
 * The commands the Lightsail and the Route 53 client received together, in the order they were sent,
 * by operation name (`GetCertificates`, `ChangeResourceRecordSets`, ...).
 */
export function journal(lightsail: AwsClientStub<LightsailClient>, route53: AwsClientStub<Route53Client>): string[] {
  const calls = [...lightsail.send.getCalls(), ...route53.send.getCalls()];
  return calls.sort((a, b) => (a.calledBefore(b) ? -1 : 1)).map((call) => operationOf(call.args[0]));
}

function operationOf(command: unknown): string {
  return (command as object).constructor.name.replace(/Command$/, '');
}

// ---------------------------------------------------------------------------------------------------
// Lightsail's account-wide listing
// ---------------------------------------------------------------------------------------------------

/** One GetCertificates call of the account-wide listing: the region of the client, and the page asked for. */
export interface RegionRead {
  readonly region: string;
  readonly pageToken?: string;
}

/**
 * GetCertificates as Lightsail answers it in each region: the pages of the region's certificates (page
 * `n` > 0 is asked for with the token `<region>/page-<n>`), or the error the region fails with. A region
 * not named has no certificates. Returns the reads, in the order they were received.
 */
export function certificatesByRegion(
  mock: AwsClientStub<LightsailClient>,
  answers: Record<string, CertificateSummary[][] | Error>,
): RegionRead[] {
  const reads: RegionRead[] = [];
  mock.on(GetCertificatesCommand).callsFake(async (input: { pageToken?: string }, getClient: () => LightsailClient) => {
    const client = getClient(); // before any await: the client of this very call
    const region = await client.config.region();
    reads.push(input.pageToken === undefined ? { region } : { region, pageToken: input.pageToken });
    const answer = answers[region] ?? [[]];
    if (answer instanceof Error) {
      throw answer;
    }
    const page = input.pageToken ? Number(input.pageToken.split('/page-')[1]) : 0;
    return {
      certificates: answer[page],
      nextPageToken: page + 1 < answer.length ? `${region}/page-${page + 1}` : undefined,
    };
  });
  return reads;
}

// ---------------------------------------------------------------------------------------------------
// Route 53 answers
// ---------------------------------------------------------------------------------------------------

/** The hosted zone of example.com. */
export const ZONE = 'Z0123456789ABCDEFGHIJ';
/** Another hosted zone. */
export const OTHER_ZONE = 'Z0987654321JIHGFEDCBA';

/** The validation record of `domainName` ({@link cname}) in a hosted zone. */
export function zoneRecord(domainName: string, zoneId = ZONE): ZoneRecord {
  const r = cname(domainName);
  return { zoneId, name: r.name, value: r.value };
}

/** The record set the handler writes for `domainName`: its {@link cname}, TTL 60, unless told otherwise. */
export function cnameSet(domainName: string, overrides: Partial<ResourceRecordSet> = {}): ResourceRecordSet {
  const r = cname(domainName);
  return { Name: r.name, Type: 'CNAME', TTL: 60, ResourceRecords: [{ Value: r.value }], ...overrides };
}

/** The comment of every change the handler writes records with. */
export const CHANGE_COMMENT = 'cdk-lightsail-certificate: validation records';

/** The change that writes `domainName`'s validation record: an UPSERT of its {@link cname}, TTL 60. */
export function upsert(domainName: string) {
  const r = cname(domainName);
  return { Action: 'UPSERT', ResourceRecordSet: { Name: r.name, Type: 'CNAME', TTL: 60, ResourceRecords: [{ Value: r.value }] } };
}

/** The ChangeResourceRecordSets input that writes the records of these domains in one zone. */
export function upserts(zoneId: string, ...domainNames: string[]) {
  return { HostedZoneId: zoneId, ChangeBatch: { Comment: CHANGE_COMMENT, Changes: domainNames.map(upsert) } };
}

/** The ChangeResourceRecordSets input that deletes a record set as it was read. */
export function deletion(set: ResourceRecordSet, zoneId = ZONE) {
  return { HostedZoneId: zoneId, ChangeBatch: { Changes: [{ Action: 'DELETE', ResourceRecordSet: set }] } };
}

/** A ListResourceRecordSets answer (the handler asks for one record set, starting at a name). */
export function recordSets(...sets: ResourceRecordSet[]): Partial<ListResourceRecordSetsCommandOutput> {
  return { ResourceRecordSets: sets, IsTruncated: sets.length > 0, MaxItems: 1 };
}

/** The id Route 53 gives change `n`. */
export function changeId(n: number): string {
  return `/change/C0${n}ABCDEFGHIJKLMNOP`;
}

/** A ChangeResourceRecordSets answer: change `n` submitted, PENDING. */
export function submitted(n = 1): Partial<ChangeResourceRecordSetsCommandOutput> {
  return { ChangeInfo: { Id: changeId(n), Status: 'PENDING', SubmittedAt: new Date(T0) } };
}

/** A GetChange answer for change `n`. */
export function changeStatus(status: ChangeStatus, n = 1): Partial<GetChangeCommandOutput> {
  return { ChangeInfo: { Id: changeId(n), Status: status, SubmittedAt: new Date(T0) } };
}

export const invalidChangeBatch = (message = 'Tried to delete resource record set but it was not found') =>
  new InvalidChangeBatch({ ...metadata(400), message, messages: [message] });
export const noSuchHostedZone = (zoneId = OTHER_ZONE) => new NoSuchHostedZone({ ...metadata(404), message: `No hosted zone found with ID: ${zoneId}` });
/** Route 53's refusal of a call the function's role may not make. */
export const route53Denied = (action: string) =>
  sdkError('AccessDenied', `User: arn:aws:sts::123456789012:assumed-role/provider is not authorized to perform: route53:${action}`, metadata(403));

