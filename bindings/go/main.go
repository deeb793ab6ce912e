// A Lightsail distribution on a custom domain, deployed from a stack in us-east-1. The certificate
// is requested in us-east-1, validated through the stack's Route 53 zone, and ISSUED before the
// distribution that uses it is created; alias records then send the domains to the distribution.
//
//	go run . [OUTDIR]
package main

import (
	"fmt"
	"os"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslightsail"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsroute53"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdklightsail/cdk-lightsail-certificate-go/cdklightsailcertificate"
)

type CdnStackProps struct {
	awscdk.StackProps
	DomainName string
}

// NewCdnStack adds a hosted zone, a certificate validated through it, a distribution that uses it, and
// records that send the certificate's domains to the distribution.
func NewCdnStack(scope constructs.Construct, id string, props *CdnStackProps) awscdk.Stack {
	stack := awscdk.NewStack(scope, &id, &props.StackProps)
	domainName := props.DomainName

	zone := awsroute53.NewPublicHostedZone(stack, jsii.String("Zone"), &awsroute53.PublicHostedZoneProps{
		ZoneName: jsii.String(domainName),
	})

	certificate := cdklightsailcertificate.NewLightsailCertificate(stack, jsii.String("Certificate"), &cdklightsailcertificate.LightsailCertificateProps{
		DomainName:              jsii.String(domainName),
		SubjectAlternativeNames: jsii.Strings("www." + domainName),
		Validation:              cdklightsailcertificate.CertificateValidation_FromRoute53(zone),
	})
	awscdk.Tags_Of(certificate).Add(jsii.String("project"), jsii.String("cdn"), nil)

	distribution := awslightsail.NewCfnDistribution(stack, jsii.String("Cdn"), &awslightsail.CfnDistributionProps{
		DistributionName: jsii.String("example-cdn"),
		BundleId:         jsii.String("small_1_0"),
		Origin: &awslightsail.CfnDistribution_InputOriginProperty{
			Name:           jsii.String("example-bucket"),
			RegionName:     stack.Region(),
			ProtocolPolicy: jsii.String("https-only"),
		},
		DefaultCacheBehavior: &awslightsail.CfnDistribution_CacheBehaviorProperty{
			Behavior: jsii.String("cache"),
		},
		// Resolves only once the certificate is ISSUED, so the distribution is created after it.
		CertificateName: certificate.CertificateName(),
	})

	// A and AAAA alias records for example.com and www.example.com to the distribution's own domain.
	cdklightsailcertificate.NewLightsailDomainRecords(stack, jsii.String("DomainRecords"), &cdklightsailcertificate.LightsailDomainRecordsProps{
		Certificate: certificate,
		Target:      cdklightsailcertificate.DomainTarget_Distribution(distribution),
		Zone:        zone,
	})

	www := certificate.ValidationRecordFor(jsii.String("www." + domainName))
	awscdk.NewCfnOutput(stack, jsii.String("WwwValidationRecord"), &awscdk.CfnOutputProps{Value: www.Name})
	awscdk.NewCfnOutput(stack, jsii.String("CertificateArn"), &awscdk.CfnOutputProps{Value: certificate.CertificateArn()})

	return stack
}

func main() {
	defer jsii.Close()

	outdir := "cdk.out"
	if len(os.Args) > 1 {
		outdir = os.Args[1]
	}
	app := awscdk.NewApp(&awscdk.AppProps{Outdir: jsii.String(outdir)})
	NewCdnStack(app, "LightsailCdn", &CdnStackProps{
		StackProps: awscdk.StackProps{
			Env: &awscdk.Environment{
				Account: jsii.String("123456789012"),
				Region:  jsii.String("us-east-1"),
			},
		},
		DomainName: "example.com",
	})
	app.Synth(nil)
	fmt.Printf("synthesized LightsailCdn into %s\n", outdir)
}
