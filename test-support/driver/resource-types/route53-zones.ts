import { DnsSink } from '../options';

/** A DNS name as Route 53 stores it: lower case, with the trailing dot. */
export function normalizeDnsName(name: string): string {
  const lower = name.toLowerCase();
  return lower.endsWith('.') ? lower : `${lower}.`;
}

interface Zone {
  /** The zone name, normalized; `undefined` for an imported zone nobody named. */
  readonly name?: string;
  /** Record values by `name|type`. */
  readonly records: Map<string, readonly string[]>;
}

/**
 * The driver's model of Route 53: which zones exist and which record sets each holds. It refuses what
 * Route 53 refuses — a record outside its zone, a record set that already exists, deleting a zone that
 * still holds records — and mirrors every record into the caller's {@link DnsSink}.
 */
export class Route53Zones {
  private readonly zones = new Map<string, Zone>();

  /**
   * @param sink where records are mirrored
   * @param imported zones that exist outside the stacks, id → name
   */
  constructor(private readonly sink: DnsSink | undefined, imported: Readonly<Record<string, string>> = {}) {
    for (const [id, name] of Object.entries(imported)) this.addZone(id, name);
  }

  /** Registers a zone a stack created (or an imported one), and tells the sink. */
  addZone(id: string, name: string): void {
    this.zones.set(id, { name: normalizeDnsName(name), records: new Map() });
    this.sink?.addZone?.(id, normalizeDnsName(name));
  }

  /** Removes a zone a stack created. Fails like Route 53 while it still holds records. */
  removeZone(id: string): void {
    const zone = this.zones.get(id);
    if (zone && zone.records.size > 0) {
      throw new Error(`The specified hosted zone contains non-required resource record sets and so cannot be deleted. (Service: Route53, Status Code: 400, HostedZoneNotEmpty) [${[...zone.records.keys()].join(', ')}]`);
    }
    this.sink?.removeZone?.(id);
    this.zones.delete(id);
  }

  /** The id of the zone with this name, for record sets that give `HostedZoneName`. */
  zoneIdByName(name: string): string {
    const wanted = normalizeDnsName(name);
    const ids = [...this.zones.entries()].filter(([, z]) => z.name === wanted).map(([id]) => id);
    if (ids.length !== 1) throw new Error(`${ids.length === 0 ? 'No' : 'More than one'} hosted zone named ${wanted} found`);
    return ids[0];
  }

  /**
   * Creates a record set.
   * @throws when the name is outside the zone or the record set exists
   */
  async createRecordSet(zoneId: string, name: string, type: string, values: readonly string[]): Promise<void> {
    const zone = this.zoneFor(zoneId);
    const fqdn = normalizeDnsName(name);
    if (zone.name && fqdn !== zone.name && !fqdn.endsWith(`.${zone.name}`)) {
      throw new Error(`Invalid request: RRSet with DNS name ${fqdn} is not permitted in zone ${zone.name} (Service: Route53, Status Code: 400, InvalidChangeBatch)`);
    }
    if (type === 'CNAME' && values.length !== 1) {
      throw new Error(`Invalid request: RRSet of type CNAME with DNS name ${fqdn} must have exactly one value (Service: Route53, Status Code: 400, InvalidChangeBatch)`);
    }
    const key = `${fqdn}|${type}`;
    if (zone.records.has(key)) {
      throw new Error(`Tried to create resource record set [name='${fqdn}', type='${type}'] but it already exists (Service: Route53, Status Code: 400, InvalidChangeBatch)`);
    }
    zone.records.set(key, [...values]);
    for (const value of values) await this.sink?.upsert(fqdn, type, value);
  }

  /** Deletes a record set. A record set that is not there is not an error (the stack's view wins). */
  async deleteRecordSet(zoneId: string, name: string, type: string): Promise<void> {
    const zone = this.zones.get(zoneId);
    const fqdn = normalizeDnsName(name);
    const values = zone?.records.get(`${fqdn}|${type}`) ?? [];
    zone?.records.delete(`${fqdn}|${type}`);
    for (const value of values) await this.sink?.delete(fqdn, type, value);
  }

  private zoneFor(id: string): Zone {
    let zone = this.zones.get(id);
    if (!zone) {
      // A zone imported without a name: track its records, but the name check cannot be made.
      zone = { records: new Map() };
      this.zones.set(id, zone);
    }
    return zone;
  }
}
