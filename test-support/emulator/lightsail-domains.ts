/**
 * Lightsail DNS zones ("domains") and their entries, as `GetDomain`, `CreateDomainEntry` and
 * `DeleteDomainEntry` see them. Each entry is mirrored into the public DNS ({@link EmulatorDns}): an alias
 * entry's value is its target's name, as a Route 53 alias is mirrored.
 *
 * Documented (API reference, `DomainEntry`): `isAlias` entries are `A` records pointing at a load
 * balancer, container service or distribution. unverified, each a mode: how `GetDomain` spells entry
 * names ({@link DomainEntryNamesMode}) and alias targets ({@link DomainEntryTargetsMode}), and what a
 * second `A` entry of the same name does ({@link DuplicateDomainEntryMode}). unverified, not a mode: the
 * id format, and how `DeleteDomainEntry` finds the entry (by `id` when given, else by name, type and target).
 */
import { randomUUID } from 'node:crypto';
import { EmulatorDns, normalizeDnsName } from './dns';

/**
 * unverified: how `GetDomain` spells an entry's name: lower case without the trailing dot (default), as
 * `CreateDomainEntry` was given it, or lower case with a trailing dot (a fully qualified name).
 */
export type DomainEntryNamesMode = 'lower-case' | 'as-written' | 'trailing-dot';
/** unverified: how `GetDomain` spells an alias entry's target: as written (default), or with a trailing dot. */
export type DomainEntryTargetsMode = 'as-written' | 'trailing-dot';
/**
 * unverified: `CreateDomainEntry` of a name and type the zone has: refused with `InvalidInputException`
 * (default), or a second entry (a retried create then leaves two).
 */
export type DuplicateDomainEntryMode = 'refused' | 'duplicated';

/** How the zones answer where Lightsail does not document it. */
export interface DomainEntryModes {
  readonly domainEntryNames?: DomainEntryNamesMode;
  readonly domainEntryTargets?: DomainEntryTargetsMode;
  readonly duplicateDomainEntry?: DuplicateDomainEntryMode;
}

/** An entry as `GetDomain` shows it under these modes. */
export function shownEntry(entry: WireDomainEntry, modes: DomainEntryModes): WireDomainEntry {
  const lower = normalizeDnsName(entry.name);
  const name = modes.domainEntryNames === 'as-written' ? entry.name : modes.domainEntryNames === 'trailing-dot' ? `${lower}.` : lower;
  const dotted = entry.isAlias && modes.domainEntryTargets === 'trailing-dot' && !entry.target.endsWith('.');
  return { ...entry, name, target: dotted ? `${entry.target}.` : entry.target };
}

/** A domain entry, as the API shows it. */
export interface WireDomainEntry {
  readonly id: string;
  readonly name: string;
  readonly type: string;
  readonly target: string;
  readonly isAlias: boolean;
}

/** A Lightsail DNS zone. */
export interface DomainState {
  readonly name: string;
  readonly arn: string;
  readonly entries: WireDomainEntry[];
}

/** Why an entry can't be written or deleted: the API answers `InvalidInputException` or `NotFoundException`. */
export class DomainEntryRefused extends Error {
  constructor(readonly kind: 'invalid' | 'not-found', message: string) {
    super(message);
  }
}

/** The account's Lightsail DNS zones. */
export class LightsailDomains {
  private readonly domains = new Map<string, DomainState>();

  constructor(private readonly accountId: string, private readonly dns: EmulatorDns) {}

  /** Adds a zone (no entries) unless it is there; returns it. */
  public add(name: string): DomainState {
    const key = normalizeDnsName(name);
    const existing = this.domains.get(key);
    if (existing) return existing;
    const domain = { name: key, arn: `arn:aws:lightsail:global:${this.accountId}:Domain/${randomUUID()}`, entries: [] };
    this.domains.set(key, domain);
    return domain;
  }

  public find(name: string): DomainState | undefined {
    return this.domains.get(normalizeDnsName(name));
  }

  /** Writes an entry (kept as written); its name must be the zone's or under it. */
  public createEntry(domain: DomainState, entry: Omit<WireDomainEntry, 'id'>, modes: DomainEntryModes = {}): WireDomainEntry {
    const name = normalizeDnsName(entry.name);
    if (name !== domain.name && !name.endsWith(`.${domain.name}`)) {
      throw new DomainEntryRefused('invalid', `The entry name "${entry.name}" is not in the domain "${domain.name}".`);
    }
    const clash = domain.entries.find((e) => normalizeDnsName(e.name) === name && e.type.toUpperCase() === entry.type.toUpperCase());
    if (clash && modes.duplicateDomainEntry !== 'duplicated') {
      throw new DomainEntryRefused('invalid', `The domain "${domain.name}" already has a ${clash.type} entry for "${clash.name}".`);
    }
    const created = { ...entry, name: entry.name.trim(), id: randomUUID() };
    domain.entries.push(created);
    this.dns.upsert({ name: `${name}.`, type: entry.type, value: entry.target });
    return created;
  }

  /** Deletes the entry of this id, or else of this name, type and target. */
  public deleteEntry(domain: DomainState, entry: Partial<WireDomainEntry>): WireDomainEntry {
    const index = domain.entries.findIndex((e) => (entry.id !== undefined
      ? e.id === entry.id
      : normalizeDnsName(e.name) === normalizeDnsName(entry.name ?? '') && e.type === entry.type
        && normalizeDnsName(e.target) === normalizeDnsName(entry.target ?? '')));
    if (index < 0) throw new DomainEntryRefused('not-found', `DoesNotExist: the domain "${domain.name}" has no such entry.`);
    const [deleted] = domain.entries.splice(index, 1);
    const name = normalizeDnsName(deleted.name);
    // A duplicate left behind keeps the name in DNS.
    const left = domain.entries.find((e) => normalizeDnsName(e.name) === name && e.type === deleted.type);
    if (left) this.dns.upsert({ name: `${name}.`, type: left.type, value: left.target });
    else this.dns.delete(`${name}.`, deleted.type);
    return deleted;
  }
}
