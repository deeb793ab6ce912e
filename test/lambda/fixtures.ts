import { CertificateSummary, DomainValidationRecord, LightsailClient, Tag } from '@aws-sdk/client-lightsail';
import type { CdkCustomResourceEvent, CdkCustomResourceIsCompleteEvent } from 'aws-lambda';
import type { HandlerDeps } from '../../lambda/deps';
import {
  CERTIFICATE_RESOURCE_TYPE,
  CertificateResourceProperties,
  ISSUED_RESOURCE_TYPE,
  IssuedResourceProperties,
} from '../../src/private/contract';

/** The clock every test starts at. */
export const T0 = Date.UTC(2025, 0, 1);
export const REGION = 'us-east-1';
export const NAME = 'my-cert';
export const ARN = `arn:aws:lightsail:${REGION}:123456789012:Certificate/0f5e8a1c-1111-2222-3333-444455556666`;
export const PHYSICAL_ID = `lightsail-certificate:${REGION}:${NAME}`;
export const RESPONSE_URL = 'https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com/secret?X-Amz-Signature=abc';

/** Dependencies with a fake clock that `sleep` advances, a recorded list of regions and fixed jitter. */
export interface FakeDeps extends HandlerDeps {
  /** Regions a client was asked for, in order. */
  readonly regions: string[];
  /** Every sleep, in milliseconds. */
  readonly sleeps: number[];
  /** Moves the clock. */
  advance(ms: number): void;
}

export function fakeDeps(start = T0): FakeDeps {
  let clock = start;
  const regions: string[] = [];
  const sleeps: number[] = [];
  return {
    regions,
    sleeps,
    advance: (ms) => { clock += ms; },
    lightsail: (region) => {
      regions.push(region);
      return new LightsailClient({ region, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
    },
    now: () => clock,
    sleep: async (ms) => {
      sleeps.push(ms);
      clock += ms;
    },
    random: () => 0.5,
  };
}

export function certificateProps(overrides: Partial<CertificateResourceProperties> = {}): CertificateResourceProperties & { ServiceToken: string } {
  return {
    ServiceToken: 'arn:aws:lambda:eu-west-1:123456789012:function:provider-framework-onEvent',
    CertificateName: NAME,
    DomainName: 'example.com',
    SubjectAlternativeNames: ['www.example.com'],
    Region: REGION,
    ...overrides,
  };
}

export function issuedProps(overrides: Partial<IssuedResourceProperties> = {}): IssuedResourceProperties & { ServiceToken: string } {
  return {
    ServiceToken: 'arn:aws:lambda:eu-west-1:123456789012:function:provider-framework-onEvent',
    CertificateName: NAME,
    Region: REGION,
    TimeoutSeconds: '1800',
    ValidationMethod: 'ROUTE53',
    ...overrides,
  };
}

const common = {
  ServiceToken: 'arn:aws:lambda:eu-west-1:123456789012:function:provider-framework-onEvent',
  ResponseURL: RESPONSE_URL,
  StackId: 'arn:aws:cloudformation:eu-west-1:123456789012:stack/app/1',
  RequestId: 'b6f1e9c8-0000-4000-8000-000000000001',
  LogicalResourceId: 'CertResource',
};

type Props = CertificateResourceProperties | IssuedResourceProperties;

function resourceType(props: Props): string {
  return 'DomainName' in props ? CERTIFICATE_RESOURCE_TYPE : ISSUED_RESOURCE_TYPE;
}

export function createEvent<P extends Props>(props: P & { ServiceToken: string }): CdkCustomResourceEvent<P> {
  return { ...common, RequestType: 'Create', ResourceType: resourceType(props), ResourceProperties: props };
}

export function updateEvent<P extends Props>(
  props: P & { ServiceToken: string },
  oldProps: P & { ServiceToken: string },
  physicalId = PHYSICAL_ID,
): CdkCustomResourceEvent<P> {
  return {
    ...common,
    RequestType: 'Update',
    ResourceType: resourceType(props),
    PhysicalResourceId: physicalId,
    ResourceProperties: props,
    OldResourceProperties: oldProps,
  };
}

export function deleteEvent<P extends Props>(props: P & { ServiceToken: string }, physicalId = PHYSICAL_ID): CdkCustomResourceEvent<P> {
  return { ...common, RequestType: 'Delete', ResourceType: resourceType(props), PhysicalResourceId: physicalId, ResourceProperties: props };
}

/** The isComplete request the Provider builds from a request and what onEvent answered. */
export function isCompleteEvent<P extends Props>(
  event: CdkCustomResourceEvent<P>,
  result: { PhysicalResourceId?: string; Data?: Record<string, unknown> },
): CdkCustomResourceIsCompleteEvent<P, any> {
  return { ...event, ...result } as CdkCustomResourceIsCompleteEvent<P, any>;
}

/** A validation record as Lightsail returns it, complete unless told otherwise. */
export function record(domainName: string, overrides: Partial<DomainValidationRecord> = {}): DomainValidationRecord {
  const label = domainName.replace(/\./g, '-');
  return {
    domainName,
    resourceRecord: { name: `_${label}.${domainName}.`, type: 'CNAME', value: `_${label}.acm-validations.aws.` },
    validationStatus: 'PENDING_VALIDATION',
    ...overrides,
  };
}

export interface CertificateFixture {
  readonly name?: string;
  readonly arn?: string;
  readonly domainName?: string;
  /** The alternates as Lightsail lists them; the primary is added in front as Lightsail does. */
  readonly alternates?: string[];
  readonly status?: string;
  readonly requestFailureReason?: string;
  /** Default: a complete record per domain. */
  readonly records?: DomainValidationRecord[];
  readonly tags?: Tag[];
  readonly inUseResourceCount?: number;
}

/** A certificate summary as `GetCertificates` with `includeCertificateDetails: true` returns it. */
export function certificate(fixture: CertificateFixture = {}): CertificateSummary {
  const name = fixture.name ?? NAME;
  const arn = fixture.arn ?? ARN;
  const domainName = fixture.domainName ?? 'example.com';
  const alternates = fixture.alternates ?? ['www.example.com'];
  const domains = [domainName, ...alternates];
  return {
    certificateArn: arn,
    certificateName: name,
    domainName,
    tags: fixture.tags ?? [],
    certificateDetail: {
      arn,
      name,
      domainName,
      status: (fixture.status ?? 'PENDING_VALIDATION') as any,
      subjectAlternativeNames: domains,
      domainValidationRecords: fixture.records ?? domains.map((d) => record(d)),
      requestFailureReason: fixture.requestFailureReason,
      inUseResourceCount: fixture.inUseResourceCount ?? 0,
      tags: fixture.tags ?? [],
    },
  };
}

/** An SDK-shaped service error. */
export function serviceError(name: string, message = name): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}
