import * as fs from 'fs';
import * as path from 'path';

/** Where a Lambda function's code is on this machine. */
export type FunctionCode =
  /** A directory holding the unzipped code (a `cdk.out/asset.<hash>` directory). */
  | { readonly kind: 'directory'; readonly directory: string }
  /** Inline code (`Code.fromInline`, the `ZipFile` property): CloudFormation writes it as `index.js`. */
  | { readonly kind: 'inline'; readonly source: string };

/**
 * Finds the local directory behind a Lambda function's `Code` property.
 *
 * Two sources, because aws-cdk-lib writes asset resource metadata (`aws:asset:path`) only when the
 * CDK CLI asks for it, while a test's `app.synth()` writes just the `*.assets.json` manifests, which map
 * each S3 object key to the staged directory.
 */
export class AssetCatalog {
  /**
   * Reads every asset manifest of an assembly directory.
   *
   * @param assemblyDir the cloud assembly directory that holds the template and the staged assets
   */
  static fromAssemblyDirectory(assemblyDir: string): AssetCatalog {
    const catalog = new AssetCatalog(assemblyDir);
    for (const file of fs.readdirSync(assemblyDir)) {
      if (file.endsWith('.assets.json')) catalog.addManifest(path.join(assemblyDir, file));
    }
    return catalog;
  }

  private readonly byObjectKey = new Map<string, string>();

  private constructor(private readonly assemblyDir: string) {}

  /**
   * The code of a function.
   *
   * @param code the function's resolved `Code` property (`S3Bucket`/`S3Key` or `ZipFile`)
   * @param metadata the function's template `Metadata`, which may carry `aws:asset:path`
   * @returns where the code is; throws when it cannot be found (a container image, or an asset from
   *   elsewhere)
   */
  codeFor(code: unknown, metadata: Readonly<Record<string, unknown>> | undefined): FunctionCode {
    const c = (code ?? {}) as Record<string, unknown>;
    if (typeof c.ZipFile === 'string') return { kind: 'inline', source: c.ZipFile };
    const metadataPath = metadata?.['aws:asset:path'];
    if (typeof metadataPath === 'string' && (metadata?.['aws:asset:property'] ?? 'Code') === 'Code') {
      return this.directory(path.resolve(this.assemblyDir, metadataPath));
    }
    if (typeof c.S3Key === 'string') {
      const dir = this.byObjectKey.get(c.S3Key);
      if (dir) return this.directory(dir);
      throw new Error(`No asset in ${this.assemblyDir} has the object key ${c.S3Key}`);
    }
    throw new Error(`The local driver can only run code from a local asset or inline code, got ${JSON.stringify(code)}`);
  }

  private directory(dir: string): FunctionCode {
    if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
      throw new Error(`Asset ${dir} is not a directory (zip file assets are not supported by the local driver)`);
    }
    return { kind: 'directory', directory: dir };
  }

  private addManifest(file: string): void {
    const manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as {
      files?: Record<string, { source?: { path?: string }; destinations?: Record<string, { objectKey?: string }> }>;
    };
    for (const asset of Object.values(manifest.files ?? {})) {
      if (!asset.source?.path) continue;
      const dir = path.resolve(path.dirname(file), asset.source.path);
      for (const destination of Object.values(asset.destinations ?? {})) {
        if (destination.objectKey) this.byObjectKey.set(destination.objectKey, dir);
      }
    }
  }
}
