/** Tests of `lambda/lightsail.ts`: the Lightsail calls and what their errors mean. */
import {
  CreateCertificateCommand,
  DeleteCertificateCommand,
  GetCertificatesCommand,
  LightsailClient,
  TagResourceCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-lightsail';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import {
  accessDenied,
  fakeDeps,
  invalidInput,
  listed,
  NAME,
  NONE,
  notFound,
  sdkError,
  summary,
} from './fixtures';
import {
  applyTagChanges,
  createCertificate,
  deleteCertificate,
  findCertificate,
  isInUse,
  isNotFound,
} from '../../lambda/lightsail';

const lightsail = mockClient(LightsailClient);

beforeEach(() => {
  lightsail.reset();
});

afterEach(() => {
  jest.restoreAllMocks();
});

describe('Lightsail calls', () => {
  test('CreateCertificate leaves out empty alternates and tags', async () => {
    const deps = fakeDeps();

    await createCertificate(deps, deps.lightsail('us-east-1'), { certificateName: NAME, domainName: 'example.com', subjectAlternativeNames: [], tags: [] });

    expect(lightsail.commandCalls(CreateCertificateCommand).map((call) => call.args[0].input)).toEqual([{ certificateName: NAME, domainName: 'example.com' }]);
  });

  test('DeleteCertificate counts a certificate already gone as deleted, and throws other errors', async () => {
    const deps = fakeDeps();
    lightsail.on(DeleteCertificateCommand).rejectsOnce(notFound()).rejects(invalidInput('The certificate is in use'));

    await expect(deleteCertificate(deps, deps.lightsail('us-east-1'), NAME)).resolves.toBeUndefined();
    await expect(deleteCertificate(deps, deps.lightsail('us-east-1'), NAME)).rejects.toThrow('The certificate is in use');
  });

  test('tag changes call only what has something to do', async () => {
    const deps = fakeDeps();
    const client = deps.lightsail('us-east-1');

    await applyTagChanges(deps, client, NAME, { set: [], remove: [] });
    expect(lightsail.calls()).toHaveLength(0);

    await applyTagChanges(deps, client, NAME, { set: [{ key: 'a', value: '1' }], remove: ['b'] });
    expect(lightsail).toHaveReceivedCommandWith(UntagResourceCommand, { resourceName: NAME, tagKeys: ['b'] });
    expect(lightsail).toHaveReceivedCommandWith(TagResourceCommand, { resourceName: NAME, tags: [{ key: 'a', value: '1' }] });
  });

  test('findCertificate picks the certificate with the exact name from the list', async () => {
    const deps = fakeDeps();
    lightsail.on(GetCertificatesCommand).resolves(listed(
      summary({ name: 'my-cert-old', arn: 'arn:old' }),
      { certificateDetail: { name: NAME, arn: 'arn:detail-only' } },
    ));

    const found = await findCertificate(deps, deps.lightsail('us-east-1'), NAME);

    expect(found?.certificateDetail?.arn).toBe('arn:detail-only');
    lightsail.on(GetCertificatesCommand).resolves({});
    await expect(findCertificate(deps, deps.lightsail('us-east-1'), NAME)).resolves.toBeUndefined();
    lightsail.on(GetCertificatesCommand).resolves(NONE);
    await expect(findCertificate(deps, deps.lightsail('us-east-1'), NAME)).resolves.toBeUndefined();
  });

  test.each([
    [notFound(), true],
    [invalidInput('Certificate DoesNotExist: my-cert'), true],
    [invalidInput('The certificate name is not valid'), false],
    [undefined, false],
  ])('isNotFound(%p) is %p', (error, expected) => {
    expect(isNotFound(error)).toBe(expected);
  });

  test.each([
    [invalidInput('The certificate is in use'), true],
    [invalidInput('Certificate my-cert is currently attached to a distribution'), true],
    [sdkError('OperationFailureException', 'The certificate is being used by a container service'), true],
    [sdkError('ResourceInUseException', 'Resource in-use'), true],
    [invalidInput('The certificate name is not valid'), false],
    [accessDenied('Access denied: certificate in use'), false],
    [undefined, false],
  ])('isInUse(%p) is %p', (error, expected) => {
    expect(isInUse(error)).toBe(expected);
  });
});
