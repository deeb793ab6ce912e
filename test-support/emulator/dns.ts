/**
 * The public DNS, as resolvers see it: one flat record store that the emulated Route 53 and Lightsail
 * DNS write into, and that tests write into by hand (a user with another DNS host). Certificates
 * validate against it. Names, and CNAME values, compare without case and trailing dot.
 */

/** One DNS record. */
export interface DnsRecord {
  /** The name, e.g. `_abc.example.com.` (case and trailing dot do not matter). */
  readonly name: string;
  /** The type, e.g. `CNAME` (case does not matter). */
  readonly type: string;
  /** The value, e.g. `_def.xyz.acm-validations.aws.`. */
  readonly value: string;
}

/** The test support's one DNS-name normaliser: lower case, without the trailing dot (`WWW.Example.com.` → `www.example.com`). */
export function normalizeDnsName(name: string): string {
  const lower = name.trim().toLowerCase();
  return lower.endsWith('.') ? lower.slice(0, -1) : lower;
}

/** The records, one value per name and type (a second upsert replaces the first), and who wants to hear of changes. */
export class EmulatorDns {
  private readonly records = new Map<string, DnsRecord>();
  private readonly listeners: Array<() => void> = [];

  /** Creates or replaces the record with this name and type; stored as given, compared normalised. */
  public upsert(record: DnsRecord): void {
    this.records.set(keyOf(record.name, record.type), { ...record });
    this.notify();
  }

  /** Deletes the record with this name and type; returns whether there was one. */
  public delete(name: string, type = 'CNAME'): boolean {
    const deleted = this.records.delete(keyOf(name, type));
    if (deleted) this.notify();
    return deleted;
  }

  /** The record with this name and type, if any (a copy). */
  public get(name: string, type = 'CNAME'): DnsRecord | undefined {
    const record = this.records.get(keyOf(name, type));
    return record ? { ...record } : undefined;
  }

  /** Whether a record with this name and type has this value (all compared normalised). */
  public has(record: DnsRecord): boolean {
    const found = this.records.get(keyOf(record.name, record.type));
    return found !== undefined && normalizeDnsName(found.value) === normalizeDnsName(record.value);
  }

  /** Every record, in insertion order (copies). */
  public list(): DnsRecord[] {
    return [...this.records.values()].map((r) => ({ ...r }));
  }

  /** Calls `listener` after every change. */
  public onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  private notify(): void {
    this.listeners.forEach((listener) => listener());
  }
}

function keyOf(name: string, type: string): string {
  return `${normalizeDnsName(name)}|${type.trim().toUpperCase()}`;
}
