#!/usr/bin/env python3
"""The README's "Hosted zone in another account" example in Python.

The regions between the snippet markers are what the README shows (bindings/make-snippets.js copies
them there); test_bindings.py runs this file's main() so that the snippet is known to work.

    python readme_other_account.py [OUTDIR]
"""
import sys

import aws_cdk as cdk
from constructs import Construct

# snippet:start imports
import aws_cdk.aws_iam as iam
import aws_cdk.aws_lightsail as lightsail
import aws_cdk.aws_route53 as route53
from cdk_lightsail_certificate import (
    CertificateValidation, DomainTarget, HostedZoneAccess, LightsailCertificate, LightsailDomainRecords,
)
# snippet:end imports


class OtherAccountStack(cdk.Stack):
    def __init__(self, scope: Construct, construct_id: str, **kwargs) -> None:
        super().__init__(scope, construct_id, **kwargs)

        # snippet:start body
        # The DNS account's zone and the role the provider assumes there.
        zone = route53.HostedZone.from_hosted_zone_attributes(self, "Zone",
            hosted_zone_id="Z0123456789ABCDEFGHIJ",
            zone_name="example.com"
        )
        dns_role = iam.Role.from_role_arn(self, "DnsRole", "arn:aws:iam::111111111111:role/LightsailDns")

        certificate = LightsailCertificate(self, "Certificate",
            domain_name="example.com",
            subject_alternative_names=["www.example.com"],
            # The last struct argument is given as keyword arguments in Python.
            validation=CertificateValidation.from_route53_cross_account(zone,
                role=dns_role,
                external_id="cdk-lightsail-certificate"
            )
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
            zone=zone,
            zone_access=HostedZoneAccess(role=dns_role, external_id="cdk-lightsail-certificate")
        )
        # snippet:end body


def main(outdir: str) -> None:
    app = cdk.App(outdir=outdir)
    OtherAccountStack(app, "OtherAccount", env=cdk.Environment(account="222222222222", region="us-east-1"))
    app.synth()
    print(f"synthesized OtherAccount into {outdir}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "cdk.out")
