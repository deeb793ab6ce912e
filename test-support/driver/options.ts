import { ResourceTypeHandler } from './resource-handler';
import { TickableClock } from './virtual-clock';

/**
 * Where `AWS::Route53::RecordSet` resources are written, e.g. the Lightsail emulator's DNS.
 *
 * Names are passed as Route 53 stores them: fully qualified, lower case, with the trailing dot
 * (`_abc.example.com.`). Values are passed as the template gives them. A record with several values
 * is one call per value.
 */
export interface DnsSink {
  /** A record now exists. */
  upsert(name: string, type: string, value: string): void | Promise<void>;
  /** A record no longer exists. */
  delete(name: string, type: string, value: string): void | Promise<void>;
  /**
   * A hosted zone exists: one a stack created, or one of `hostedZones`. Name as the driver stores it
   * (lower case, trailing dot).
   */
  addZone?(id: string, name: string): void;
  /** A hosted zone a stack created is being deleted; throw to fail the deletion (e.g. records left in it). */
  removeZone?(id: string): void;
}

/** A Lightsail resource that starts or stops using a certificate. */
export interface CertificateAttachment {
  /**
   * The region Lightsail looks the certificate up in: always `us-east-1` for a distribution (the only
   * region whose certificates distributions accept), the stack's region for a container service.
   */
  readonly region: string;
  /** The certificate name. */
  readonly certificateName: string;
  /** `AWS::Lightsail::Distribution` or `AWS::Lightsail::Container`. */
  readonly resourceType: string;
  /** The distribution or container service name. */
  readonly resourceName: string;
  /** The region of the stack that holds the resource. */
  readonly stackRegion: string;
}

/**
 * Callbacks for native resources whose effect the driver cannot know by itself. A callback that
 * throws fails the resource with the error's message.
 */
export interface ResourceHooks {
  /**
   * A distribution or container service is created with, or updated to use, a certificate. The
   * emulator checks the certificate exists and is ISSUED there, and counts it in use.
   */
  onAttachCertificate?(attachment: CertificateAttachment): void | Promise<void>;
  /** A distribution or container service stops using a certificate (update or delete). */
  onDetachCertificate?(attachment: CertificateAttachment): void | Promise<void>;
  /** A distribution exists now, or has changed: what `GetDistributions` should list. */
  onPutDistribution?(distribution: DistributionInfo): void;
  /** A distribution is deleted. */
  onDeleteDistribution?(name: string): void;
}

/** A deployed distribution, as Lightsail lists it. */
export interface DistributionInfo {
  readonly name: string;
  readonly arn: string;
  /** Its own domain, `<id>.cloudfront.net`. */
  readonly domainName: string;
  /** `dualstack` (the default) or `ipv4`. */
  readonly ipAddressType: string;
  readonly status: string;
}

/**
 * Another resource's failure, played while a custom resource is being created (see
 * {@link LocalCloudFormationOptions.failWhileInProgress}).
 */
export interface FailWhileInProgress {
  /** The custom resource whose Create starts the count. */
  readonly logicalId: string;
  /** How long (virtual ms) after that Create was sent the other resource fails. */
  readonly afterMs: number;
  /** The other resource's failure, shown in the stack status. @default 'Another resource failed to create (local driver: failWhileInProgress)' */
  readonly reason?: string;
}

/** Options of a {@link LocalCloudFormation}. */
export interface LocalCloudFormationOptions {
  /**
   * The account of environment-agnostic stacks.
   * @default '123456789012'
   */
  readonly account?: string;
  /**
   * The region of environment-agnostic stacks.
   * @default 'us-east-1'
   */
  readonly region?: string;
  /** Receives Route 53 records. @default records are kept only in the driver's Route 53 model */
  readonly dnsSink?: DnsSink;
  /** Callbacks for Lightsail distributions and container services. @default none */
  readonly hooks?: ResourceHooks;
  /**
   * The virtual clock to advance while waiting. @default a fake `Date` (`@sinonjs/fake-timers`)
   * installed for the duration of each operation
   */
  readonly clock?: TickableClock;
  /** Receives one line per stack event, like `cdk deploy` prints them. @default nothing is printed */
  readonly log?: (line: string) => void;
  /**
   * Receives what Lambda functions print through `console` (in AWS: their CloudWatch Logs), one line
   * per call, prefixed with the level. @default dropped
   */
  readonly functionLog?: (functionName: string, line: string) => void;
  /**
   * Handlers for resource types, replacing or adding to the built-in ones (Route 53 zones and record
   * sets, Lightsail distributions and container services, Lambda functions, and the generic fallback).
   */
  readonly resourceHandlers?: Readonly<Record<string, ResourceTypeHandler>>;
  /**
   * Hosted zones that exist outside the deployed stacks (imported with `HostedZone.fromHostedZoneAttributes`),
   * zone id → zone name, so record names can be checked against the zone like Route 53 does.
   * @default record sets in unknown zones are not checked
   */
  readonly hostedZones?: Readonly<Record<string, string>>;
  /**
   * Plays CloudFormation's parallelism where it shows: another resource fails `afterMs` after the Create of
   * the custom resource `logicalId` was sent (in any stack, each time it is created). CloudFormation then
   * cancels every Create still in progress — that one included if it has not answered by then — marking
   * it `CREATE_FAILED` "Resource creation cancelled", stops waiting for it and rolls back, sending it a
   * Delete with a physical id it makes up. Its invocation keeps running meanwhile (Lambda does not know),
   * alongside the rollback's, in another execution environment; its response is ignored. If the resource
   * answered before, it completes, and the stack rolls back when the time comes.
   * @default nothing else fails
   */
  readonly failWhileInProgress?: FailWhileInProgress;
  /**
   * Values of SSM parameters for `AWS::SSM::Parameter::Value<...>` template parameters, by path.
   * @default aws-cdk-lib's bootstrap version parameter resolves to a recent version
   */
  readonly ssmParameters?: Readonly<Record<string, string>>;
}

/** Options of one deploy. */
export interface DeployOptions {
  /** Template parameter values, by name. @default the parameters' defaults */
  readonly parameters?: Readonly<Record<string, string>>;
}
