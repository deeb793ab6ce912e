// The README's "Hosted zone in another account" example in C#. NOT compiled here: no .NET SDK can be
// installed on this machine (see bindings/README.md). The regions between the snippet markers are what
// the README shows (bindings/make-snippets.js copies them).
using Amazon.CDK;
using Constructs;
// snippet:start imports
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.Lightsail;
using Amazon.CDK.AWS.Route53;
using CdkLightsail.Certificate;
// snippet:end imports

namespace Example.Cdn
{
    public class OtherAccountStack : Stack
    {
        public OtherAccountStack(Construct scope, string id, IStackProps props = null) : base(scope, id, props)
        {
            // snippet:start body
            // The DNS account's zone and the role the provider assumes there.
            var zone = HostedZone.FromHostedZoneAttributes(this, "Zone", new HostedZoneAttributes {
                HostedZoneId = "Z0123456789ABCDEFGHIJ",
                ZoneName = "example.com"
            });
            var dns = new HostedZoneAccess {
                Role = Role.FromRoleArn(this, "DnsRole", "arn:aws:iam::111111111111:role/LightsailDns"),
                ExternalId = "cdk-lightsail-certificate"
            };

            var certificate = new LightsailCertificate(this, "Certificate", new LightsailCertificateProps {
                DomainName = "example.com",
                SubjectAlternativeNames = new [] { "www.example.com" },
                Validation = CertificateValidation.FromRoute53CrossAccount(zone, dns)
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
                Zone = zone,
                ZoneAccess = dns
            });
            // snippet:end body
        }
    }
}
