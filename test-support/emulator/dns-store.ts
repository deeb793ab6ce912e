/**
 * The emulator's DNS: a flat, global record store that tests and a deploy driver write validation
 * CNAMEs into (the driver plays Route 53, tests play a user with some other DNS host). Certificates
 * are validated against what is stored here.
 *
 * DNS names are case-insensitive and the trailing dot of a fully qualified name is optional in most
 * tools (Route 53 accepts both), so names are compared after normalising both away. CNAME values are
 * names too and are compared the same way.
 */

/** One DNS record. */
export interface DnsRecord {
  /** The record name, e.g. `_abc.example.com.` (case and trailing dot do not matter). */
  readonly name: string;
  /** The record type, e.g. `CNAME` (case does not matter). */
  readonly type: string;
  /** The record value, e.g. `_def.xyz.acm-validations.aws.`. */
  readonly value: string;
}

/** Called after every change to the store. */
export type DnsChangeListener = () => void;

/**
 * Normalises a DNS name for comparison: lower case, without a trailing dot.
 *
 * @param name a DNS name.
 */
export function normalizeDnsName(name: string): string {
  const lower = name.trim().toLowerCase();
  return lower.endsWith('.') ? lower.slice(0, -1) : lower;
}

/** An in-process record store with upsert/delete/list and change notification. */
export class EmulatorDns {
  private readonly records = new Map<string, DnsRecord>();
  private readonly listeners = new Set<DnsChangeListener>();

  /**
   * Creates or replaces the record with this name and type (one value per name and type, as a CNAME
   * must be; a second upsert replaces the first).
   *
   * @param record the record; stored as given, compared normalised.
   */
  public upsert(record: DnsRecord): void {
    this.records.set(keyOf(record.name, record.type), { ...record });
    this.notify();
  }

  /**
   * Deletes the record with this name and type.
   *
   * @param name the record name.
   * @param type the record type; default `CNAME`.
   * @returns whether a record was deleted.
   */
  public delete(name: string, type = 'CNAME'): boolean {
    const deleted = this.records.delete(keyOf(name, type));
    if (deleted) {
      this.notify();
    }
    return deleted;
  }

  /**
   * Looks a record up.
   *
   * @param name the record name.
   * @param type the record type; default `CNAME`.
   */
  public get(name: string, type = 'CNAME'): DnsRecord | undefined {
    const record = this.records.get(keyOf(name, type));
    return record ? { ...record } : undefined;
  }

  /**
   * Whether a record with this name and type exists with this value (all compared normalised).
   *
   * @param record the record to look for.
   */
  public has(record: DnsRecord): boolean {
    const found = this.records.get(keyOf(record.name, record.type));
    return found !== undefined && normalizeDnsName(found.value) === normalizeDnsName(record.value);
  }

  /** Every record, in insertion order (copies: changing them changes nothing). */
  public list(): DnsRecord[] {
    return [...this.records.values()].map((r) => ({ ...r }));
  }

  /** Deletes every record. */
  public clear(): void {
    this.records.clear();
    this.notify();
  }

  /**
   * Registers a listener called after every change.
   *
   * @param listener the callback.
   * @returns a function that unregisters it.
   */
  public onChange(listener: DnsChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private notify(): void {
    for (const listener of this.listeners) {
      listener();
    }
  }
}

function keyOf(name: string, type: string): string {
  return `${normalizeDnsName(name)}|${type.trim().toUpperCase()}`;
}
