// The README's "Hosted zone in another account" example in Go. The regions between the snippet markers
// are what the README shows (bindings/make-snippets.js copies them); run.sh builds and runs this program.
//
//	go run ./otheraccount [OUTDIR]
package main

// snippet:start imports
import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslightsail"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsroute53"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdklightsail/cdk-lightsail-certificate-go/cdklightsailcertificate"
)

// snippet:end imports

import (
	"fmt"
	"os"
)

func newOtherAccountStack(app awscdk.App, id string, props *awscdk.StackProps) awscdk.Stack {
	stack := awscdk.NewStack(app, jsii.String(id), props)

	// snippet:start body
	// The DNS account's zone and the role the provider assumes there.
	zone := awsroute53.HostedZone_FromHostedZoneAttributes(stack, jsii.String("Zone"), &awsroute53.HostedZoneAttributes{
		HostedZoneId: jsii.String("Z0123456789ABCDEFGHIJ"),
		ZoneName:     jsii.String("example.com"),
	})
	dns := &cdklightsailcertificate.HostedZoneAccess{
		Role:       awsiam.Role_FromRoleArn(stack, jsii.String("DnsRole"), jsii.String("arn:aws:iam::111111111111:role/LightsailDns"), nil),
		ExternalId: jsii.String("cdk-lightsail-certificate"),
	}

	certificate := cdklightsailcertificate.NewLightsailCertificate(stack, jsii.String("Certificate"), &cdklightsailcertificate.LightsailCertificateProps{
		DomainName:              jsii.String("example.com"),
		SubjectAlternativeNames: jsii.Strings("www.example.com"),
		Validation:              cdklightsailcertificate.CertificateValidation_FromRoute53CrossAccount(zone, dns),
	})

	distribution := awslightsail.NewCfnDistribution(stack, jsii.String("Cdn"), &awslightsail.CfnDistributionProps{
		DistributionName: jsii.String("example-cdn"),
		BundleId:         jsii.String("small_1_0"),
		Origin: &awslightsail.CfnDistribution_InputOriginProperty{
			Name:           jsii.String("example-bucket"),
			RegionName:     jsii.String("us-east-1"),
			ProtocolPolicy: jsii.String("https-only"),
		},
		DefaultCacheBehavior: &awslightsail.CfnDistribution_CacheBehaviorProperty{
			Behavior: jsii.String("cache"),
		},
		CertificateName: certificate.CertificateName(),
	})

	cdklightsailcertificate.NewLightsailDomainRecords(stack, jsii.String("DomainRecords"), &cdklightsailcertificate.LightsailDomainRecordsProps{
		Certificate: certificate,
		Target:      cdklightsailcertificate.DomainTarget_Distribution(distribution),
		Zone:        zone,
		ZoneAccess:  dns,
	})
	// snippet:end body

	return stack
}

func main() {
	defer jsii.Close()

	outdir := "cdk.out"
	if len(os.Args) > 1 {
		outdir = os.Args[1]
	}
	app := awscdk.NewApp(&awscdk.AppProps{Outdir: jsii.String(outdir)})
	newOtherAccountStack(app, "OtherAccount", &awscdk.StackProps{
		Env: &awscdk.Environment{Account: jsii.String("222222222222"), Region: jsii.String("us-east-1")},
	})
	app.Synth(nil)
	fmt.Println("synthesized OtherAccount")
}
