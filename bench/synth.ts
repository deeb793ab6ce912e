import * as fs from 'fs';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as lightsail from 'aws-cdk-lib/aws-lightsail';
import * as route53 from 'aws-cdk-lib/aws-route53';
import type * as Library from '../src';

// Users load the compiled library from lib/ (jsii's output), not TypeScript sources: use it when built.
const COMPILED = path.join(__dirname, '..', 'lib', 'index.js');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { CertificateValidation, LightsailCertificate }: typeof Library = require(fs.existsSync(COMPILED) ? COMPILED : '../src');

/** Which construct a synth measurement builds. */
export type Subject = 'LightsailCertificate' | 'CfnCertificate';

/** A stack of `count` certificates of one kind, each with a primary domain and one alternate. */
export function buildStack(subject: Subject, count: number): Stack {
  const app = new App();
  const stack = new Stack(app, 'Bench', { env: { account: '123456789012', region: 'eu-west-1' } });
  const zone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z0123456789', zoneName: 'example.com' });
  for (let i = 0; i < count; i++) {
    const domainName = `site${i}.example.com`;
    const subjectAlternativeNames = [`www.site${i}.example.com`];
    if (subject === 'LightsailCertificate') {
      new LightsailCertificate(stack, `Cert${i}`, { domainName, subjectAlternativeNames, validation: CertificateValidation.fromRoute53(zone) });
    } else {
      new lightsail.CfnCertificate(stack, `Cert${i}`, { certificateName: `cert-${i}`, domainName, subjectAlternativeNames });
    }
  }
  return stack;
}

/** The synthesized template of a stack. */
export function synthTemplate(stack: Stack): any {
  const assembly = App.of(stack)!.synth() as any;
  return assembly.getStackByName(stack.stackName).template;
}

/** Milliseconds to build and synthesize one stack. */
export function timeSynth(subject: Subject, count: number): number {
  const start = process.hrtime.bigint();
  synthTemplate(buildStack(subject, count));
  return Number(process.hrtime.bigint() - start) / 1e6;
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
