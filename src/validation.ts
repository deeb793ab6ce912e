import { Token } from 'aws-cdk-lib';
import type { IRole } from 'aws-cdk-lib/aws-iam';
import type { IHostedZone } from 'aws-cdk-lib/aws-route53';

/**
 * How the DNS validation records of a certificate are published.
 */
export enum ValidationMethod {
  /** The construct writes the CNAME records into Route 53 hosted zones, and the deploy waits for ISSUED. */
  ROUTE53 = 'ROUTE53',
  /** The domains' DNS zones are Lightsail domains, where Lightsail adds the records itself (`fromLightsailDomain()`). */
  LIGHTSAIL_DOMAIN = 'LIGHTSAIL_DOMAIN',
  /** Nothing is written to DNS: someone adds the records by hand, or another tool does (`manual()`). */
  MANUAL = 'MANUAL',
}

/**
 * Options for manual validation.
 */
export interface ManualValidationOptions {
  /**
   * Whether the deploy waits until the certificate is ISSUED.
   *
   * Leave it off when the records are added after the deploy (read them from the stack outputs of
   * `addValidationOutputs()`); turn it on when they are already in DNS, e.g. for a certificate
   * recreated with the same domains, so that what uses the certificate is created after issuance.
   *
   * @default false
   */
  readonly waitForIssued?: boolean;
}

/**
 * How the certificate's provider reaches a Route 53 hosted zone that lives in another AWS account: it
 * assumes a role of that account (STS `AssumeRole`) for that zone's Route 53 calls only.
 *
 * Used for a certificate's validation records (`CertificateValidation.fromRoute53CrossAccount`) and for
 * serving records (`LightsailDomainRecords`'s `zoneAccess`). The role's trust policy must allow the
 * stack's provider role (or its account), and its permissions must allow those records; the README shows
 * both policies.
 *
 * @example
 * declare const zone: route53.IHostedZone;
 * const access: HostedZoneAccess = {
 *   role: iam.Role.fromRoleArn(this, 'DnsRole', 'arn:aws:iam::111111111111:role/LightsailValidation'),
 *   externalId: 'cdk-lightsail-certificate',
 * };
 * const validation = CertificateValidation.fromRoute53CrossAccount(zone, access);
 */
export interface HostedZoneAccess {
  /**
   * The role, in the zone's account, that the provider assumes to write and remove the validation
   * records (usually `iam.Role.fromRoleArn(...)`). Its ARN goes into the provider role's policy
   * (`sts:AssumeRole` on exactly this role).
   */
  readonly role: IRole;

  /**
   * The external id the role's trust policy asks for (condition `sts:ExternalId`). It is not a secret:
   * it is written into the template.
   *
   * @default - none
   */
  readonly externalId?: string;
}

/**
 * How a `LightsailCertificate` is validated: where its DNS validation records go, and whether the
 * deploy waits for the certificate to be ISSUED.
 *
 * @example
 * declare const zone: route53.IHostedZone;
 * const validation = CertificateValidation.fromRoute53(zone);
 */
export class CertificateValidation {
  /**
   * Writes the validation records into one Route 53 hosted zone, which must be the zone of every
   * domain of the certificate (or of a parent domain), and waits for ISSUED.
   *
   * @param hostedZone the zone that holds the records, in the certificate stack's account
   */
  public static fromRoute53(hostedZone: IHostedZone): CertificateValidation {
    return CertificateValidation.route53('fromRoute53', hostedZone);
  }

  /**
   * Like `fromRoute53`, for a zone that lives in another AWS account: the provider assumes `access.role`
   * there for that zone's Route 53 calls (its Lightsail calls stay in the stack's account).
   *
   * @param hostedZone the zone that holds the records
   * @param access the role of the zone's account to assume, and the external id its trust policy asks for
   */
  public static fromRoute53CrossAccount(hostedZone: IHostedZone, access: HostedZoneAccess): CertificateValidation {
    return CertificateValidation.route53('fromRoute53CrossAccount', hostedZone, access);
  }

  /**
   * Writes the validation records into several Route 53 hosted zones, and waits for ISSUED.
   *
   * Each domain of the certificate goes to the zone listed under that domain, or else under its
   * closest listed parent domain: `{ 'example.com': zoneA }` covers `example.com` and `www.example.com`.
   *
   * @param hostedZones zones by domain name, in the certificate stack's account
   */
  public static fromRoute53Zones(hostedZones: { [domainName: string]: IHostedZone }): CertificateValidation {
    return CertificateValidation.route53Zones('fromRoute53Zones', hostedZones);
  }

  /**
   * Like `fromRoute53Zones`, where some zones live in other AWS accounts: `access` gives, under the same
   * key as its zone, the role to assume for each such zone. Zones without an entry are in the stack's account.
   *
   * @param hostedZones zones by domain name
   * @param access the role to assume for each zone of another account, under the same key as its zone
   */
  public static fromRoute53ZonesCrossAccount(
    hostedZones: { [domainName: string]: IHostedZone }, access: { [domainName: string]: HostedZoneAccess },
  ): CertificateValidation {
    return CertificateValidation.route53Zones('fromRoute53ZonesCrossAccount', hostedZones, access);
  }

  /**
   * The domains' DNS zones are Lightsail domains, where Lightsail adds the validation records
   * itself. The deploy waits for ISSUED and fails if Lightsail reports that it could not add a record.
   */
  public static fromLightsailDomain(): CertificateValidation {
    return new CertificateValidation(ValidationMethod.LIGHTSAIL_DOMAIN, true, {});
  }

  /**
   * Nothing is written to DNS: the records are attributes of the certificate (and stack outputs
   * with `addValidationOutputs()`), to be added wherever the domains' DNS is.
   *
   * @param options whether to wait for ISSUED
   */
  public static manual(options: ManualValidationOptions = {}): CertificateValidation {
    return new CertificateValidation(ValidationMethod.MANUAL, options.waitForIssued ?? false, {});
  }

  private static route53(method: string, hostedZone: IHostedZone, access?: HostedZoneAccess): CertificateValidation {
    // JavaScript and Python callers get no type check: a missing zone would otherwise surface at synth as a TypeError.
    if (!isZone(hostedZone)) {
      throw new Error(`CertificateValidation.${method}(hostedZone): hostedZone is ${describe(hostedZone)}; pass the route53.IHostedZone that holds the domains' records`);
    }
    if (method !== 'fromRoute53') {
      // A JavaScript or Python caller may leave access out: reported as its missing role.
      checkAccess(`CertificateValidation.${method}(hostedZone, access): access`, access ?? ({} as HostedZoneAccess));
    }
    return new CertificateValidation(ValidationMethod.ROUTE53, true, { '': hostedZone }, access ? { '': access } : {});
  }

  private static route53Zones(
    method: string, hostedZones: { [domainName: string]: IHostedZone }, access?: { [domainName: string]: HostedZoneAccess },
  ): CertificateValidation {
    if (hostedZones === null || typeof hostedZones !== 'object') {
      throw new Error(`CertificateValidation.${method}(hostedZones): hostedZones is ${describe(hostedZones)}; pass an object of route53.IHostedZone by domain name, like { 'example.com': zone }`);
    }
    const missing = Object.keys(hostedZones).filter((domain) => !isZone(hostedZones[domain]));
    if (missing.length > 0) {
      throw new Error(`CertificateValidation.${method}(hostedZones): ${missing.map((d) => `hostedZones[${JSON.stringify(d)}] is ${describe(hostedZones[d])}`).join(', ')}; each value must be a route53.IHostedZone`);
    }
    const accessByKey = access ?? {};
    const strays = Object.keys(accessByKey).filter((key) => !(key in hostedZones));
    if (strays.length > 0) {
      throw new Error(`CertificateValidation.${method}(hostedZones, access): access has ${strays.map((k) => JSON.stringify(k)).join(', ')}, which hostedZones lacks; `
        + `each key of access must be a key of hostedZones (${Object.keys(hostedZones).map((k) => JSON.stringify(k)).join(', ')})`);
    }
    Object.entries(accessByKey).forEach(([key, a]) => checkAccess(`CertificateValidation.${method}(hostedZones, access): access[${JSON.stringify(key)}]`, a));
    return new CertificateValidation(ValidationMethod.ROUTE53, true, { ...hostedZones }, { ...accessByKey });
  }

  /** How the records are published. */
  public readonly method: ValidationMethod;

  /** Whether the deploy waits until the certificate is ISSUED. */
  public readonly waitForIssued: boolean;

  /**
   * Route 53 zones by the domain they serve; the key `''` serves every domain.
   *
   * @internal
   */
  public readonly _hostedZones: { [domainName: string]: IHostedZone };

  /**
   * The role to assume for each zone of another account, under its zone's key.
   *
   * @internal
   */
  public readonly _access: { [domainName: string]: HostedZoneAccess };

  private constructor(
    method: ValidationMethod, waitForIssued: boolean,
    hostedZones: { [domainName: string]: IHostedZone }, access: { [domainName: string]: HostedZoneAccess } = {},
  ) {
    this.method = method;
    this.waitForIssued = waitForIssued;
    this._hostedZones = hostedZones;
    this._access = access;
  }
}

/** Refuses an access that is not an object with a role (JavaScript and Python callers get no type check). */
function checkAccess(what: string, access: HostedZoneAccess | undefined): void {
  if (access === undefined) return;
  const role = (access as { role?: unknown } | null)?.role;
  if (role === null || typeof role !== 'object' || !('roleArn' in role)) {
    const was = role !== null && typeof role === 'object' ? 'an object that is not a role (no roleArn)' : describe(role);
    throw new Error(`${what}.role is ${was}; pass the iam.IRole of the zone's account to assume, e.g. iam.Role.fromRoleArn(this, 'DnsRole', 'arn:aws:iam::111111111111:role/Name')`);
  }
  if (access.externalId !== undefined && !Token.isUnresolved(access.externalId) && (typeof access.externalId !== 'string' || !/^[\w+=,.@:/-]{2,1224}$/.test(access.externalId))) {
    // STS API reference, AssumeRole: ExternalId is 2 to 1224 characters of [\w+=,.@:\/-].
    throw new Error(`${what}.externalId is ${describe(access.externalId)}; STS takes 2 to 1224 characters of letters, digits and + = , . @ : / - _`);
  }
}

/** Whether `x` looks like a hosted zone: an object with a `hostedZoneId`. */
function isZone(x: unknown): x is IHostedZone {
  return x !== null && typeof x === 'object' && 'hostedZoneId' in x;
}

/** What a wrong argument was, for a message. */
function describe(x: unknown): string {
  if (x === undefined || x === null) {
    return String(x);
  }
  return typeof x === 'object' ? 'an object that is not a hosted zone (no hostedZoneId)' : `${typeof x} ${JSON.stringify(x)}`;
}
