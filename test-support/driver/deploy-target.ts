import { AssetCatalog } from './asset-catalog';
import { Template } from './template';

/** What a deploy brings the stack to. */
export interface DeployTarget {
  /** The new template. */
  readonly template: Template;
  /** Its parameter values. */
  readonly parameters: Record<string, unknown>;
  /** Its assets. */
  readonly assets: AssetCatalog;
}
