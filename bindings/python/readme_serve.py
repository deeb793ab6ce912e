#!/usr/bin/env python3
"""The README's "Serve your domain" examples in Python, one stack per target.

Each region between the snippet markers is what the README shows under its target
(bindings/make-snippets.js copies them there); test_bindings.py runs main() so that each is known
to synthesize. `zone` stands for the quick start's hosted zone, which the README's examples take as given.

    python readme_serve.py [OUTDIR]
"""
import sys

import aws_cdk as cdk
from constructs import Construct

import aws_cdk.aws_lightsail as lightsail
import aws_cdk.aws_route53 as route53
from cdk_lightsail_certificate import CertificateValidation, DomainTarget, LightsailCertificate, LightsailDomainRecords

# The stack of each target, named after its README region.
TARGETS = {
    "distribution": "ServeDistribution",
    "container-service": "ServeContainerService",
    "lightsail-dns": "ServeLightsailDns",
    "existing-distribution": "ServeExistingDistribution",
    "existing-container-service": "ServeExistingContainerService",
}


class ServeStack(cdk.Stack):
    def __init__(self, scope: Construct, construct_id: str, *, target: str, **kwargs) -> None:
        super().__init__(scope, construct_id, **kwargs)
        zone = route53.HostedZone.from_hosted_zone_attributes(self, "Zone",
            hosted_zone_id="Z0123456789",
            zone_name="example.com"
        )

        if target == "distribution":
            # snippet:start serve-distribution
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
            # snippet:end serve-distribution
        elif target == "container-service":
            # snippet:start serve-container-service
            certificate = LightsailCertificate(self, "Certificate",
                domain_name="example.com",
                subject_alternative_names=["www.example.com"],
                validation=CertificateValidation.from_route53(zone)
            )

            service = lightsail.CfnContainer(self, "Service",
                service_name="app",
                power="nano",
                scale=1,
                public_domain_names=[certificate.container_public_domain_name()]
            )

            LightsailDomainRecords(self, "DomainRecords",
                certificate=certificate,
                target=DomainTarget.container_service(service),
                zone=zone
            )
            # snippet:end serve-container-service
        elif target == "lightsail-dns":
            # snippet:start serve-lightsail-dns
            certificate = LightsailCertificate(self, "Certificate",
                domain_name="example.com",
                subject_alternative_names=["www.example.com"],
                validation=CertificateValidation.from_lightsail_domain()
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
                lightsail_domain="example.com"
            )
            # snippet:end serve-lightsail-dns
        elif target == "existing-distribution":
            # snippet:start serve-existing-distribution
            certificate = LightsailCertificate(self, "Certificate",
                domain_name="shop.example.com",
                validation=CertificateValidation.from_route53(zone)
            )

            LightsailDomainRecords(self, "DomainRecords",
                certificate=certificate,
                target=DomainTarget.from_distribution_name("shop-cdn"),
                zone=zone
            )
            # snippet:end serve-existing-distribution
        elif target == "existing-container-service":
            # snippet:start serve-existing-container-service
            certificate = LightsailCertificate(self, "Certificate",
                domain_name="api.example.com",
                region="eu-west-1",
                validation=CertificateValidation.from_route53(zone)
            )

            LightsailDomainRecords(self, "DomainRecords",
                certificate=certificate,
                target=DomainTarget.from_container_service_name("api-service", "eu-west-1"),
                zone=zone
            )
            # snippet:end serve-existing-container-service
        else:
            raise ValueError(f"target: unknown target {target!r} (one of {', '.join(TARGETS)})")


def main(outdir: str) -> None:
    app = cdk.App(outdir=outdir)
    for target, stack_name in TARGETS.items():
        ServeStack(app, stack_name, target=target, env=cdk.Environment(account="123456789012", region="us-east-1"))
    app.synth()
    print(f"synthesized {', '.join(TARGETS.values())} into {outdir}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "cdk.out")
