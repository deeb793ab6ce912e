package com.example.cdn;

import java.util.List;

import io.github.cdklightsail.certificate.CertificateValidation;
import io.github.cdklightsail.certificate.DomainTarget;
import io.github.cdklightsail.certificate.LightsailCertificate;
import io.github.cdklightsail.certificate.LightsailDomainRecords;
import io.github.cdklightsail.certificate.ValidationRecord;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Tags;
import software.amazon.awscdk.services.lightsail.CfnDistribution;
import software.amazon.awscdk.services.route53.PublicHostedZone;
import software.constructs.Construct;

/**
 * A Lightsail distribution on a custom domain, deployed from a stack in us-east-1. The certificate
 * is requested in us-east-1, validated through the stack's Route 53 zone, and ISSUED before the
 * distribution that uses it is created; alias records then send the domains to the distribution.
 *
 * <p>Usage: {@code java com.example.cdn.CdnApp [OUTDIR]}
 */
public final class CdnApp {
    /** The stack: a hosted zone, a certificate validated through it, a distribution that uses it, records to it. */
    public static class CdnStack extends Stack {
        public CdnStack(final Construct scope, final String id, final String domainName, final StackProps props) {
            super(scope, id, props);

            PublicHostedZone zone = PublicHostedZone.Builder.create(this, "Zone")
                    .zoneName(domainName)
                    .build();

            LightsailCertificate certificate = LightsailCertificate.Builder.create(this, "Certificate")
                    .domainName(domainName)
                    .subjectAlternativeNames(List.of("www." + domainName))
                    .validation(CertificateValidation.fromRoute53(zone))
                    .build();
            Tags.of(certificate).add("project", "cdn");

            CfnDistribution distribution = CfnDistribution.Builder.create(this, "Cdn")
                    .distributionName("example-cdn")
                    .bundleId("small_1_0")
                    .origin(CfnDistribution.InputOriginProperty.builder()
                            .name("example-bucket")
                            .regionName(this.getRegion())
                            .protocolPolicy("https-only")
                            .build())
                    .defaultCacheBehavior(CfnDistribution.CacheBehaviorProperty.builder()
                            .behavior("cache")
                            .build())
                    // Resolves only once the certificate is ISSUED, so the distribution is created after it.
                    .certificateName(certificate.getCertificateName())
                    .build();

            // A and AAAA alias records for example.com and www.example.com to the distribution's own domain.
            LightsailDomainRecords.Builder.create(this, "DomainRecords")
                    .certificate(certificate)
                    .target(DomainTarget.distribution(distribution))
                    .zone(zone)
                    .build();

            ValidationRecord www = certificate.validationRecordFor("www." + domainName);
            CfnOutput.Builder.create(this, "WwwValidationRecord").value(www.getName()).build();
            CfnOutput.Builder.create(this, "CertificateArn").value(certificate.getCertificateArn()).build();
        }
    }

    public static void main(final String[] args) {
        String outdir = args.length > 0 ? args[0] : "cdk.out";
        App app = new App(AppProps.builder().outdir(outdir).build());
        new CdnStack(app, "LightsailCdn", "example.com", StackProps.builder()
                .env(Environment.builder().account("123456789012").region("us-east-1").build())
                .build());
        app.synth();
        System.out.println("synthesized LightsailCdn into " + outdir);
    }

    private CdnApp() {
    }
}
