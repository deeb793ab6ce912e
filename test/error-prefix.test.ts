import { newStack } from './util';
import { LightsailCertificate } from '../src';

/** Every error the constructs throw starts the same way: the construct's kind and path, then the problem. */
describe('one error prefix', () => {
  test('a domain the certificate lacks is reported under the certificate\'s kind and path', () => {
    const stack = newStack();
    const certificate = new LightsailCertificate(stack, 'Cert', { domainName: 'example.com' });

    expect(() => certificate.validationRecordFor('other.example.com')).toThrow(
      /^LightsailCertificate TestStack\/Cert: validationRecordFor\("other.example.com"\): not a domain/,
    );
  });

  test('the unknown ARN of an imported certificate is reported under its kind and path', () => {
    const stack = newStack();
    const imported = LightsailCertificate.fromCertificateName(stack, 'Imported', 'my-cert');

    expect(() => stack.resolve(imported.certificateArn)).toThrow(/^Resolution error: LightsailCertificate TestStack\/Imported: the ARN of certificate "my-cert" is not known/);
  });
});
