/**
 * The CNAME that proves control of a domain, as ACM (which issues Lightsail certificates) hands it out.
 *
 * Real records look like `_1a2b….www.example.com.` → `_3c4d….kbnvhhsztq.acm-validations.aws.`. The
 * emulator derives both parts from a hash so they are deterministic: tests can predict them, and
 * distinct domains always get distinct records.
 */
import { createHash } from 'node:crypto';
import { WireResourceRecord } from './types';

/**
 * Computes the validation CNAME for one domain.
 *
 * unverified: whether Lightsail shares records between certificates (mode `validationRecords`). ACM
 * reuses the same CNAME for a domain across certificates of one account, so by default the record
 * depends on the account and the domain only, not on the certificate or the region. Given a
 * certificate ARN, the record is that certificate's own.
 *
 * @param domain the domain to validate (any case).
 * @param accountId the account the certificate belongs to.
 * @param certificateArn the certificate, for a record of its own; omit for the shared record.
 */
export function validationRecordFor(domain: string, accountId: string, certificateArn?: string): WireResourceRecord {
  const fqdn = domain.toLowerCase().replace(/\.$/, '');
  // A certificate's own record has a name of its own too, so that two certificates' records for one
  // domain can both be in DNS at once.
  const owner = certificateArn === undefined ? '' : `|${certificateArn}`;
  const nameHash = hex(`name|${fqdn}${owner}`).slice(0, 32);
  const valueHash = hex(`value|${accountId}|${fqdn}${owner}`);
  return {
    name: `_${nameHash}.${fqdn}.`,
    type: 'CNAME',
    value: `_${valueHash.slice(0, 32)}.${letters(valueHash.slice(32, 42))}.acm-validations.aws.`,
  };
}

function hex(input: string): string {
  return createHash('sha256').update(input).digest('hex');
}

/** Maps hex digits to letters, as the random middle label of the real records is all letters. */
function letters(hexDigits: string): string {
  return [...hexDigits].map((c) => String.fromCharCode(97 + parseInt(c, 16))).join('');
}
