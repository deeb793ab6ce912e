import { App, Duration, Lazy, RemovalPolicy, Stack, Tags } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { newStack, zone } from './util';
import { CertificateValidation, LightsailCertificate, LightsailCertificateProps } from '../src';

/** Builds a certificate with `props` over a valid base and returns the error message, or undefined. */
function errorOf(props: Partial<LightsailCertificateProps>, configure?: (stack: Stack) => Partial<LightsailCertificateProps>): string | undefined {
  const stack = newStack();
  try {
    new LightsailCertificate(stack, 'Cert', { domainName: 'example.com', ...props, ...configure?.(stack) });
    Template.fromStack(stack);
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

describe('domain syntax', () => {
  test.each([
    ['a label longer than 63 characters', `${'a'.repeat(64)}.example.com`, /has the label "a{64}"; each label is 1 to 63/],
    ['an empty label', 'www..example.com', /has the label ""; each label is 1 to 63/],
    ['a label starting with a hyphen', '-www.example.com', /has the label "-www"/],
    ['a label ending with a hyphen', 'www-.example.com', /has the label "www-"/],
    ['an underscore', 'my_site.example.com', /has the label "my_site"/],
    ['a single label', 'localhost', /"localhost" is not a fully qualified domain name; it needs at least two labels/],
    ['a trailing dot', 'example.com.', /"example.com." ends with a dot/],
    ['more than 253 characters', `${'a'.repeat(60)}.${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(60)}.example.com`, /is 255 characters long; a domain name has at most 253/],
  ])('the primary domain with %s fails, naming the prop and value', (_what, domainName, message) => {
    const error = errorOf({ domainName });
    expect(error).toMatch(/^LightsailCertificate TestStack\/Cert: domainName "/);
    expect(error).toMatch(message);
  });

  test('an alternate name is checked too, with its index', () => {
    expect(errorOf({ subjectAlternativeNames: ['www.example.com', 'bad_label.example.com'] })).toMatch(
      /subjectAlternativeNames\[1\] "bad_label.example.com" has the label "bad_label"/,
    );
  });

  test('a valid name with digits and hyphens passes', () => {
    expect(errorOf({ domainName: 'a-1.b2.example.co.uk', subjectAlternativeNames: ['xn--bcher-kva.example'] })).toBeUndefined();
  });
});

describe('wildcards', () => {
  test('in the primary domain', () => {
    expect(errorOf({ domainName: '*.example.com' })).toMatch(/domainName "\*.example.com" is a wildcard; Lightsail certificates do not support wildcard domains/);
  });

  test('anywhere in an alternate name', () => {
    expect(errorOf({ subjectAlternativeNames: ['www.*.example.com'] })).toMatch(/subjectAlternativeNames\[0\] "www.\*.example.com" is a wildcard/);
  });
});

describe('alternate names', () => {
  const names = (n: number) => Array.from({ length: n }, (_, i) => `s${i}.example.com`);

  test('9 alternates pass, 10 fail', () => {
    expect(errorOf({ subjectAlternativeNames: names(9) })).toBeUndefined();
    expect(errorOf({ subjectAlternativeNames: names(10) })).toMatch(
      /subjectAlternativeNames has 10 names besides the primary domain; Lightsail allows at most 9/,
    );
  });

  test('the primary repeated does not count toward the 9', () => {
    expect(errorOf({ subjectAlternativeNames: [...names(9), 'EXAMPLE.COM'] })).toBeUndefined();
  });

  test('a duplicate (compared case-insensitively) fails, naming both places', () => {
    expect(errorOf({ subjectAlternativeNames: ['www.example.com', 'api.example.com', 'WWW.Example.com'] })).toMatch(
      /subjectAlternativeNames\[2\] "WWW.Example.com" repeats subjectAlternativeNames\[0\] "www.example.com"; list each name once/,
    );
  });
});

describe('Amazon-owned domains', () => {
  test.each(['amazonaws.com', 'my-bucket.s3.amazonaws.com', 'd111111abcdef8.cloudfront.net', 'env.elasticbeanstalk.com'])('%s fails', (domainName) => {
    expect(errorOf({ domainName })).toMatch(new RegExp(`domainName "${domainName.replace(/\./g, '\\.')}" is under [a-z.]+, which Amazon owns`));
  });

  test('a domain that only ends in the same letters passes', () => {
    expect(errorOf({ domainName: 'notamazonaws.com' })).toBeUndefined();
  });
});

describe('certificate name', () => {
  test.each([
    ['a dot', 'my.cert'],
    ['a leading hyphen', '-cert'],
    ['a trailing hyphen', 'cert-'],
    ['a single character', 'c'],
    ['a space', 'my cert'],
  ])('with %s fails', (_what, certificateName) => {
    expect(errorOf({ certificateName })).toMatch(new RegExp(`certificateName ${JSON.stringify(certificateName)} must be at least two characters of letters, digits, underscores and hyphens`));
  });

  test('longer than 255 characters fails', () => {
    expect(errorOf({ certificateName: 'c'.repeat(256) })).toMatch(/certificateName "c{256}" is 256 characters long; the maximum is 255/);
    expect(errorOf({ certificateName: 'c'.repeat(255) })).toBeUndefined();
  });
});

describe('tags', () => {
  test('more than 49 fail: the owner tag the handler adds is the 50th', () => {
    const tags = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, 'v']));
    expect(errorOf({ tags: tags(50) })).toMatch(/tags has 50 tags; Lightsail allows at most 50, of which one is the owner tag "cdk-lightsail-certificate:owner", so at most 49/);
    expect(errorOf({ tags: tags(49) })).toBeUndefined();
  });

  test('the owner tag key is reserved', () => {
    expect(errorOf({ tags: { 'cdk-lightsail-certificate:owner': 'me' } })).toMatch(
      /tag key "cdk-lightsail-certificate:owner" is reserved: the construct sets it to mark the certificates it creates/,
    );
  });

  test('the keys that record what a target had before are reserved', () => {
    expect(errorOf({ tags: { 'cdk-lightsail-certificate:before:distribution:shop': '0' } })).toMatch(
      /tag key "cdk-lightsail-certificate:before:distribution:shop" starts with "cdk-lightsail-certificate:before:", which is reserved/,
    );
  });

  test('a key longer than 128 characters fails', () => {
    expect(errorOf({ tags: { ['k'.repeat(129)]: 'v' } })).toMatch(/tag key "k{129}" is 129 characters long; keys are 1 to 128 characters/);
  });

  test('an empty key fails', () => {
    expect(errorOf({ tags: { '': 'v' } })).toMatch(/tag key "" is 0 characters long/);
  });

  test('a value longer than 256 characters fails', () => {
    expect(errorOf({ tags: { team: 'v'.repeat(257) } })).toMatch(/tag "team" has a value of 257 characters; values are at most 256/);
  });

  test('characters outside letters, digits, spaces and + - = . _ : / @ fail in keys and values', () => {
    expect(errorOf({ tags: { 'team#1': 'web' } })).toMatch(/tag key "team#1" may only hold letters, digits, spaces and \+ - = \. _ : \/ @/);
    expect(errorOf({ tags: { team: 'web & api' } })).toMatch(/tag "team" has the value "web & api"; values may only hold/);
    expect(errorOf({ tags: { 'a b+c-d=e.f_g:h/i@j': 'é 1' } })).toBeUndefined();
  });

  test('tags added with Tags.of() are checked at synth too', () => {
    const stack = newStack();
    const cert = new LightsailCertificate(stack, 'Cert', { domainName: 'example.com' });
    Tags.of(cert).add('owner', 'a|b');
    expect(() => Template.fromStack(stack)).toThrow(/LightsailCertificate TestStack\/Cert: tag "owner" has the value "a\|b"/);
  });
});

describe('timeout', () => {
  test('more than 1 hour fails', () => {
    expect(errorOf({ timeout: Duration.minutes(61) })).toMatch(/timeout is 3660 seconds; it must be between 60 seconds and 1 hour/);
  });

  test('less than a minute fails', () => {
    expect(errorOf({ timeout: Duration.seconds(30) })).toMatch(/timeout is 30 seconds/);
  });

  test('exactly 1 hour passes', () => {
    expect(errorOf({ timeout: Duration.hours(1) })).toBeUndefined();
  });
});

describe('region', () => {
  test.each(['us_east_1', 'US-EAST-1', 'useast1', 'us-east'])('%s fails', (region) => {
    expect(errorOf({ region })).toMatch(new RegExp(`region "${region}" is not an AWS region name like "us-east-1"`));
  });

  test('partition regions pass', () => {
    expect(errorOf({ region: 'us-gov-west-1' })).toBeUndefined();
    expect(errorOf({ region: 'ap-southeast-2' })).toBeUndefined();
  });

  test('a region Lightsail does not serve (the API model\'s list) is a warning, not an error', () => {
    const stack = newStack();
    new LightsailCertificate(stack, 'Cert', { domainName: 'example.com', region: 'me-central-1' });
    const warnings = Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('region "me-central-1" is not one Lightsail serves'));
    expect(warnings).toHaveLength(1);
    const served = newStack();
    new LightsailCertificate(served, 'Cert', { domainName: 'example.com', region: 'eu-central-1' });
    expect(Annotations.fromStack(served).findWarning('*', Match.stringLikeRegexp('not one Lightsail serves'))).toHaveLength(0);
  });
});

describe('generated name', () => {
  test('a token region or domain needs an explicit certificateName', () => {
    const token = Lazy.string({ produce: () => 'eu-west-1' });
    expect(errorOf({ region: token })).toMatch(/certificateName is required when region or a domain is a token/);
    expect(errorOf({ subjectAlternativeNames: [Lazy.string({ produce: () => 'www.example.com' })] })).toMatch(/certificateName is required/);
    expect(errorOf({ region: token, certificateName: 'explicit' })).toBeUndefined();
  });
});

describe('response size', () => {
  test('names so long that the answer to CloudFormation could pass 4,096 bytes fail, naming the sizes', () => {
    const long = (i: number) => `${'a'.repeat(60)}.${'b'.repeat(60)}.${'c'.repeat(60)}.d${i}.example.com`;
    const error = errorOf({ domainName: long(0), subjectAlternativeNames: Array.from({ length: 9 }, (_, i) => long(i + 1)) });
    expect(error).toMatch(/the names are too long: with 10 domains of \d+ characters in all and certificateName ".*", the certificate resource's answer to CloudFormation can reach \d+ bytes, over CloudFormation's 4096/);
  });

  test('ten ordinary domains fit', () => {
    expect(errorOf({ subjectAlternativeNames: Array.from({ length: 9 }, (_, i) => `site${i}.example.com`) })).toBeUndefined();
  });
});

describe('Route 53 zones', () => {
  test('a zone that covers none of a domain\'s suffixes fails, listing the uncovered domains', () => {
    const error = errorOf({ subjectAlternativeNames: ['www.example.com', 'example.net', 'shop.example.org'] }, (stack) => ({
      validation: CertificateValidation.fromRoute53(zone(stack, 'example.com')),
    }));
    expect(error).toMatch(/validation: the hosted zone does not cover example.net \(zone example.com\), shop.example.org \(zone example.com\)/);
    expect(error).toMatch(/; each domain must be the zone's name or a subdomain of it$/);
  });

  test('a zone whose name is a suffix of the label but not a parent domain fails', () => {
    expect(errorOf({ domainName: 'myexample.com' }, (stack) => ({ validation: CertificateValidation.fromRoute53(zone(stack, 'example.com')) }))).toMatch(
      /does not cover myexample.com/,
    );
  });

  test('fromRoute53Zones without a zone for a domain fails, naming it', () => {
    const error = errorOf({ subjectAlternativeNames: ['example.net'] }, (stack) => ({
      validation: CertificateValidation.fromRoute53Zones({ 'example.com': zone(stack, 'example.com') }),
    }));
    expect(error).toMatch(/fromRoute53Zones has no zone for "example.net" \(zones given for "example.com"\)/);
  });

  test('a zone imported by id alone (name unknown) is not checked', () => {
    const stack = newStack();
    const byId = route53.HostedZone.fromHostedZoneId(stack, 'ById', 'Z999');
    new LightsailCertificate(stack, 'Cert', { domainName: 'example.org', validation: CertificateValidation.fromRoute53(byId) });
    Template.fromStack(stack).hasResourceProperties('Custom::LightsailCertificate', { HostedZoneIds: ['Z999'] });
  });

  test('a malformed domain is reported for what is wrong with it, not also as outside the zone', () => {
    const error = errorOf({ subjectAlternativeNames: ['www.example.com.'] }, (stack) => ({ validation: CertificateValidation.fromRoute53(zone(stack)) }));
    expect(error).toMatch(/subjectAlternativeNames\[0\] "www.example.com." ends with a dot/);
    expect(error).not.toMatch(/does not cover/);
  });

  test('a zone name ending in a dot covers its domains', () => {
    expect(errorOf({ domainName: 'www.example.com' }, (stack) => ({ validation: CertificateValidation.fromRoute53(zone(stack, 'example.com.')) }))).toBeUndefined();
  });
});

describe('removal policy', () => {
  test('SNAPSHOT is refused', () => {
    expect(errorOf({ removalPolicy: RemovalPolicy.SNAPSHOT })).toMatch(/removalPolicy "snapshot" is not supported; use RemovalPolicy.DESTROY or RemovalPolicy.RETAIN/);
  });

  test('applyRemovalPolicy() after construction is checked the same way', () => {
    const stack = newStack();
    const cert = new LightsailCertificate(stack, 'Cert', { domainName: 'example.com' });
    expect(() => cert.applyRemovalPolicy(RemovalPolicy.SNAPSHOT)).toThrow(/removalPolicy "snapshot" is not supported/);
    cert.applyRemovalPolicy(RemovalPolicy.RETAIN);
    Template.fromStack(stack).hasResource('Custom::LightsailCertificate', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });
});

describe('several problems', () => {
  test('are reported together', () => {
    const error = errorOf({ domainName: '*.example.com', certificateName: 'a.b', region: 'nowhere' });
    expect(error).toMatch(/^LightsailCertificate TestStack\/Cert has 3 problems:\n- domainName .*\n- certificateName .*\n- region /);
  });
});

describe('tokens', () => {
  test('every check skips unresolved values (but timeout, which is refused: see synth-lifecycle-rules.test.ts)', () => {
    const app = new App();
    const stack = new Stack(app, 'Tokens');
    const t = (value: string) => Lazy.string({ produce: () => value });
    new LightsailCertificate(stack, 'Cert', {
      domainName: t('*.bad'),
      subjectAlternativeNames: [t('x'), t('x')],
      certificateName: t('bad.name'),
      region: t('nowhere'),
      tags: { [t('k')]: t('bad|value') },
      validation: CertificateValidation.fromRoute53(zone(stack, 'example.com')),
    });
    expect(() => Template.fromStack(stack)).not.toThrow();
  });
});
