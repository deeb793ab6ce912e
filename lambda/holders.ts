/**
 * Who holds a validation CNAME, as its holders TXT record says. The TXT record sits just below the CNAME
 * (`_cdk-lsc-holders.<cname name>`): a CNAME forbids other types at its own name but not below it, and the
 * name still starts with an underscore, so the role's `_*` condition covers it. Each value is one quoted
 * TXT string (at most 255 characters, RFC 1035 §3.3.14), which a certificate ARN (about 90) fits whole.
 */

/** The first label of a holders TXT record's name. */
export const HOLDERS_LABEL = '_cdk-lsc-holders';

/** The CNAME was in the zone before the handler first wrote it: the handler never removes it. */
export const PRE_EXISTING = 'pre-existing';

/** Prefix of a certificate that released the record and is about to be deleted: scans ignore it. */
const RELEASED = 'released:';

/** Prefix of a certificate a scan found needing the record, which never acquired it itself (ACM, another tool). */
const KEPT = 'kept:';

/** A scan could not read every region: the record stays until a later scan can tell. */
export const KEPT_UNREAD = `${KEPT}unread`;

/** The holders TXT record's name for a CNAME name. */
export function holdersName(cnameName: string): string {
  return `${HOLDERS_LABEL}.${cnameName}`;
}

/** The values of a holders TXT record, as a set of plain strings (Route 53 answers them quoted). */
export class Holders {
  /** Reads the values of a TXT record as Route 53 lists them (`"..."`). */
  public static fromTxt(values: readonly string[]): Holders {
    return new Holders(values.map((v) => v.replace(/^"(.*)"$/, '$1')));
  }

  /**
   * What a scan leaves: the certificates it found needing the record, whether a region was unreadable, and
   * the tombstones (a later scan, while those certificates are still listed, must not count them).
   */
  public static kept(needers: readonly string[], unread: boolean, released: readonly string[]): Holders {
    return new Holders([...needers.map((arn) => `${KEPT}${arn}`), ...(unread ? [KEPT_UNREAD] : []), ...released.map((arn) => `${RELEASED}${arn}`)]);
  }

  private readonly values: Set<string>;

  public constructor(values: Iterable<string> = []) {
    this.values = new Set(values);
  }

  /** Whether the certificate with this ARN holds the record. */
  public has(arn: string): boolean {
    return this.values.has(arn);
  }

  /** Whether the CNAME predates the handler. */
  public get preExisting(): boolean {
    return this.values.has(PRE_EXISTING);
  }

  /** Whether a certificate that acquired the record still holds it (not a tombstone, a scan's mark or the sentinel). */
  public get hasAcquirers(): boolean {
    return [...this.values].some((v) => v !== PRE_EXISTING && !v.startsWith(RELEASED) && !v.startsWith(KEPT));
  }

  /** Certificates that released the record and are being deleted: a scan does not count them. */
  public get released(): string[] {
    return [...this.values].filter((v) => v.startsWith(RELEASED)).map((v) => v.slice(RELEASED.length));
  }

  /** The holders with `arn` in, and any tombstone of it out. */
  public with(arn: string): Holders {
    return new Holders([...this.values].filter((v) => v !== `${RELEASED}${arn}`).concat(arn));
  }

  /** The holders with `arn` out, and its tombstone in (a scan meanwhile must not count it). */
  public without(arn: string): Holders {
    return new Holders([...this.values].filter((v) => v !== arn).concat(`${RELEASED}${arn}`));
  }

  /** The TXT values, quoted, in a stable order (a DELETE must repeat them exactly, and the order then does not matter). */
  public toTxt(): string[] {
    return [...this.values].sort().map((v) => `"${v}"`);
  }
}
