import { AssetCatalog } from './asset-catalog';
import { PseudoParameters } from './pseudo-parameters';

/** A request to create, update or delete one native (non-custom) resource. */
export interface ResourceRequest {
  /** The resource's logical id. */
  readonly logicalId: string;
  /** The resource type, e.g. `AWS::Route53::RecordSet`. */
  readonly resourceType: string;
  /** The resolved properties (for a delete: the properties it was last deployed with). */
  readonly properties: Readonly<Record<string, unknown>>;
  /** Update only: the resolved properties it had before. */
  readonly oldProperties?: Readonly<Record<string, unknown>>;
  /** Update and delete: the resource's physical id. */
  readonly physicalId?: string;
  /** Update and delete: the attributes it has now. */
  readonly attributes?: Readonly<Record<string, unknown>>;
  /** Update and delete: what the handler kept in {@link ResourceResponse.internal} last time. */
  readonly internal?: unknown;
  /** The resource's template `Metadata`. */
  readonly metadata?: Readonly<Record<string, unknown>>;
  /** The stack the resource belongs to. */
  readonly stack: PseudoParameters;
  /** The file assets of the template being deployed (to find Lambda code). */
  readonly assets: AssetCatalog;
}

/** What a handler answers for a create or an update. */
export interface ResourceResponse {
  /** The physical id. An update returns the one it was given (replacement is the driver's decision). */
  readonly physicalId: string;
  /** Attributes for `Fn::GetAtt`. */
  readonly attributes?: Readonly<Record<string, unknown>>;
  /** What `Ref` returns, when it is not the physical id. */
  readonly ref?: unknown;
  /** Anything the handler wants back in later requests for this resource; not visible to templates. */
  readonly internal?: unknown;
}

/** A deployed resource, as {@link ResourceTypeHandler.getAtt} sees it. */
export interface DeployedResourceView {
  /** The logical id. */
  readonly logicalId: string;
  /** The resource type. */
  readonly type: string;
  /** The physical id. */
  readonly physicalId: string;
  /** The resolved properties it was deployed with. */
  readonly properties: Readonly<Record<string, unknown>>;
  /** Its attributes. */
  readonly attributes: Readonly<Record<string, unknown>>;
  /** The stack. */
  readonly stack: PseudoParameters;
}

/**
 * Plays one native resource type. Throwing from any method fails the resource with the error's
 * message, as a failed resource provider would.
 */
export interface ResourceTypeHandler {
  /**
   * Properties whose change replaces the resource: the driver then calls `create` for a new physical
   * resource and `delete` for the old one in the cleanup phase. Other changes call `update`.
   */
  readonly replacementProperties?: readonly string[];
  /** Creates the resource. */
  create(request: ResourceRequest): Promise<ResourceResponse> | ResourceResponse;
  /** Updates the resource in place. Default: keep the physical id and attributes. */
  update?(request: ResourceRequest): Promise<ResourceResponse> | ResourceResponse;
  /** Deletes the resource. Default: nothing to do. */
  delete?(request: ResourceRequest): Promise<void> | void;
  /**
   * An attribute that is not among the ones `create`/`update` returned. Default: `Fn::GetAtt` of it
   * is an error.
   */
  getAtt?(resource: DeployedResourceView, attribute: string): unknown;
}
