import * as fs from 'fs';
import * as path from 'path';
import { AssetCatalog } from './asset-catalog';
import { Template } from './template';

/**
 * A synthesized cloud assembly: its directory, or anything that has one (aws-cdk-lib's
 * `cx_api.CloudAssembly`, the result of `App.synth()` or `Stage.synth()`).
 */
export type AssemblySource = string | { readonly directory: string };

/** A stack found in a cloud assembly. */
export interface AssemblyStack {
  /** The CloudFormation stack name. */
  readonly stackName: string;
  /** The artifact id in the manifest (often equal to the stack name). */
  readonly artifactId: string;
  /** The synthesized template. */
  readonly template: Template;
  /** The stack's account, or `undefined` for an environment-agnostic stack. */
  readonly account?: string;
  /** The stack's region, or `undefined` for an environment-agnostic stack. */
  readonly region?: string;
  /** The directory the template and its assets are in. */
  readonly assemblyDir: string;
  /** The stack's file assets (Lambda code). */
  readonly assets: AssetCatalog;
}

interface ManifestArtifact {
  readonly type: string;
  readonly environment?: string;
  readonly displayName?: string;
  readonly properties?: { readonly templateFile?: string; readonly stackName?: string; readonly directoryName?: string };
}

/**
 * Finds a stack in a cloud assembly, looking into nested assemblies (stages) too.
 *
 * @param source the assembly
 * @param stackName the stack's CloudFormation name, artifact id or display name (`Stage/Stack`)
 */
export function readAssemblyStack(source: AssemblySource, stackName: string): AssemblyStack {
  const root = typeof source === 'string' ? source : source.directory;
  const found = findStack(path.resolve(root), stackName);
  if (!found) {
    throw new Error(`Stack ${stackName} is not in the cloud assembly at ${root} (stacks: ${listStacks(path.resolve(root)).join(', ') || 'none'})`);
  }
  return found;
}

function readManifest(dir: string): Record<string, ManifestArtifact> {
  const file = path.join(dir, 'manifest.json');
  if (!fs.existsSync(file)) throw new Error(`${dir} is not a cloud assembly: it has no manifest.json`);
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { artifacts?: Record<string, ManifestArtifact> }).artifacts ?? {};
}

function findStack(dir: string, wanted: string): AssemblyStack | undefined {
  const artifacts = readManifest(dir);
  for (const [id, artifact] of Object.entries(artifacts)) {
    if (artifact.type !== 'aws:cloudformation:stack' || !artifact.properties?.templateFile) continue;
    const name = artifact.properties.stackName ?? id;
    if (wanted !== name && wanted !== id && wanted !== artifact.displayName) continue;
    const [account, region] = parseEnvironment(artifact.environment);
    return {
      stackName: name,
      artifactId: id,
      template: JSON.parse(fs.readFileSync(path.join(dir, artifact.properties.templateFile), 'utf8')) as Template,
      account,
      region,
      assemblyDir: dir,
      assets: AssetCatalog.fromAssemblyDirectory(dir),
    };
  }
  for (const artifact of Object.values(artifacts)) {
    if (artifact.type === 'cdk:cloud-assembly' && artifact.properties?.directoryName) {
      const nested = findStack(path.join(dir, artifact.properties.directoryName), wanted);
      if (nested) return nested;
    }
  }
  return undefined;
}

function listStacks(dir: string): string[] {
  const names: string[] = [];
  for (const [id, artifact] of Object.entries(readManifest(dir))) {
    if (artifact.type === 'aws:cloudformation:stack') names.push(artifact.properties?.stackName ?? id);
    if (artifact.type === 'cdk:cloud-assembly' && artifact.properties?.directoryName) {
      names.push(...listStacks(path.join(dir, artifact.properties.directoryName)));
    }
  }
  return names;
}

/** `aws://123456789012/eu-west-1` → account and region; the `unknown-*` placeholders become `undefined`. */
function parseEnvironment(environment: string | undefined): [string | undefined, string | undefined] {
  const match = /^aws:\/\/([^/]+)\/([^/]+)$/.exec(environment ?? '');
  if (!match) return [undefined, undefined];
  return [match[1] === 'unknown-account' ? undefined : match[1], match[2] === 'unknown-region' ? undefined : match[2]];
}
