import { App, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as lightsail from 'aws-cdk-lib/aws-lightsail';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { newStack, zone } from './util';
import { CertificateValidation, DomainTarget, LightsailCertificate, LightsailDomainRecords } from '../src';
import { closest, editDistance } from '../src/private/closest';

/** Mistakes the construct can see from the rest of the app, and plain-JavaScript mistakes jsii's types don't catch. */

function distribution(scope: Stack, certificateName: string, id = 'Cdn') {
  return new lightsail.CfnDistribution(scope, id, {
    distributionName: id.toLowerCase(),
    bundleId: 'small_1_0',
    defaultCacheBehavior: { behavior: 'cache' },
    origin: { name: 'origin', regionName: 'eu-west-1', protocolPolicy: 'https-only' },
    certificateName,
  });
}

function synthError(stack: Stack): string | undefined {
  try {
    Template.fromStack(stack);
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

function nameWarnings(stack: Stack): string[] {
  return Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('not waited for')).map((w) => String(w.entry.data));
}

describe('a certificate outside us-east-1 that a distribution takes', () => {
  test('fails synth, naming the distribution and the certificate', () => {
    const stack = newStack();
    const certificate = new LightsailCertificate(stack, 'Cert', { domainName: 'example.com', region: 'eu-west-1', validation: CertificateValidation.fromRoute53(zone(stack)) });
    distribution(stack, certificate.certificateName);
    expect(synthError(stack)).toMatch(
      /LightsailCertificate TestStack\/Cert: region is "eu-west-1", but the distribution TestStack\/Cdn takes this certificate \(certificateName\), and Lightsail distributions accept us-east-1 certificates only/,
    );
  });

  test('is found in another stack of the app, and with manual validation (the name without the wait)', () => {
    const app = new App();
    const env = { account: '111111111111', region: 'eu-west-1' };
    const certificates = new Stack(app, 'Certificates', { env });
    const certificate = new LightsailCertificate(certificates, 'Cert', { domainName: 'example.com', region: 'eu-west-1' });
    const site = new Stack(app, 'Site', { env });
    distribution(site, certificate.certificateName, 'Other');
    expect(synthError(certificates)).toMatch(/the distribution Site\/Other takes this certificate/);
  });

  test('a us-east-1 certificate, or a distribution that takes another certificate, is no error', () => {
    const stack = newStack();
    const east = new LightsailCertificate(stack, 'East', { domainName: 'example.com', validation: CertificateValidation.fromRoute53(zone(stack)) });
    new LightsailCertificate(stack, 'West', { domainName: 'example.com', region: 'eu-west-1', validation: CertificateValidation.fromRoute53(zone(stack)) });
    distribution(stack, east.certificateName);
    distribution(stack, 'by-hand', 'ByName');
    expect(synthError(stack)).toBeUndefined();
  });
});

describe('certificateName read without a wait, in a stack that has the zone', () => {
  test('the warning suggests fromRoute53 with the zone\'s path, even when the zone comes after the read', () => {
    const stack = newStack();
    const certificate = new LightsailCertificate(stack, 'Cert', { domainName: 'example.com', subjectAlternativeNames: ['www.example.com'] });
    distribution(stack, certificate.certificateName);
    new route53.PublicHostedZone(stack, 'Zone', { zoneName: 'example.com' });
    const [warning, ...more] = nameWarnings(stack);
    expect(more).toHaveLength(0);
    expect(warning).toMatch(/The stack has the hosted zone TestStack\/Zone \(example.com\), which covers every domain: CertificateValidation.fromRoute53\(<TestStack\/Zone>\)/);
  });

  test('domains in two imported zones: the warning suggests fromRoute53Zones, each domain with its closest zone', () => {
    const stack = newStack();
    zone(stack, 'example.com', 'ZCOM');
    zone(stack, 'www.example.com', 'ZWWW');
    zone(stack, 'example.net', 'ZNET');
    const certificate = new LightsailCertificate(stack, 'Cert', { domainName: 'www.example.com', subjectAlternativeNames: ['example.net'] });
    distribution(stack, certificate.certificateName);
    expect(nameWarnings(stack)[0]).toMatch(
      /CertificateValidation.fromRoute53Zones\(\{ "www.example.com": <TestStack\/Zone-www.example.com>, "example.net": <TestStack\/Zone-example.net> \}\)/,
    );
  });

  test.each([
    ['a private zone', (stack: Stack) => new route53.PrivateHostedZone(stack, 'Private', {
      zoneName: 'example.com', vpc: ec2.Vpc.fromVpcAttributes(stack, 'Vpc', { vpcId: 'vpc-1', availabilityZones: ['eu-west-1a'] }),
    }), ['example.com']],
    ['a zone that misses a domain', (stack: Stack) => zone(stack, 'example.com'), ['example.com', 'example.org']],
    ['no zone', () => undefined, ['example.com']],
  ])('%s: the warning keeps to manual({ waitForIssued: true })', (_what, addZone, [domainName, ...subjectAlternativeNames]) => {
    const stack = newStack();
    addZone(stack);
    const certificate = new LightsailCertificate(stack, 'Cert', { domainName, subjectAlternativeNames });
    distribution(stack, certificate.certificateName);
    const [warning] = nameWarnings(stack);
    expect(warning).toMatch(/certificate is ISSUED, and Lightsail attaches only ISSUED certificates. Once the validation records are in DNS, use CertificateValidation.manual\(\{ waitForIssued: true \}\)\. \[ack/);
    expect(warning).not.toMatch(/fromRoute53/);
  });
});

describe('a region a slip away from one Lightsail serves', () => {
  test('us-est-1 warns, suggesting us-east-1', () => {
    const stack = newStack();
    new LightsailCertificate(stack, 'Cert', { domainName: 'example.com', region: 'us-est-1' });
    const warnings = Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('region "us-est-1" is not one Lightsail serves'));
    expect(warnings.map((w) => String(w.entry.data))).toEqual([expect.stringMatching(/; did you mean "us-east-1"\?/)]);
  });

  test('a malformed region suggests the close match in its error', () => {
    const stack = newStack();
    new LightsailCertificate(stack, 'Ok', { domainName: 'example.com' });
    expect(() => new LightsailCertificate(stack, 'Cert', { domainName: 'example.com', region: 'euwest-1' })).toThrow(
      /region "euwest-1" is not an AWS region name like "us-east-1"; did you mean "eu-west-1"\?/,
    );
  });

  test('a region that differs only in its number (a new region, not a slip) gets no suggestion', () => {
    const stack = newStack();
    new LightsailCertificate(stack, 'Cert', { domainName: 'example.com', region: 'ap-south-2' });
    const [warning] = Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('not one Lightsail serves'));
    expect(String(warning.entry.data)).not.toMatch(/did you mean/);
  });

  test('edit distance', () => {
    expect(editDistance('us-est-1', 'us-east-1')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
    expect(closest('US-EST-1', ['eu-west-1', 'us-east-1'])).toBe('us-east-1');
    expect(closest('mars-north-9', ['eu-west-1', 'us-east-1'])).toBeUndefined();
  });
});

describe('what a JavaScript or Python caller can pass', () => {
  test.each([
    ['Duration.millis(1500)', Duration.millis(1500), /timeout is 1.5 seconds; it must be a whole number of seconds, e.g. Duration.seconds\(60\)/],
    ['Duration.seconds(90.5)', Duration.seconds(90.5), /timeout is 90.5 seconds; it must be a whole number of seconds, e.g. Duration.seconds\(91\)/],
  ])('a fractional timeout (%s) names the prop and the value', (_what, timeout, message) => {
    expect(() => new LightsailCertificate(newStack(), 'Cert', { domainName: 'example.com', timeout })).toThrow(message);
  });

  test('LightsailDomainRecords domainNames that differ only in case name both places', () => {
    const stack = newStack();
    const certificate = new LightsailCertificate(stack, 'Cert', {
      domainName: 'example.com',
      subjectAlternativeNames: ['www.example.com'],
      validation: CertificateValidation.fromRoute53(zone(stack)),
    });
    const cdn = distribution(stack, certificate.certificateName);
    expect(() => new LightsailDomainRecords(stack, 'Records', {
      certificate, target: DomainTarget.distribution(cdn), zone: zone(stack), domainNames: ['www.example.com', 'WWW.Example.com'],
    })).toThrow('LightsailDomainRecords TestStack/Records: domainNames[1] "WWW.Example.com" repeats domainNames[0] "www.example.com"; list each name once');
  });

  test('containerPublicDomainName domainNames that differ only in case name both places', () => {
    const certificate = new LightsailCertificate(newStack(), 'Cert', { domainName: 'example.com', subjectAlternativeNames: ['www.example.com'], region: 'eu-west-1' });
    expect(() => certificate.containerPublicDomainName(['www.example.com', 'example.com', 'Example.COM'])).toThrow(
      /containerPublicDomainName: domainNames\[2\] "Example.COM" repeats domainNames\[1\] "example.com"; list each name once/,
    );
  });
});
