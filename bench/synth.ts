import * as fs from 'fs';
import * as path from 'path';
import { App, Duration, Stack } from 'aws-cdk-lib';
import type * as Lightsail from 'aws-cdk-lib/aws-lightsail';
import * as route53 from 'aws-cdk-lib/aws-route53';
import type * as Library from '../src';

/** Which construct a synth measurement builds. */
export type Subject = 'LightsailCertificate' | 'CfnCertificate';

/** The wait of each `LightsailCertificate`: the default (30 minutes) or the longest allowed (1 hour). */
export type Wait = 'default' | 'max';

// Users load the compiled library from lib/ (jsii's output), not TypeScript sources: use it when built.
const COMPILED = path.join(__dirname, '..', 'lib', 'index.js');

/**
 * Loads what a subject's app imports besides aws-cdk-lib's core and Route 53 (which both apps use):
 * the library for `LightsailCertificate`, aws-cdk-lib's Lightsail module for `CfnCertificate`. Each
 * app loads only its own, as a user's app would.
 */
export function loadSubject(subject: Subject): unknown {
  /* eslint-disable @typescript-eslint/no-require-imports */
  return subject === 'LightsailCertificate'
    ? require(fs.existsSync(COMPILED) ? COMPILED : '../src') as typeof Library
    : require('aws-cdk-lib/aws-lightsail') as typeof Lightsail;
  /* eslint-enable @typescript-eslint/no-require-imports */
}

/** The hosted zone the bench's certificates validate in (imported, as most apps do). */
export const BENCH_ZONE = { hostedZoneId: 'Z0123456789', zoneName: 'example.com' } as const;

/**
 * A stack of `count` certificates of one kind, each with a primary domain and one alternate; the
 * `LightsailCertificate`s are validated through an imported Route 53 zone and wait for ISSUED. With
 * `zonePerCertificate`, each certificate has a zone of its own (`site<i>.com`, a 21-character id); with
 * `renewalWatch`, every certificate is watched.
 */
export function buildStack(subject: Subject, count: number, wait: Wait = 'default', zonePerCertificate = false, renewalWatch = false): Stack {
  const app = new App();
  const stack = new Stack(app, 'Bench', { env: { account: '123456789012', region: 'eu-west-1' } });
  const zone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', BENCH_ZONE);
  if (subject === 'LightsailCertificate') {
    const { CertificateValidation, LightsailCertificate } = loadSubject(subject) as typeof Library;
    const timeout = wait === 'max' ? Duration.hours(1) : undefined;
    for (let i = 0; i < count; i++) {
      const own = zonePerCertificate
        ? route53.HostedZone.fromHostedZoneAttributes(stack, `Zone${i}`, { hostedZoneId: `Z${String(i).padStart(20, '0')}`, zoneName: `site${i}.com` })
        : undefined;
      new LightsailCertificate(stack, `Cert${i}`, {
        domainName: own ? `site${i}.com` : `site${i}.example.com`,
        subjectAlternativeNames: [own ? `www.site${i}.com` : `www.site${i}.example.com`],
        validation: CertificateValidation.fromRoute53(own ?? zone),
        timeout,
        renewalWatch: renewalWatch || undefined,
      });
    }
  } else {
    const lightsail = loadSubject(subject) as typeof Lightsail;
    for (let i = 0; i < count; i++) {
      new lightsail.CfnCertificate(stack, `Cert${i}`, {
        certificateName: `cert-${i}`,
        domainName: `site${i}.example.com`,
        subjectAlternativeNames: [`www.site${i}.example.com`],
      });
    }
  }
  return stack;
}

/** The synthesized template of a stack. */
export function synthTemplate(stack: Stack): any {
  const assembly = App.of(stack)!.synth() as any;
  return assembly.getStackByName(stack.stackName).template;
}

/** Removes the assembly directory a stack's app wrote (a temporary one, when no outdir was given). */
export function removeAssembly(stack: Stack): void {
  fs.rmSync(App.of(stack)!.outdir, { recursive: true, force: true });
}

/** Milliseconds to build and synthesize one stack (its assembly is removed after the timing). */
export function timeSynth(subject: Subject, count: number): number {
  const start = process.hrtime.bigint();
  const stack = buildStack(subject, count);
  synthTemplate(stack);
  const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
  removeAssembly(stack);
  return elapsed;
}

/** The median of a list of numbers. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Resource counts by type. */
export function countByType(template: any): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const resource of Object.values(template.Resources) as any[]) {
    counts[resource.Type] = (counts[resource.Type] ?? 0) + 1;
  }
  return counts;
}

/** Bytes of the resources of the given types, as CloudFormation receives them (minified JSON). */
export function bytesOf(template: any, types: (type: string) => boolean): number {
  return Object.values(template.Resources as Record<string, any>)
    .filter((r) => types(r.Type))
    .reduce((sum, r) => sum + JSON.stringify(r).length, 0);
}
