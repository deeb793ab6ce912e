/** Tests of `lambda/certificate-store.ts`: Lightsail's own certificates as a certificate store, and where a physical id points. */
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
import { certificateProps, fakeDeps, listed, NAME, PHYSICAL_ID, REGION, summary } from './fixtures';
import { LIGHTSAIL_CERTIFICATE, lightsailCertificateStore } from '../../lambda/certificate-store';

const lightsail = mockClient(LightsailClient);

beforeEach(() => {
  lightsail.reset();
});

/** The inputs of every call, in order, by command name. */
const sent = () => lightsail.calls().map((call) => [call.args[0].constructor.name, call.args[0].input]);

describe('the Lightsail certificate store', () => {
  test('find, create, tag and delete send their inputs to the region\'s client', async () => {
    const deps = fakeDeps();
    lightsail.on(GetCertificatesCommand).resolves(listed(summary()));
    const store = lightsailCertificateStore(deps, 'eu-west-3');

    await expect(store.find(NAME)).resolves.toEqual(summary());
    await store.create({ certificateName: NAME, domainName: 'example.com', subjectAlternativeNames: ['www.example.com'], tags: [{ key: 'k', value: 'v' }] });
    await store.applyTags(NAME, { set: [{ key: 'a', value: '1' }], remove: ['b'] });
    await store.delete(NAME);

    expect(sent()).toEqual([
      [GetCertificatesCommand.name, { certificateName: NAME, includeCertificateDetails: true }],
      [CreateCertificateCommand.name, { certificateName: NAME, domainName: 'example.com', subjectAlternativeNames: ['www.example.com'], tags: [{ key: 'k', value: 'v' }] }],
      [UntagResourceCommand.name, { resourceName: NAME, tagKeys: ['b'] }],
      [TagResourceCommand.name, { resourceName: NAME, tags: [{ key: 'a', value: '1' }] }],
      [DeleteCertificateCommand.name, { certificateName: NAME }],
    ]);
    expect(await Promise.all(lightsail.calls().map((call) => (call.thisValue as LightsailClient).config.region()))).toEqual(Array(5).fill('eu-west-3'));
    expect(store.region).toBe('eu-west-3');
    expect(store.physicalId(NAME)).toBe(`lightsail-certificate:eu-west-3:${NAME}`);
  });

  test('the kind\'s store is the one of the region the properties name', () => {
    expect(LIGHTSAIL_CERTIFICATE.storeFor(fakeDeps(), certificateProps({ Region: 'ap-south-1' })).region).toBe('ap-south-1');
  });

  test('an id it minted locates the certificate in its region; one it did not mint locates nothing', () => {
    const located = LIGHTSAIL_CERTIFICATE.locate(fakeDeps(), PHYSICAL_ID);
    expect(located?.certificateName).toBe(NAME);
    expect(located?.store.region).toBe(REGION);
    expect(located?.store.physicalId(NAME)).toBe(PHYSICAL_ID);
    expect(LIGHTSAIL_CERTIFICATE.locate(fakeDeps(), 'lightsail-load-balancer-certificate:eu-west-1:web:site')).toBeUndefined();
    expect(LIGHTSAIL_CERTIFICATE.locate(fakeDeps(), 'AWSCDK::CustomResourceProviderFramework::CREATE_FAILED')).toBeUndefined();
    expect(LIGHTSAIL_CERTIFICATE.locate(fakeDeps(), undefined)).toBeUndefined();
  });
});
