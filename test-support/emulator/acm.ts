/**
 * The little of ACM and of the Account API the records scan reads, on their wire protocols:
 *
 * - ACM, awsJson1_1: `POST /` with `X-Amz-Target: CertificateManager.<Operation>`: `ListCertificates`
 *   (`CertificateStatuses`, `Includes.keyTypes`; RSA_2048 only unless asked, as the ACM API reference
 *   says) and `DescribeCertificate` (`DomainValidationOptions[].ResourceRecord`).
 * - Account, restJson1: `POST /listRegions` → `ListRegions` (`RegionOptStatusContains`), every region of
 *   the partition with its opt status.
 *
 * Certificates are seeded by tests ({@link AcmCertificates.seed}); their validation record is ACM's, one
 * per account and domain. unverified: page sizes and tokens (one page here), error shapes beyond
 * `ResourceNotFoundException`.
 */
import { randomUUID } from 'node:crypto';
import { CallLog } from './calls';
import type { HttpCall, HttpReply, SignedScope } from './index';
import { validationRecordFor } from './lightsail';
import type { AccessCheck } from '../driver/iam';

/** One ACM certificate as the emulator holds it. */
export interface AcmCertificate {
  readonly arn: string;
  readonly region: string;
  readonly domainName: string;
  readonly subjectAlternativeNames: readonly string[];
  readonly status: string;
  readonly keyAlgorithm: string;
}

/** A region and its opt status, as `ListRegions` answers. */
export interface AccountRegion {
  readonly name: string;
  readonly status: 'ENABLED' | 'ENABLED_BY_DEFAULT' | 'DISABLED' | 'ENABLING' | 'DISABLING';
}

/** ACM's certificates of the account, and the account's regions. */
export class AcmCertificates {
  private readonly certificates: AcmCertificate[] = [];

  constructor(private readonly accountId: string, public readonly regions: AccountRegion[]) {}

  /** Puts an ACM certificate into the account (ISSUED, RSA_2048 unless said otherwise). */
  public seed(options: {
    region: string; domainName: string; subjectAlternativeNames?: readonly string[]; status?: string; keyAlgorithm?: string;
  }): AcmCertificate {
    const certificate: AcmCertificate = {
      arn: `arn:aws:acm:${options.region}:${this.accountId}:certificate/${randomUUID()}`,
      region: options.region,
      domainName: options.domainName,
      subjectAlternativeNames: [options.domainName, ...(options.subjectAlternativeNames ?? [])],
      status: options.status ?? 'ISSUED',
      keyAlgorithm: options.keyAlgorithm ?? 'RSA-2048',
    };
    this.certificates.push(certificate);
    return certificate;
  }

  /** Removes an ACM certificate. */
  public remove(arn: string): void {
    const index = this.certificates.findIndex((c) => c.arn === arn);
    if (index >= 0) this.certificates.splice(index, 1);
  }

  /** Answers an ACM request (awsJson1_1) or a `ListRegions` (restJson1), checked against IAM, and logs it. */
  public async handle(call: HttpCall, scope: SignedScope | undefined, calls: CallLog, accessCheck?: AccessCheck): Promise<HttpReply> {
    const at = Date.now();
    const isAccount = call.path.split('?')[0] === '/listRegions';
    const service = isAccount ? 'account' : 'acm';
    const operation = isAccount ? 'ListRegions' : String(call.headers['x-amz-target'] ?? '').replace(/^CertificateManager\./, '');
    let input: Record<string, unknown> = {};
    const answer = (status: number, body: unknown, error?: string): HttpReply => {
      calls.add({ at, service, operation, region: scope?.region, accessKeyId: scope?.accessKeyId, input, outcome: error ?? 'ok', httpStatus: status });
      const headers: Record<string, string> = { 'content-type': isAccount ? 'application/json' : 'application/x-amz-json-1.1', 'x-amzn-RequestId': randomUUID() };
      if (error) headers['x-amzn-ErrorType'] = error;
      return { kind: 'answer', status, headers, body: JSON.stringify(body) };
    };
    const fail = (status: number, type: string, message: string) => answer(status, { __type: type, message, Message: message }, type);
    try {
      input = call.body ? JSON.parse(call.body) as Record<string, unknown> : {};
    } catch {
      return fail(400, 'SerializationException', 'The request body is not JSON.');
    }
    if (!scope) return fail(403, 'UnrecognizedClientException', 'The request is not signed.');
    const region = scope.region;
    const deny = (resource: string) => accessCheck?.({ accessKeyId: scope.accessKeyId, action: `${service}:${operation}`, resource });
    if (isAccount) {
      const denied = deny(`arn:aws:account::${this.accountId}:account`);
      if (denied) return fail(403, 'AccessDeniedException', denied);
      const wanted = (input.RegionOptStatusContains as string[] | undefined) ?? [];
      const regions = this.regions.filter((r) => wanted.length === 0 || wanted.includes(r.status));
      return answer(200, { Regions: regions.map((r) => ({ RegionName: r.name, RegionOptStatus: r.status })) });
    }
    // An ACM endpoint of a region the account has not enabled refuses the credentials (as STS-issued keys are refused there).
    if (!this.regions.some((r) => r.name === region && (r.status === 'ENABLED' || r.status === 'ENABLED_BY_DEFAULT'))) {
      return fail(400, 'UnrecognizedClientException', 'The security token included in the request is invalid.');
    }
    if (operation === 'ListCertificates') {
      const denied = deny('*');
      if (denied) return fail(400, 'AccessDeniedException', denied);
      const statuses = (input.CertificateStatuses as string[] | undefined) ?? [];
      const keyTypes = ((input.Includes as { keyTypes?: string[] } | undefined)?.keyTypes ?? ['RSA_2048']).map((k) => k.replace('_', '-'));
      const list = this.certificates
        .filter((c) => c.region === region && (statuses.length === 0 || statuses.includes(c.status)) && keyTypes.includes(c.keyAlgorithm));
      return answer(200, {
        CertificateSummaryList: list.map((c) => ({
          CertificateArn: c.arn,
          DomainName: c.domainName,
          SubjectAlternativeNameSummaries: c.subjectAlternativeNames,
          HasAdditionalSubjectAlternativeNames: false,
          Status: c.status,
          KeyAlgorithm: c.keyAlgorithm,
        })),
      });
    }
    if (operation === 'DescribeCertificate') {
      const arn = String(input.CertificateArn ?? '');
      const denied = deny(arn);
      if (denied) return fail(400, 'AccessDeniedException', denied);
      const c = this.certificates.find((x) => x.arn === arn && x.region === region);
      if (!c) return fail(400, 'ResourceNotFoundException', `Could not find certificate ${arn}.`);
      return answer(200, {
        Certificate: {
          CertificateArn: c.arn,
          DomainName: c.domainName,
          SubjectAlternativeNames: c.subjectAlternativeNames,
          Status: c.status,
          KeyAlgorithm: c.keyAlgorithm,
          DomainValidationOptions: c.subjectAlternativeNames.map((d) => {
            const record = validationRecordFor(d, this.accountId);
            return { DomainName: d, ValidationMethod: 'DNS', ValidationStatus: 'SUCCESS', ResourceRecord: { Name: record.name, Type: 'CNAME', Value: record.value } };
          }),
        },
      });
    }
    return fail(400, 'UnknownOperationException', `Unknown operation ${operation}.`);
  }
}

/** Whether a request is for the ACM or Account stand-in. */
export function isAcmOrAccount(call: HttpCall): boolean {
  return String(call.headers['x-amz-target'] ?? '').startsWith('CertificateManager.') || call.path.split('?')[0] === '/listRegions';
}
