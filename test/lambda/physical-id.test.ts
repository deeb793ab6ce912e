/** Tests of `lambda/physical-id.ts`. */
import { mintPhysicalId, parsePhysicalId } from '../../lambda/physical-id';

afterEach(() => {
  jest.restoreAllMocks();
});

describe('physical id', () => {
  test('carries region and name', () => {
    expect(mintPhysicalId('us-east-1', 'my-cert')).toBe('lightsail-certificate:us-east-1:my-cert');
    expect(parsePhysicalId('lightsail-certificate:ap-southeast-2:my-cert')).toEqual({ region: 'ap-southeast-2', certificateName: 'my-cert' });
  });

  test.each([
    undefined,
    '',
    'my-cert',
    'lightsail-certificate:us-east-1',
    'other:us-east-1:my-cert',
    'AWSCDK::CustomResourceProviderFramework::CREATE_FAILED',
    'CertCertificate4E7ABB08-1B2C3D4E5F6G',
  ])('is not read from %p', (id) => {
    expect(parsePhysicalId(id)).toBeUndefined();
  });
});
