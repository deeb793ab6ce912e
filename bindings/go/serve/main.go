// The README's "Serve your domain" examples in Go, one stack per target. Each region between the
// snippet markers is what the README shows under its target (bindings/make-snippets.js copies them);
// run.sh builds and runs this program, and checks the templates with check-serve.js. `zone` stands
// for the quick start's hosted zone, which the README's examples take as given.
//
//	go run ./serve [OUTDIR]
package main

import (
	"fmt"
	"os"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslightsail"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsroute53"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdklightsail/cdk-lightsail-certificate-go/cdklightsailcertificate"
)

// targets: each target, named after its README region, and its stack.
var targets = [][2]string{
	{"distribution", "ServeDistribution"},
	{"container-service", "ServeContainerService"},
	{"lightsail-dns", "ServeLightsailDns"},
	{"existing-distribution", "ServeExistingDistribution"},
	{"existing-container-service", "ServeExistingContainerService"},
}

func newServeStack(app awscdk.App, id string, target string, props *awscdk.StackProps) awscdk.Stack {
	stack := awscdk.NewStack(app, jsii.String(id), props)
	zone := awsroute53.HostedZone_FromHostedZoneAttributes(stack, jsii.String("Zone"), &awsroute53.HostedZoneAttributes{
		HostedZoneId: jsii.String("Z0123456789"),
		ZoneName:     jsii.String("example.com"),
	})

	switch target {
	case "distribution":
		// snippet:start serve-distribution
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
		// snippet:end serve-distribution
	case "container-service":
		// snippet:start serve-container-service
		certificate := cdklightsailcertificate.NewLightsailCertificate(stack, jsii.String("Certificate"), &cdklightsailcertificate.LightsailCertificateProps{
			DomainName:              jsii.String("example.com"),
			SubjectAlternativeNames: jsii.Strings("www.example.com"),
			Validation:              cdklightsailcertificate.CertificateValidation_FromRoute53(zone),
		})

		service := awslightsail.NewCfnContainer(stack, jsii.String("Service"), &awslightsail.CfnContainerProps{
			ServiceName:       jsii.String("app"),
			Power:             jsii.String("nano"),
			Scale:             jsii.Number(1),
			PublicDomainNames: []interface{}{certificate.ContainerPublicDomainName(nil)},
		})

		cdklightsailcertificate.NewLightsailDomainRecords(stack, jsii.String("DomainRecords"), &cdklightsailcertificate.LightsailDomainRecordsProps{
			Certificate: certificate,
			Target:      cdklightsailcertificate.DomainTarget_ContainerService(service),
			Zone:        zone,
		})
		// snippet:end serve-container-service
	case "lightsail-dns":
		// snippet:start serve-lightsail-dns
		certificate := cdklightsailcertificate.NewLightsailCertificate(stack, jsii.String("Certificate"), &cdklightsailcertificate.LightsailCertificateProps{
			DomainName:              jsii.String("example.com"),
			SubjectAlternativeNames: jsii.Strings("www.example.com"),
			Validation:              cdklightsailcertificate.CertificateValidation_FromLightsailDomain(),
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
			Certificate:     certificate,
			Target:          cdklightsailcertificate.DomainTarget_Distribution(distribution),
			LightsailDomain: jsii.String("example.com"),
		})
		// snippet:end serve-lightsail-dns
	case "existing-distribution":
		// snippet:start serve-existing-distribution
		certificate := cdklightsailcertificate.NewLightsailCertificate(stack, jsii.String("Certificate"), &cdklightsailcertificate.LightsailCertificateProps{
			DomainName: jsii.String("shop.example.com"),
			Validation: cdklightsailcertificate.CertificateValidation_FromRoute53(zone),
		})

		cdklightsailcertificate.NewLightsailDomainRecords(stack, jsii.String("DomainRecords"), &cdklightsailcertificate.LightsailDomainRecordsProps{
			Certificate: certificate,
			Target:      cdklightsailcertificate.DomainTarget_FromDistributionName(jsii.String("shop-cdn")),
			Zone:        zone,
		})
		// snippet:end serve-existing-distribution
	case "existing-container-service":
		// snippet:start serve-existing-container-service
		certificate := cdklightsailcertificate.NewLightsailCertificate(stack, jsii.String("Certificate"), &cdklightsailcertificate.LightsailCertificateProps{
			DomainName: jsii.String("api.example.com"),
			Region:     jsii.String("eu-west-1"),
			Validation: cdklightsailcertificate.CertificateValidation_FromRoute53(zone),
		})

		cdklightsailcertificate.NewLightsailDomainRecords(stack, jsii.String("DomainRecords"), &cdklightsailcertificate.LightsailDomainRecordsProps{
			Certificate: certificate,
			Target:      cdklightsailcertificate.DomainTarget_FromContainerServiceName(jsii.String("api-service"), jsii.String("eu-west-1")),
			Zone:        zone,
		})
		// snippet:end serve-existing-container-service
	default:
		names := make([]string, len(targets))
		for i, t := range targets {
			names[i] = t[0]
		}
		panic(fmt.Sprintf("target: unknown target %q (one of %s)", target, strings.Join(names, ", ")))
	}

	return stack
}

func main() {
	defer jsii.Close()

	outdir := "cdk.out"
	if len(os.Args) > 1 {
		outdir = os.Args[1]
	}
	app := awscdk.NewApp(&awscdk.AppProps{Outdir: jsii.String(outdir)})
	for _, t := range targets {
		newServeStack(app, t[1], t[0], &awscdk.StackProps{
			Env: &awscdk.Environment{Account: jsii.String("123456789012"), Region: jsii.String("us-east-1")},
		})
	}
	app.Synth(nil)
	fmt.Println("synthesized the Serve stacks")
}
