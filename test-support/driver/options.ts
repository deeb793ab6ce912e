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
