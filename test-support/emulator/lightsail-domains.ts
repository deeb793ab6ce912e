/**
 * Lightsail DNS zones ("domains") and their entries, as `GetDomain`, `CreateDomainEntry` and
 * `DeleteDomainEntry` see them. Each entry is mirrored into the public DNS ({@link EmulatorDns}): an alias
 * entry's value is its target's name, as a Route 53 alias is mirrored.
 *
 * Documented (API reference, `DomainEntry`): `isAlias` entries are `A` records pointing at a load
 * balancer, container service or distribution. unverified: how entry names are spelled in `GetDomain`
 * (here as given, without a trailing dot), the id format, what a second `A` entry of the same name
 * does (refused here), and how `DeleteDomainEntry` finds the entry (by `id` when given, else by name,
 * type and target).
 */
import { randomUUID } from 'node:crypto';
import { EmulatorDns, normalizeDnsName } from './dns';

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

  /** Writes an entry; its name must be the zone's or under it. */
  public createEntry(domain: DomainState, entry: Omit<WireDomainEntry, 'id'>): WireDomainEntry {
    const name = normalizeDnsName(entry.name);
    if (name !== domain.name && !name.endsWith(`.${domain.name}`)) {
      throw new DomainEntryRefused('invalid', `The entry name "${entry.name}" is not in the domain "${domain.name}".`);
    }
    const clash = domain.entries.find((e) => normalizeDnsName(e.name) === name && e.type.toUpperCase() === entry.type.toUpperCase());
    if (clash) {
      throw new DomainEntryRefused('invalid', `The domain "${domain.name}" already has a ${clash.type} entry for "${clash.name}".`);
    }
    const created = { ...entry, name, id: randomUUID() };
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
    this.dns.delete(`${deleted.name}.`, deleted.type);
    return deleted;
  }
}
