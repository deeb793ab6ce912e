/**
 * What serves a certificate, as the API sees it: distributions (kept in us-east-1) with the certificate
 * attached to each, and container services (regional) with their `publicDomainNames`, a map from
 * certificate name to the domains served with it. Each attachment is held on the certificate
 * (`inUseResourceCount`) under a holder key, so that a detach lets go of exactly that attachment.
 *
 * Documented (botocore `lightsail/2016-11-28`): `AttachCertificateToDistribution` takes us-east-1
 * certificates only; a distribution has at most one certificate (`LightsailDistribution.certificateName`);
 * a container service takes "up to four public domain names", each with a validated certificate.
 */
import { randomUUID } from 'crypto';
import type { WireDistribution } from './lightsail';

/** A container service, as `GetContainerServices` lists it (the members this project reads). */
export interface ContainerServiceState {
  readonly containerServiceName: string;
  readonly arn: string;
  readonly region: string;
  /** `https://<name>.<id>.<region>.cs.amazonlightsail.com/`, the shape the Lightsail guide shows. */
  readonly url: string;
  state: string;
  /** Certificate name to the domains served with it. */
  publicDomainNames: Record<string, string[]>;
}

/** A load balancer, as far as its certificates need it. */
export interface LoadBalancerState {
  readonly name: string;
  readonly region: string;
  readonly arn: string;
}

/** The key under which a target holds a certificate. */
export function holderOf(kind: 'distribution' | 'container-service', region: string, name: string): string {
  return `${kind}:${region}:${name}`;
}

/** Documented (`ContainerService.publicDomainNames`): "You can specify up to four public domain names for a container service." */
export const MAX_CONTAINER_SERVICE_DOMAINS = 4;

/** Distributions and container services of the account. */
export class LightsailTargets {
  /** Distributions by name (Lightsail keeps them all in us-east-1). */
  public readonly distributions = new Map<string, WireDistribution>();
  /** Distributions whose next read still shows the state before an attach (mode `distributionAttach: in-progress`). */
  public readonly staleReads = new Map<string, WireDistribution>();
  private readonly services = new Map<string, ContainerServiceState>();
  /** Load balancers by `<region>/<name>`. */
  public readonly loadBalancers = new Map<string, LoadBalancerState>();

  constructor(private readonly accountId: string) {}

  /** Adds a load balancer of `region` (its certificates are kept with the certificates). */
  public addLoadBalancer(region: string, name: string): LoadBalancerState {
    const balancer = { name, region, arn: `arn:aws:lightsail:${region}:${this.accountId}:LoadBalancer/${randomUUID()}` };
    this.loadBalancers.set(`${region}/${name}`, balancer);
    return balancer;
  }

  /** Adds a container service of `region`. */
  public addContainerService(region: string, name: string, publicDomainNames: Record<string, string[]> = {}): ContainerServiceState {
    const id = Math.random().toString(36).slice(2, 15).padEnd(13, '0');
    const service: ContainerServiceState = {
      containerServiceName: name,
      arn: `arn:aws:lightsail:${region}:${this.accountId}:ContainerService/${id}`,
      region,
      url: `https://${name}.${id}.${region}.cs.amazonlightsail.com/`,
      state: 'RUNNING',
      publicDomainNames,
    };
    this.services.set(`${region}/${name}`, service);
    return service;
  }

  public containerService(region: string, name: string): ContainerServiceState | undefined {
    return this.services.get(`${region}/${name}`);
  }

  public containerServices(region: string): ContainerServiceState[] {
    return [...this.services.values()].filter((s) => s.region === region);
  }
}
