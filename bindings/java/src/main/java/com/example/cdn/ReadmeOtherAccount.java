package com.example.cdn;

import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.constructs.Construct;
// snippet:start imports
import java.util.List;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.lightsail.*;
import software.amazon.awscdk.services.route53.*;
import io.github.cdklightsail.certificate.CertificateValidation;
import io.github.cdklightsail.certificate.DomainTarget;
import io.github.cdklightsail.certificate.HostedZoneAccess;
import io.github.cdklightsail.certificate.LightsailCertificate;
import io.github.cdklightsail.certificate.LightsailDomainRecords;
// snippet:end imports

/**
 * The README's "Hosted zone in another account" example in Java. The regions between the snippet
 * markers are what the README shows (bindings/make-snippets.js copies them); run.sh compiles and runs this class.
 */
public final class ReadmeOtherAccount {
    static class OtherAccountStack extends Stack {
        OtherAccountStack(final Construct scope, final String id, final StackProps props) {
            super(scope, id, props);

            // snippet:start body
            // The DNS account's zone and the role the provider assumes there.
            IHostedZone zone = HostedZone.fromHostedZoneAttributes(this, "Zone", HostedZoneAttributes.builder()
                    .hostedZoneId("Z0123456789ABCDEFGHIJ")
                    .zoneName("example.com")
                    .build());
            HostedZoneAccess dns = HostedZoneAccess.builder()
                    .role(Role.fromRoleArn(this, "DnsRole", "arn:aws:iam::111111111111:role/LightsailDns"))
                    .externalId("cdk-lightsail-certificate")
                    .build();

            LightsailCertificate certificate = LightsailCertificate.Builder.create(this, "Certificate")
                    .domainName("example.com")
                    .subjectAlternativeNames(List.of("www.example.com"))
                    .validation(CertificateValidation.fromRoute53CrossAccount(zone, dns))
                    .build();

            CfnDistribution distribution = CfnDistribution.Builder.create(this, "Cdn")
                    .distributionName("example-cdn")
                    .bundleId("small_1_0")
                    .origin(CfnDistribution.InputOriginProperty.builder().name("example-bucket").regionName("us-east-1").protocolPolicy("https-only").build())
                    .defaultCacheBehavior(CfnDistribution.CacheBehaviorProperty.builder().behavior("cache").build())
                    .certificateName(certificate.getCertificateName())
                    .build();

            LightsailDomainRecords.Builder.create(this, "DomainRecords")
                    .certificate(certificate)
                    .target(DomainTarget.distribution(distribution))
                    .zone(zone)
                    .zoneAccess(dns)
                    .build();
            // snippet:end body
        }
    }

    public static void main(final String[] args) {
        App app = new App(AppProps.builder().outdir(args.length > 0 ? args[0] : "cdk.out").build());
        new OtherAccountStack(app, "OtherAccount", StackProps.builder()
                .env(Environment.builder().account("222222222222").region("us-east-1").build())
                .build());
        app.synth();
        System.out.println("synthesized OtherAccount");
    }

    private ReadmeOtherAccount() {
    }
}
