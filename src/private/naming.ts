import * as crypto from 'crypto';
import { Names } from 'aws-cdk-lib';
import { Construct } from 'constructs';

/**
 * Default name: readable from the construct path, unique through a hash of the region and the
 * domain set. The set is sorted and lower-cased, so reordering the alternates keeps the name while
 * any change of domains or region yields a new one (and so a new certificate before the old goes).
 */
export function generateName(scope: Construct, region: string, domainNames: string[]): string {
  const base = Names.uniqueResourceName(scope, { maxLength: 200, separator: '-', allowedSpecialCharacters: '-' });
  const domainSet = [...new Set(domainNames.map((d) => d.toLowerCase()))].sort();
  const hash = crypto.createHash('sha256').update([region, ...domainSet].join('\n')).digest('hex').slice(0, 8);
  return `${base}-${hash}`;
}

/** The Route 53 zone of each domain (by index), and what can't be assigned. */