import { App, Stack, StackProps } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as route53 from 'aws-cdk-lib/aws-route53';

/** A stack outside us-east-1, as most users of the construct have. */
export function newStack(props: StackProps = {}): Stack {
  const app = new App();
  return new Stack(app, 'TestStack', { env: { account: '111111111111', region: 'eu-west-1' }, ...props });
}

/** An imported hosted zone with a known name. */
export function zone(stack: Stack, zoneName = 'example.com', hostedZoneId = 'Z0123456789'): route53.IHostedZone {
  const id = `Zone-${zoneName}`;
  return (stack.node.tryFindChild(id) as route53.IHostedZone | undefined) ??
    route53.HostedZone.fromHostedZoneAttributes(stack, id, { hostedZoneId, zoneName });
}

/** The only resource of `type` in the template, with its logical id. */
export function only(template: Template, type: string): { id: string; resource: any } {
  const found = template.findResources(type);
  const ids = Object.keys(found);
  if (ids.length !== 1) {
    throw new Error(`expected one ${type}, found ${ids.length}`);
  }
  return { id: ids[0], resource: found[ids[0]] };
}

/**
 * The links of a certificate's wait for ISSUED, in order: the first takes the name from the certificate
 * resource `certificateId`, each next one from the link before.
 */
export function waitChain(template: Template, certificateId: string): Array<{ id: string; resource: any }> {
  const links = template.findResources('Custom::LightsailCertificateIssued');
  const chain: Array<{ id: string; resource: any }> = [];
  for (let from = certificateId; ;) {
    const next = Object.entries(links).find(([, r]) => (r as any).Properties.CertificateName?.['Fn::GetAtt']?.[0] === from);
    if (!next) return chain;
    chain.push({ id: next[0], resource: next[1] });
    from = next[0];
  }
}
