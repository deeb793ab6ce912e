/** Tests of `src/private/rules.ts`, function by function: what passes, and the problem each refusal names. */
import { RemovalPolicy, Token } from 'aws-cdk-lib';
import {
  checkCertificateName,
  checkDomain,
  checkDomains,
  checkRegion,
  checkRemovalPolicy,
  checkTags,
  checkTimeout,
  didYouMean,
  MAX_ALTERNATE_NAMES,
  zoneCovers,
} from '../../src/private/rules';

describe('checkDomain', () => {
  test.each([
    ['*.example.com', /is a wildcard/],
    ['example.com.', /ends with a dot/],
    [`${'a'.repeat(250)}.com`, /is 254 characters long; a domain name has at most 253/],
    ['localhost', /not a fully qualified domain name/],
    ['-bad.example.com', /has the label "-bad"/],
    ['x.amazonaws.com', /is under amazonaws.com, which Amazon owns/],
  ])('%p is refused under the prop name given', (domain, why) => {
    const problems = checkDomain('props.domainName', domain);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^props\\.domainName ${JSON.stringify(domain).replace(/[.*]/g, '\\$&')} `));
    expect(problems[0]).toMatch(why);
  });

  test('a token and an ordinary name pass', () => {
    expect(checkDomain('domainName', Token.asString({ Ref: 'Domain' }))).toEqual([]);
    expect(checkDomain('domainName', 'xn--bcher-kva.example')).toEqual([]);
  });
});

describe('checkDomains', () => {
  test('drops the primary from the alternates, keeps the order, and lists the primary first', () => {
    expect(checkDomains('example.com', ['www.example.com', 'EXAMPLE.com', 'api.example.com'])).toEqual({
      domainNames: ['example.com', 'www.example.com', 'api.example.com'],
      alternateNames: ['www.example.com', 'api.example.com'],
      problems: [],
    });
  });

  test('tokens among the alternates are kept as they are, and counted', () => {
    const token = Token.asString({ Ref: 'Alt' });
    const alternates = [token, ...Array.from({ length: MAX_ALTERNATE_NAMES }, (_, i) => `n${i}.example.com`)];
    const list = checkDomains('example.com', alternates);
    expect(list.alternateNames[0]).toBe(token);
    expect(list.problems).toEqual([`subjectAlternativeNames has ${MAX_ALTERNATE_NAMES + 1} names besides the primary domain; Lightsail allows at most ${MAX_ALTERNATE_NAMES}`]);
  });
});

describe('checkCertificateName and checkRegion', () => {
  test('a name with a dot is refused, naming it; one of two characters passes', () => {
    expect(checkCertificateName('my.cert')).toEqual([expect.stringMatching(/^certificateName "my.cert" must be at least two characters/)]);
    expect(checkCertificateName('ab')).toEqual([]);
  });

  test('a value not shaped like a region name is refused, with the closest Lightsail region when it looks like a slip', () => {
    expect(checkRegion('us-east1')).toEqual(['region "us-east1" is not an AWS region name like "us-east-1"; did you mean "us-east-1"?']);
    expect(checkRegion('eu-west-1')).toEqual([]);
  });

  test('didYouMean stays quiet when only the number differs (a new region, not a slip) or nothing is close', () => {
    expect(didYouMean('ap-south-9')).toBe('');
    expect(didYouMean('mars-north-9')).toBe('');
    expect(didYouMean('eu-wset-1')).toBe('; did you mean "eu-west-1"?');
  });
});

describe('checkTimeout', () => {
  test.each([[60, []], [3600, []]])('%p seconds pass', (seconds, problems) => {
    expect(checkTimeout(seconds)).toEqual(problems);
  });

  test.each([59, 3601])('%p seconds are refused, naming the bounds', (seconds) => {
    expect(checkTimeout(seconds)).toEqual([`timeout is ${seconds} seconds; it must be between 60 seconds and 1 hour (CloudFormation gives a custom resource at most an hour)`]);
  });

  test('a fraction below the minimum suggests the minimum', () => {
    expect(checkTimeout(10.4)).toEqual([expect.stringContaining('e.g. Duration.seconds(60)')]);
  });
});

describe('checkTags', () => {
  test('"aws:" is refused as the start of a key and of a value, in any case', () => {
    expect(checkTags({ 'AWS:team': 'x', 'team': 'aws:web' })).toEqual([
      'tag key "AWS:team" starts with "aws:", which AWS reserves for its own tags',
      'tag "team" has the value "aws:web", which starts with "aws:", a prefix AWS reserves',
    ]);
  });

  test('tokens are left to deploy time', () => {
    expect(checkTags({ [Token.asString({ Ref: 'K' })]: Token.asString({ Ref: 'V' }) })).toEqual([]);
  });
});

describe('zoneCovers and checkRemovalPolicy', () => {
  test('a zone covers its own name and its subdomains, without case and final dot, not a name that merely ends alike', () => {
    expect(zoneCovers('Example.com.', 'example.COM')).toBe(true);
    expect(zoneCovers('example.com', 'a.b.example.com')).toBe(true);
    expect(zoneCovers('example.com', 'badexample.com')).toBe(false);
    expect(zoneCovers('www.example.com', 'example.com')).toBe(false);
  });

  test('DESTROY and RETAIN pass; the policies that snapshot or keep on update are refused, naming the value', () => {
    expect(checkRemovalPolicy(RemovalPolicy.DESTROY)).toEqual([]);
    expect(checkRemovalPolicy(RemovalPolicy.RETAIN)).toEqual([]);
    expect(checkRemovalPolicy(RemovalPolicy.SNAPSHOT)).toEqual(['removalPolicy "snapshot" is not supported; use RemovalPolicy.DESTROY or RemovalPolicy.RETAIN']);
    expect(checkRemovalPolicy(RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE)).toHaveLength(1);
  });
});
