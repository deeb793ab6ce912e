import { CfnResource, Duration, Token } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { attribute } from './attributes';
import { Attr, ISSUED_RESOURCE_TYPE, IssuedResourceProperties } from './contract';
import { CertificateProvider } from './provider';
import { MAX_TIMEOUT_SECONDS } from './rules';
import { linkWaits, SERVICE_TIMEOUT_SECONDS } from './timing';
import type { ValidationMethod } from '../validation';

/**
 * The wait for ISSUED: one `Issued` resource per 13 minutes of `timeout` (a Lambda invocation lasts at
 * most 15), each taking the certificate name from the one before, so they run one after the other.
 * The certificate resource has written the validation records by the time the first starts.
 * Returns the last one's name attribute. `loadBalancerName` makes the links read a load balancer's certificate.
 */
export function renderIssuedWait(
  scope: Construct, certificate: CfnResource, region: string, timeout: Duration, method: ValidationMethod, loadBalancerName?: string,
): string {
  const serviceToken = CertificateProvider.of(scope).serviceToken;
  // A timeout given as a token can't be split at synth: it gets as many links as the longest timeout.
  const timeoutSeconds = timeout.toSeconds();
  const waits = Token.isUnresolved(timeoutSeconds) ? linkWaits(MAX_TIMEOUT_SECONDS) : linkWaits(timeoutSeconds);
  let certificateName = attribute(certificate, Attr.CERTIFICATE_NAME);
  waits.forEach((waitSeconds, index) => {
    const last = index === waits.length - 1;
    const properties: IssuedResourceProperties = {
      CertificateName: certificateName,
      Region: region,
      WaitSeconds: String(waitSeconds),
      TimeoutSeconds: last ? (Token.isUnresolved(timeoutSeconds) ? Token.asString(timeoutSeconds) : String(timeoutSeconds)) : undefined,
      ValidationMethod: method,
      LoadBalancerName: loadBalancerName,
    };
    const link = new CfnResource(scope, index === 0 ? 'Issued' : `Issued${index + 1}`, {
      type: ISSUED_RESOURCE_TYPE,
      properties: { ServiceToken: serviceToken, ServiceTimeout: SERVICE_TIMEOUT_SECONDS, ...properties },
    });
    certificateName = attribute(link, Attr.CERTIFICATE_NAME);
  });
  return certificateName;
}
