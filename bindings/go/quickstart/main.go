// The README's quick start in Go (jsii-rosetta's translation of the TypeScript one, corrected where it
// did not compile). The regions between the snippet markers are what the README shows
// (bindings/make-snippets.js copies them); run.sh builds and runs this program.
//
//	go run ./quickstart [OUTDIR]
package main

// snippet:start imports
import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
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

func newQuickStartStack(app awscdk.App, id string, props *awscdk.StackProps) awscdk.Stack {
	stack := awscdk.NewStack(app, jsii.String(id), props)

	// snippet:start body
	zone := awsroute53.HostedZone_FromHostedZoneAttributes(stack, jsii.String("Zone"), &awsroute53.HostedZoneAttributes{
		HostedZoneId: jsii.String("Z0123456789"),
		ZoneName:     jsii.String("example.com"),
	})

	certificate := cdklightsailcertificate.NewLightsailCertificate(stack, jsii.String("Certificate"), &cdklightsailcertificate.LightsailCertificateProps{
		DomainName:              jsii.String("example.com"),
		SubjectAlternativeNames: jsii.Strings("www.example.com"),
		Validation:              cdklightsailcertificate.CertificateValidation_FromRoute53(zone),
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
	})
	// snippet:end body

	// snippet:start lb-body
	loadBalancer := awslightsail.NewCfnLoadBalancer(stack, jsii.String("LoadBalancer"), &awslightsail.CfnLoadBalancerProps{
		LoadBalancerName: jsii.String("web"),
		InstancePort:     jsii.Number(80),
	})

	cdklightsailcertificate.NewLoadBalancerCertificate(stack, jsii.String("LoadBalancerCertificate"), &cdklightsailcertificate.LoadBalancerCertificateProps{
		LoadBalancerName:        loadBalancer.Ref(),
		DomainName:              jsii.String("example.com"),
		SubjectAlternativeNames: jsii.Strings("www.example.com"),
		Validation:              cdklightsailcertificate.CertificateValidation_FromRoute53(zone),
	})
	// snippet:end lb-body

	return stack
}

func main() {
	defer jsii.Close()

	outdir := "cdk.out"
	if len(os.Args) > 1 {
		outdir = os.Args[1]
	}
	app := awscdk.NewApp(&awscdk.AppProps{Outdir: jsii.String(outdir)})
	newQuickStartStack(app, "QuickStart", &awscdk.StackProps{
		Env: &awscdk.Environment{Account: jsii.String("123456789012"), Region: jsii.String("us-east-1")},
	})
	app.Synth(nil)
	fmt.Println("synthesized QuickStart")
}
