/** Tests of `lambda/summary.ts`: what a certificate read tells. */
import { OWNER, summary } from './fixtures';
import { arnOf, domainsOfCertificate, ownerOf, recordFor, tagsOf } from '../../lambda/summary';
import { OWNER_TAG_KEY } from '../../src/private/contract';

afterEach(() => {
  jest.restoreAllMocks();
});

describe('certificate summaries', () => {
  test('the domains of a certificate are its primary and alternates, each once', () => {
    expect(domainsOfCertificate(summary({ alternates: ['www.example.com', 'EXAMPLE.com'] }))).toEqual(['example.com', 'www.example.com']);
    expect(domainsOfCertificate({ domainName: 'a.com' })).toEqual(['a.com']);
    expect(domainsOfCertificate({})).toEqual([]);
  });

  test('ARN, tags and owner come from the summary or, failing that, its details', () => {
    const tags = [{ key: OWNER_TAG_KEY, value: OWNER }];
    expect(arnOf({ certificateDetail: { arn: 'arn:detail' } })).toBe('arn:detail');
    expect(arnOf({})).toBe('');
    expect(tagsOf({ certificateDetail: { tags } })).toEqual({ [OWNER_TAG_KEY]: OWNER });
    expect(ownerOf({ certificateDetail: { tags } })).toBe(OWNER);
    expect(ownerOf({})).toBeUndefined();
  });

  test('a record counts only when it has name, type and value', () => {
    const certificate = summary({
      records: [
        { domainName: 'example.com', resourceRecord: { name: '_a.example.com.', type: 'CNAME' } },
        { domainName: 'EXAMPLE.com', resourceRecord: { name: '_b.example.com.', type: 'CNAME', value: '_b.acm-validations.aws.' } },
      ],
    });

    expect(recordFor(certificate, 'example.com')).toEqual({ name: '_b.example.com.', type: 'CNAME', value: '_b.acm-validations.aws.' });
    expect(recordFor(certificate, 'www.example.com')).toBeUndefined();
    expect(recordFor({}, 'example.com')).toBeUndefined();
  });
});
