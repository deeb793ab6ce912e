// A wildcard alternate name is refused at synth: the constructor panics with an error that carries
// the library's message.
//
//	go run ./badinput
package main

import (
	"fmt"
	"os"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdklightsail/cdk-lightsail-certificate-go/cdklightsailcertificate"
)

// newWildcardCertificate returns the error the construct panicked with, or nil if it accepted the input.
func newWildcardCertificate(stack awscdk.Stack) (err error) {
	defer func() {
		if r := recover(); r != nil {
			e, ok := r.(error)
			if !ok {
				e = fmt.Errorf("panic with a %T, not an error: %v", r, r)
			}
			err = e
		}
	}()
	cdklightsailcertificate.NewLightsailCertificate(stack, jsii.String("Certificate"), &cdklightsailcertificate.LightsailCertificateProps{
		DomainName:              jsii.String("example.com"),
		SubjectAlternativeNames: jsii.Strings("*.example.com"),
	})
	return nil
}

func main() {
	defer jsii.Close()

	app := awscdk.NewApp(nil)
	stack := awscdk.NewStack(app, jsii.String("BadInput"), &awscdk.StackProps{
		Env: &awscdk.Environment{Account: jsii.String("123456789012"), Region: jsii.String("eu-west-1")},
	})
	err := newWildcardCertificate(stack)
	if err == nil {
		fmt.Println("FAIL: a wildcard alternate name was accepted")
		os.Exit(1)
	}
	if !strings.Contains(err.Error(), "is a wildcard") {
		fmt.Printf("FAIL: unexpected error (%T): %v\n", err, err)
		os.Exit(1)
	}
	fmt.Printf("ok: %T: %s\n", err, strings.SplitN(err.Error(), "\n", 2)[0])
}
