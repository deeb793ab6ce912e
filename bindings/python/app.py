#!/usr/bin/env python3
"""A Lightsail distribution on a custom domain, deployed from a stack in us-east-1.

The certificate is requested in us-east-1, validated through the stack's Route 53 zone, and
ISSUED before the distribution that uses it is created; alias records then send the domains to
the distribution.

    python app.py [OUTDIR]
"""
import sys

import aws_cdk as cdk
from aws_cdk import aws_lightsail as lightsail
from aws_cdk import aws_route53 as route53
from constructs import Construct

from cdk_lightsail_certificate import CertificateValidation, DomainTarget, LightsailCertificate, LightsailDomainRecords


class CdnStack(cdk.Stack):
    def __init__(self, scope: Construct, construct_id: str, *, domain_name: str, **kwargs) -> None:
        super().__init__(scope, construct_id, **kwargs)

        zone = route53.PublicHostedZone(self, "Zone", zone_name=domain_name)

        certificate = LightsailCertificate(
            self,
            "Certificate",
            domain_name=domain_name,
            subject_alternative_names=[f"www.{domain_name}"],
            validation=CertificateValidation.from_route53(zone),
        )
        cdk.Tags.of(certificate).add("project", "cdn")

        distribution = lightsail.CfnDistribution(
            self,
            "Cdn",
            distribution_name="example-cdn",
            bundle_id="small_1_0",
            origin=lightsail.CfnDistribution.InputOriginProperty(
                name="example-bucket", region_name=self.region, protocol_policy="https-only"
            ),
            default_cache_behavior=lightsail.CfnDistribution.CacheBehaviorProperty(behavior="cache"),
            # Resolves only once the certificate is ISSUED, so the distribution is created after it.
            certificate_name=certificate.certificate_name,
        )

        # A and AAAA alias records for example.com and www.example.com to the distribution's own domain.
        LightsailDomainRecords(
            self,
            "DomainRecords",
            certificate=certificate,
            target=DomainTarget.distribution(distribution),
            zone=zone,
        )

        www = certificate.validation_record_for(f"www.{domain_name}")
        cdk.CfnOutput(self, "WwwValidationRecord", value=www.name)
        cdk.CfnOutput(self, "CertificateArn", value=certificate.certificate_arn)


def main(outdir: str) -> None:
    app = cdk.App(outdir=outdir)
    CdnStack(
        app,
        "LightsailCdn",
        domain_name="example.com",
        env=cdk.Environment(account="123456789012", region="us-east-1"),
    )
    app.synth()
    print(f"synthesized LightsailCdn into {outdir}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "cdk.out")
