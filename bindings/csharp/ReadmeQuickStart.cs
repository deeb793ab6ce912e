// The README's quick start in C# (jsii-rosetta's translation of the TypeScript one, with the nested
// property types qualified by CfnDistribution). NOT compiled here: no .NET SDK can be installed on
// this machine (see bindings/README.md). The regions between the snippet markers are what
// the README shows (bindings/make-snippets.js copies them).
using Amazon.CDK;
using Constructs;
// snippet:start imports
using Amazon.CDK.AWS.Lightsail;
using Amazon.CDK.AWS.Route53;
using CdkLightsail.Certificate;
// snippet:end imports

namespace Example.Cdn
{
    public class QuickStartStack : Stack
    {
        public QuickStartStack(Construct scope, string id, IStackProps props = null) : base(scope, id, props)
        {
            // snippet:start body
            var zone = HostedZone.FromHostedZoneAttributes(this, "Zone", new HostedZoneAttributes {
                HostedZoneId = "Z0123456789",
                ZoneName = "example.com"
            });

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
            // snippet:end body

            // snippet:start lb-body
            var loadBalancer = new CfnLoadBalancer(this, "LoadBalancer", new CfnLoadBalancerProps {
                LoadBalancerName = "web",
                InstancePort = 80
            });

            new LoadBalancerCertificate(this, "LoadBalancerCertificate", new LoadBalancerCertificateProps {
                LoadBalancerName = loadBalancer.Ref,
                DomainName = "example.com",
                SubjectAlternativeNames = new [] { "www.example.com" },
                Validation = CertificateValidation.FromRoute53(zone)
            });
            // snippet:end lb-body
        }
    }
}
