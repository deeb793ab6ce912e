#!/usr/bin/env python3
"""The README's quick start in Python (jsii-rosetta's translation of the TypeScript one).

The regions between the snippet markers are what the README shows (bindings/make-snippets.js
copies them there); test_bindings.py runs this file's main() so that the snippet is known to work.

    python readme_quickstart.py [OUTDIR]
"""
import sys

import aws_cdk as cdk
from constructs import Construct

# snippet:start imports
import aws_cdk.aws_lightsail as lightsail
import aws_cdk.aws_route53 as route53
from cdk_lightsail_certificate import CertificateValidation, DomainTarget, LightsailCertificate, LightsailDomainRecords
# snippet:end imports
# snippet:start lb-imports
from cdk_lightsail_certificate import LoadBalancerCertificate
# snippet:end lb-imports


class QuickStartStack(cdk.Stack):
    def __init__(self, scope: Construct, construct_id: str, **kwargs) -> None:
        super().__init__(scope, construct_id, **kwargs)

        # snippet:start body
        zone = route53.HostedZone.from_hosted_zone_attributes(self, "Zone",
            hosted_zone_id="Z0123456789",
            zone_name="example.com"
        )

        certificate = LightsailCertificate(self, "Certificate",
            domain_name="example.com",
            subject_alternative_names=["www.example.com"],
            validation=CertificateValidation.from_route53(zone)
        )

        distribution = lightsail.CfnDistribution(self, "Cdn",
            distribution_name="example-cdn",
            bundle_id="small_1_0",
            origin=lightsail.CfnDistribution.InputOriginProperty(name="example-bucket", region_name="us-east-1", protocol_policy="https-only"),
            default_cache_behavior=lightsail.CfnDistribution.CacheBehaviorProperty(behavior="cache"),
            certificate_name=certificate.certificate_name
        )

        LightsailDomainRecords(self, "DomainRecords",
            certificate=certificate,
            target=DomainTarget.distribution(distribution),
            zone=zone
        )
        # snippet:end body

        # snippet:start lb-body
        load_balancer = lightsail.CfnLoadBalancer(self, "LoadBalancer",
            load_balancer_name="web",
            instance_port=80
        )

        LoadBalancerCertificate(self, "LoadBalancerCertificate",
            load_balancer_name=load_balancer.ref,
            domain_name="example.com",
            subject_alternative_names=["www.example.com"],
            validation=CertificateValidation.from_route53(zone)
        )
        # snippet:end lb-body


def main(outdir: str) -> None:
    app = cdk.App(outdir=outdir)
    QuickStartStack(app, "QuickStart", env=cdk.Environment(account="123456789012", region="us-east-1"))
    app.synth()
    print(f"synthesized QuickStart into {outdir}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "cdk.out")
