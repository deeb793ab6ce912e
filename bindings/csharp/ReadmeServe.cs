// The README's "Serve your domain" examples in C#, one stack per target. NOT compiled here: no .NET
// SDK can be installed on this machine (see bindings/README.md). Each region between the snippet
// markers is what the README shows under its target (bindings/make-snippets.js copies them). `zone`
// stands for the quick start's hosted zone, which the README's examples take as given.
using System;
using Amazon.CDK;
using Amazon.CDK.AWS.Lightsail;
using Amazon.CDK.AWS.Route53;
using CdkLightsail.Certificate;
using Constructs;

namespace Example.Cdn
{
    public class ServeStack : Stack
    {
        public ServeStack(Construct scope, string id, string target, IStackProps props = null) : base(scope, id, props)
        {
            var zone = HostedZone.FromHostedZoneAttributes(this, "Zone", new HostedZoneAttributes {
                HostedZoneId = "Z0123456789",
                ZoneName = "example.com"
            });

            switch (target)
            {
                case "distribution":
                {
                    // snippet:start serve-distribution
                    var certificate = new LightsailCertificate(this, "Certificate", new LightsailCertificateProps {
                        DomainName = "example.com",
                        SubjectAlternativeNames = new [] { "www.example.com" },
                        Validation = CertificateValidation.FromRoute53(zone)
                    });

                    var distribution = new CfnDistribution(this, "Cdn", new CfnDistributionProps {
                        DistributionName = "example-cdn",
                        BundleId = "small_1_0",
                        Origin = new CfnDistribution.InputOriginProperty { Name = "example-bucket", RegionName = "us-east-1", ProtocolPolicy = "https-only" },
                        DefaultCacheBehavior = new CfnDistribution.CacheBehaviorProperty { Behavior = "cache" },
                        CertificateName = certificate.CertificateName
                    });

                    new LightsailDomainRecords(this, "DomainRecords", new LightsailDomainRecordsProps {
                        Certificate = certificate,
                        Target = DomainTarget.Distribution(distribution),
                        Zone = zone
                    });
                    // snippet:end serve-distribution
                    break;
                }
                case "container-service":
                {
                    // snippet:start serve-container-service
                    var certificate = new LightsailCertificate(this, "Certificate", new LightsailCertificateProps {
                        DomainName = "example.com",
                        SubjectAlternativeNames = new [] { "www.example.com" },
                        Validation = CertificateValidation.FromRoute53(zone)
                    });

                    var service = new CfnContainer(this, "Service", new CfnContainerProps {
                        ServiceName = "app",
                        Power = "nano",
                        Scale = 1,
                        PublicDomainNames = new [] { certificate.ContainerPublicDomainName() }
                    });

                    new LightsailDomainRecords(this, "DomainRecords", new LightsailDomainRecordsProps {
                        Certificate = certificate,
                        Target = DomainTarget.ContainerService(service),
                        Zone = zone
                    });
                    // snippet:end serve-container-service
                    break;
                }
                case "lightsail-dns":
                {
                    // snippet:start serve-lightsail-dns
                    var certificate = new LightsailCertificate(this, "Certificate", new LightsailCertificateProps {
                        DomainName = "example.com",
                        SubjectAlternativeNames = new [] { "www.example.com" },
                        Validation = CertificateValidation.FromLightsailDomain()
                    });

                    var distribution = new CfnDistribution(this, "Cdn", new CfnDistributionProps {
                        DistributionName = "example-cdn",
                        BundleId = "small_1_0",
                        Origin = new CfnDistribution.InputOriginProperty { Name = "example-bucket", RegionName = "us-east-1", ProtocolPolicy = "https-only" },
                        DefaultCacheBehavior = new CfnDistribution.CacheBehaviorProperty { Behavior = "cache" },
                        CertificateName = certificate.CertificateName
                    });

                    new LightsailDomainRecords(this, "DomainRecords", new LightsailDomainRecordsProps {
                        Certificate = certificate,
                        Target = DomainTarget.Distribution(distribution),
                        LightsailDomain = "example.com"
                    });
                    // snippet:end serve-lightsail-dns
                    break;
                }
                case "existing-distribution":
                {
                    // snippet:start serve-existing-distribution
                    var certificate = new LightsailCertificate(this, "Certificate", new LightsailCertificateProps {
                        DomainName = "shop.example.com",
                        Validation = CertificateValidation.FromRoute53(zone)
                    });

                    new LightsailDomainRecords(this, "DomainRecords", new LightsailDomainRecordsProps {
                        Certificate = certificate,
                        Target = DomainTarget.FromDistributionName("shop-cdn"),
                        Zone = zone
                    });
                    // snippet:end serve-existing-distribution
                    break;
                }
                case "existing-container-service":
                {
                    // snippet:start serve-existing-container-service
                    var certificate = new LightsailCertificate(this, "Certificate", new LightsailCertificateProps {
                        DomainName = "api.example.com",
                        Region = "eu-west-1",
                        Validation = CertificateValidation.FromRoute53(zone)
                    });

                    new LightsailDomainRecords(this, "DomainRecords", new LightsailDomainRecordsProps {
                        Certificate = certificate,
                        Target = DomainTarget.FromContainerServiceName("api-service", "eu-west-1"),
                        Zone = zone
                    });
                    // snippet:end serve-existing-container-service
                    break;
                }
                default:
                    throw new ArgumentException($"target: unknown target \"{target}\"");
            }
        }
    }
}
