import { GetCertificatesCommand, LightsailClient } from '@aws-sdk/client-lightsail';
import { CdkCustomResourceResponse } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { onEvent } from '../../lambda/index';
import { certificateData, certificatePhysicalId, OWNER_TAG_KEY, propertyDomains } from '../../src/private/contract';
import { worstCaseResponseBytes } from '../../src/private/rules';
import { certificateUpdate, fakeDeps, listed, summary } from '../lambda/fixtures';

const lightsail = mockClient(LightsailClient);

beforeEach(() => {
  lightsail.reset();
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
});

afterEach(() => {
  jest.restoreAllMocks();
});

/** The answer aws-cdk-lib's entrypoint sends CloudFormation for a handler's success (its `submitResponse`). */
function answerBytes(request: { StackId: string; RequestId: string; LogicalResourceId: string }, result: CdkCustomResourceResponse): number {
  return Buffer.byteLength(JSON.stringify({
    Status: 'SUCCESS',
    Reason: 'SUCCESS',
    StackId: request.StackId,
    RequestId: request.RequestId,
    PhysicalResourceId: result.PhysicalResourceId,
    LogicalResourceId: request.LogicalResourceId,
    Data: result.Data,
  }), 'utf8');
}

describe('the synth size check against the handler', () => {
  test('sizes the answer exactly as the handler builds it, for the longest ids and the longest status an Update reports', async () => {
    const region = 'ap-southeast-2';
    const stackName = 'web-app';
    const logicalId = 'CertCertificate4E7ABB08';
    const domains = ['example.com', 'www.example.com', 'api.example.com'];
    const name = 'my-cert';
    const hex = 'a'.repeat(32);
    const stackId = `arn:aws-iso-b:cloudformation:${region}:123456789012:stack/${stackName}/${'x'.repeat(36)}`;
    const certificate = summary({
      name,
      arn: `arn:aws-iso-b:lightsail:${region}:123456789012:Certificate/${'x'.repeat(36)}`,
      domainName: domains[0],
      alternates: domains.slice(1),
      // An in-place Update answers with whatever status the certificate has, even a terminal one.
      status: 'VALIDATION_TIMED_OUT',
      records: domains.map((domainName) => ({
        domainName,
        resourceRecord: { name: `_${hex}.${domainName}.`, type: 'CNAME', value: `_${hex}.abcdefghij.acm-validations.aws.` },
      })),
      // The owner tag names this resource (stack id and logical id): the certificate is its own.
      tags: [{ key: OWNER_TAG_KEY, value: `${stackId}/${logicalId}` }],
    });
    lightsail.on(GetCertificatesCommand).resolves(listed(certificate));
    const update = certificateUpdate(
      { CertificateName: name, Region: region, DomainName: domains[0], SubjectAlternativeNames: domains.slice(1), Tags: { team: 'web' } },
      { CertificateName: name, Region: region, DomainName: domains[0], SubjectAlternativeNames: domains.slice(1) },
      certificatePhysicalId(region, name),
    );
    const request = {
      ...update,
      StackId: stackId,
      RequestId: 'x'.repeat(36),
      LogicalResourceId: logicalId,
    };

    const result = await onEvent(request, fakeDeps());

    expect(result.Data).toHaveProperty('Status', 'VALIDATION_TIMED_OUT');
    expect(answerBytes(request, result)).toBe(worstCaseResponseBytes({ stackName, logicalId, region, certificateName: name, domainNames: domains }));
  });
});

describe('certificateData', () => {
  test('indexes the records by the domain order of the properties, with empty fields for a record not yet known', () => {
    const domains = propertyDomains({ DomainName: 'example.com', SubjectAlternativeNames: ['www.example.com'] });

    const data = certificateData({
      certificateName: 'c',
      certificateArn: 'arn',
      status: 'PENDING_VALIDATION',
      records: domains.map((d, i) => (i === 0 ? { name: `_x.${d}.`, type: 'CNAME', value: '_y.acm-validations.aws.' } : undefined)),
    });

    expect(data).toEqual({
      'CertificateName': 'c',
      'CertificateArn': 'arn',
      'Status': 'PENDING_VALIDATION',
      'ValidationRecord.0.Name': '_x.example.com.',
      'ValidationRecord.0.Type': 'CNAME',
      'ValidationRecord.0.Value': '_y.acm-validations.aws.',
      'ValidationRecord.1.Name': '',
      'ValidationRecord.1.Type': '',
      'ValidationRecord.1.Value': '',
    });
  });
});
