import { ResourceHooks } from '../options';
import { ResourceTypeHandler } from '../resource-handler';
import { genericResourceHandler } from './generic';
import { lambdaFunctionHandler } from './lambda-function';
import { containerHandler } from './lightsail-container';
import { distributionHandler } from './lightsail-distribution';
import { hostedZoneHandler } from './route53-hosted-zone';
import { recordSetHandler } from './route53-record-set';
import { Route53Zones } from './route53-zones';

/** Finds the handler of a native resource type: the caller's, a built-in one, or the generic fallback. */
export class ResourceRegistry {
  private readonly handlers: Record<string, ResourceTypeHandler>;

  /**
   * @param zones the driver's Route 53 model
   * @param hooks the caller's Lightsail hooks
   * @param overrides the caller's handlers, which win over the built-in ones
   */
  constructor(zones: Route53Zones, hooks: ResourceHooks, overrides: Readonly<Record<string, ResourceTypeHandler>> = {}) {
    this.handlers = {
      'AWS::Lambda::Function': lambdaFunctionHandler(),
      'AWS::Route53::HostedZone': hostedZoneHandler(zones),
      'AWS::Route53::RecordSet': recordSetHandler(zones),
      'AWS::Lightsail::Distribution': distributionHandler(hooks),
      'AWS::Lightsail::Container': containerHandler(hooks),
      ...overrides,
    };
  }

  /** The handler for a type. */
  handlerFor(resourceType: string): ResourceTypeHandler {
    return this.handlers[resourceType] ?? genericResourceHandler(resourceType);
  }
}
