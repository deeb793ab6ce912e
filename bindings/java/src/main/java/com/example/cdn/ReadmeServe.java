package com.example.cdn;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.lightsail.*;
import software.amazon.awscdk.services.route53.*;
import software.constructs.Construct;
import io.github.cdklightsail.certificate.CertificateValidation;
import io.github.cdklightsail.certificate.DomainTarget;
import io.github.cdklightsail.certificate.LightsailCertificate;
import io.github.cdklightsail.certificate.LightsailDomainRecords;

/**
 * The README's "Serve your domain" examples in Java, one stack per target. Each region between the
 * snippet markers is what the README shows under its target (bindings/make-snippets.js copies them);
 * run.sh compiles and runs this class, and checks the templates with check-serve.js. {@code zone}
 * stands for the quick start's hosted zone, which the README's examples take as given.
 */
public final class ReadmeServe {
    /** The stack of each target, named after its README region. */
    static final Map<String, String> TARGETS = new LinkedHashMap<>();

    static {
        TARGETS.put("distribution", "ServeDistribution");
        TARGETS.put("container-service", "ServeContainerService");
        TARGETS.put("lightsail-dns", "ServeLightsailDns");
        TARGETS.put("existing-distribution", "ServeExistingDistribution");
        TARGETS.put("existing-container-service", "ServeExistingContainerService");
    }

    static class ServeStack extends Stack {
        ServeStack(final Construct scope, final String id, final String target, final StackProps props) {
            super(scope, id, props);
            IHostedZone zone = HostedZone.fromHostedZoneAttributes(this, "Zone", HostedZoneAttributes.builder()
                    .hostedZoneId("Z0123456789")
                    .zoneName("example.com")
                    .build());

            switch (target) {
                case "distribution": {
                    // snippet:start serve-distribution
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
                    // snippet:end serve-distribution
                    break;
                }
                case "container-service": {
                    // snippet:start serve-container-service
                    LightsailCertificate certificate = LightsailCertificate.Builder.create(this, "Certificate")
                            .domainName("example.com")
                            .subjectAlternativeNames(List.of("www.example.com"))
                            .validation(CertificateValidation.fromRoute53(zone))
                            .build();

                    CfnContainer service = CfnContainer.Builder.create(this, "Service")
                            .serviceName("app")
                            .power("nano")
                            .scale(1)
                            .publicDomainNames(List.of(certificate.containerPublicDomainName()))
                            .build();

                    LightsailDomainRecords.Builder.create(this, "DomainRecords")
                            .certificate(certificate)
                            .target(DomainTarget.containerService(service))
                            .zone(zone)
                            .build();
                    // snippet:end serve-container-service
                    break;
                }
                case "lightsail-dns": {
                    // snippet:start serve-lightsail-dns
                    LightsailCertificate certificate = LightsailCertificate.Builder.create(this, "Certificate")
                            .domainName("example.com")
                            .subjectAlternativeNames(List.of("www.example.com"))
                            .validation(CertificateValidation.fromLightsailDomain())
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
                            .lightsailDomain("example.com")
                            .build();
                    // snippet:end serve-lightsail-dns
                    break;
                }
                case "existing-distribution": {
                    // snippet:start serve-existing-distribution
                    LightsailCertificate certificate = LightsailCertificate.Builder.create(this, "Certificate")
                            .domainName("shop.example.com")
                            .validation(CertificateValidation.fromRoute53(zone))
                            .build();

                    LightsailDomainRecords.Builder.create(this, "DomainRecords")
                            .certificate(certificate)
                            .target(DomainTarget.fromDistributionName("shop-cdn"))
                            .zone(zone)
                            .build();
                    // snippet:end serve-existing-distribution
                    break;
                }
                case "existing-container-service": {
                    // snippet:start serve-existing-container-service
                    LightsailCertificate certificate = LightsailCertificate.Builder.create(this, "Certificate")
                            .domainName("api.example.com")
                            .region("eu-west-1")
                            .validation(CertificateValidation.fromRoute53(zone))
                            .build();

                    LightsailDomainRecords.Builder.create(this, "DomainRecords")
                            .certificate(certificate)
                            .target(DomainTarget.fromContainerServiceName("api-service", "eu-west-1"))
                            .zone(zone)
                            .build();
                    // snippet:end serve-existing-container-service
                    break;
                }
                default:
                    throw new IllegalArgumentException("target: unknown target \"" + target + "\" (one of " + String.join(", ", TARGETS.keySet()) + ")");
            }
        }
    }

    public static void main(final String[] args) {
        App app = new App(AppProps.builder().outdir(args.length > 0 ? args[0] : "cdk.out").build());
        for (Map.Entry<String, String> target : TARGETS.entrySet()) {
            new ServeStack(app, target.getValue(), target.getKey(), StackProps.builder()
                    .env(Environment.builder().account("123456789012").region("us-east-1").build())
                    .build());
        }
        app.synth();
        System.out.println("synthesized " + String.join(", ", TARGETS.values()));
    }

    private ReadmeServe() {
    }
}
