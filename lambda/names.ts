/** DNS names as DNS compares and orders them: without case, with or without the final dot. */

/**
 * Whether two domain lists name the same domains. DNS names are case-insensitive, and neither the
 * order nor which domain is primary changes what a certificate covers, so the lists compare as sets.
 */
export function sameDomainSet(a: readonly string[], b: readonly string[]): boolean {
  const left = new Set(a.map(normalizeName));
  const right = new Set(b.map(normalizeName));
  return left.size === right.size && [...left].every((d) => right.has(d));
}

/** Whether two domain names are the same name. */
export function sameDomain(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && normalizeName(a) === normalizeName(b);
}

/** A DNS name as DNS compares it: without case, and with or without the final dot. */
export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/\.$/, '');
}

/** Route 53's listing order: the labels reversed (Route 53 API reference, ListResourceRecordSets). */
export function sortKey(name: string): string {
  return `${normalizeName(name).split('.').reverse().join('.')}.`;
}
