/**
 * What the emulator knows about domains beyond DNS: which ones have their DNS zone in Lightsail (so
 * Lightsail writes the validation records itself) and which ones a test has declared bad (so a
 * certificate that names them fails).
 */
import { normalizeDnsName } from './dns-store';

/** A Lightsail DNS zone registered with the emulator. */
export interface LightsailZone {
  /** The zone apex, normalised (`example.com`). */
  readonly zone: string;
  /** When set, Lightsail's automatic record creation fails with this message. */
  readonly recordCreationFailure?: string;
}

/** `RequestFailureReason` values the model documents (the shape itself is a free string). */
export type RequestFailureReason =
  | 'NO_AVAILABLE_CONTACTS'
  | 'ADDITIONAL_VERIFICATION_REQUIRED'
  | 'DOMAIN_NOT_ALLOWED'
  | 'INVALID_PUBLIC_DOMAIN'
  | 'OTHER';

/** Domains the documentation names as Amazon-owned, for which no certificate can be requested. */
const AMAZON_OWNED = ['amazonaws.com', 'cloudfront.net', 'elasticbeanstalk.com'];

/** Lightsail zones and bad domains. */
export class DomainRegistry {
  private readonly zones = new Map<string, LightsailZone>();
  private readonly failures = new Map<string, string>();

  /**
   * Registers a Lightsail DNS zone; it covers the apex and every subdomain.
   *
   * @param zone the zone apex.
   * @param recordCreationFailure when set, automatic record creation fails with this message.
   */
  public addLightsailZone(zone: string, recordCreationFailure?: string): void {
    const apex = normalizeDnsName(zone);
    this.zones.set(apex, { zone: apex, recordCreationFailure });
  }

  /**
   * The most specific registered zone that covers a domain.
   *
   * @param domain the domain.
   */
  public lightsailZoneFor(domain: string): LightsailZone | undefined {
    let candidate = normalizeDnsName(domain);
    for (;;) {
      const zone = this.zones.get(candidate);
      if (zone) {
        return zone;
      }
      const dot = candidate.indexOf('.');
      if (dot < 0) {
        return undefined;
      }
      candidate = candidate.slice(dot + 1);
    }
  }

  /**
   * Declares a domain bad: a certificate that names exactly this domain fails with this reason.
   *
   * @param domain the domain (exact match, not its subdomains: a bad `example.com` says nothing
   *   about `www.example.com`).
   * @param reason the `requestFailureReason`.
   */
  public failDomain(domain: string, reason: string): void {
    this.failures.set(normalizeDnsName(domain), reason);
  }

  /**
   * The failure reason declared for a domain, if any.
   *
   * @param domain the domain.
   */
  public failureFor(domain: string): string | undefined {
    const name = normalizeDnsName(domain);
    const declared = this.failures.get(name);
    if (declared) {
      return declared;
    }
    // Documented: certificates for Amazon-owned domains cannot be requested (the note sits under
    // ADDITIONAL_VERIFICATION_REQUIRED). unverified: that the request fails this way rather than
    // being refused with an error.
    return AMAZON_OWNED.some((suffix) => name === suffix || name.endsWith(`.${suffix}`))
      ? 'ADDITIONAL_VERIFICATION_REQUIRED'
      : undefined;
  }

  /** Forgets every zone and every bad domain. */
  public clear(): void {
    this.zones.clear();
    this.failures.clear();
  }
}
