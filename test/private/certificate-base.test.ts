/** Tests of `src/private/certificate-base.ts`: what constructed and imported certificates share. */
import * as lightsail from 'aws-cdk-lib/aws-lightsail';
import { LightsailCertificate } from '../../src';
import { newStack } from '../util';

describe('certificateRef', () => {
  test('certificateRef serves aws-cdk-lib\'s ICertificateRef', () => {
    const stack = newStack();
    const cert = new LightsailCertificate(stack, 'Cert', { domainName: 'example.com' });
    const ref: lightsail.ICertificateRef = cert;
    expect(stack.resolve(ref.certificateRef.certificateName)).toEqual(stack.resolve(cert.certificateName));
    expect(stack.resolve(ref.certificateRef.certificateArn)).toEqual(stack.resolve(cert.certificateArn));
    expect(cert.env.region).toBe('us-east-1');
  });

  test('an imported certificate serves it too, with the name and ARN it was given', () => {
    const stack = newStack();
    const arn = 'arn:aws:lightsail:us-east-1:111111111111:Certificate/0f5e8a1c-1111-2222-3333-444455556666';
    const ref: lightsail.ICertificateRef = LightsailCertificate.fromCertificateAttributes(stack, 'Imported', { certificateName: 'my-cert', certificateArn: arn });
    expect(ref.certificateRef).toEqual({ certificateName: 'my-cert', certificateArn: arn });
  });
});
