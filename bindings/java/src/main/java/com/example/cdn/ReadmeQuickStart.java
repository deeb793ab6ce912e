package com.example.cdn;

import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.constructs.Construct;
// snippet:start imports
import java.util.List;
import software.amazon.awscdk.services.lightsail.*;
import software.amazon.awscdk.services.route53.*;
import io.github.cdklightsail.certificate.CertificateValidation;
import io.github.cdklightsail.certificate.DomainTarget;
import io.github.cdklightsail.certificate.LightsailCertificate;
import io.github.cdklightsail.certificate.LightsailDomainRecords;
// snippet:end imports
// snippet:start lb-imports
import io.github.cdklightsail.certificate.LoadBalancerCertificate;
// snippet:end lb-imports

/**
 * The README's quick start in Java (jsii-rosetta's translation of the TypeScript one, corrected where
 * it did not compile). The regions between the snippet markers are what the README shows
 * (bindings/make-snippets.js copies them); run.sh compiles and runs this class.
 */
public final class ReadmeQuickStart {
    static class QuickStartStack extends Stack {
        QuickStartStack(final Construct scope, final String id, final StackProps props) {
            super(scope, id, props);

            // snippet:start body
            IHostedZone zone = HostedZone.fromHostedZoneAttributes(this, "Zone", HostedZoneAttributes.builder()
                    .hostedZoneId("Z0123456789")
                    .zoneName("example.com")
                    .build());

            LightsailCertificate certificate = LightsailCertificate.Builder.create(this, "Certificate")
                    .domainName("example.com")
                    .subjectAlternativeNames(List.of("www.example.com"))
                    .validation(CertificateValidation.fromRoute53(zone))
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
                    .build();
            // snippet:end body

            // snippet:start lb-body
            CfnLoadBalancer loadBalancer = CfnLoadBalancer.Builder.create(this, "LoadBalancer")
                    .loadBalancerName("web")
                    .instancePort(80)
                    .build();

            LoadBalancerCertificate.Builder.create(this, "LoadBalancerCertificate")
                    .loadBalancerName(loadBalancer.getRef())
                    .domainName("example.com")
                    .subjectAlternativeNames(List.of("www.example.com"))
                    .validation(CertificateValidation.fromRoute53(zone))
                    .build();
            // snippet:end lb-body
        }
    }

    public static void main(final String[] args) {
        App app = new App(AppProps.builder().outdir(args.length > 0 ? args[0] : "cdk.out").build());
        new QuickStartStack(app, "QuickStart", StackProps.builder()
                .env(Environment.builder().account("123456789012").region("us-east-1").build())
                .build());
        app.synth();
        System.out.println("synthesized QuickStart");
    }

    private ReadmeQuickStart() {
    }
}
