package com.example.cdn;

import java.util.List;

import io.github.cdklightsail.certificate.LightsailCertificate;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.jsii.JsiiException;

/** A wildcard alternate name is refused at synth, as a Java exception with the library's message. */
public final class BadInput {
    public static void main(final String[] args) {
        App app = new App();
        Stack stack = new Stack(app, "BadInput", StackProps.builder()
                .env(Environment.builder().account("123456789012").region("eu-west-1").build())
                .build());
        try {
            LightsailCertificate.Builder.create(stack, "Certificate")
                    .domainName("example.com")
                    .subjectAlternativeNames(List.of("*.example.com"))
                    .build();
        } catch (JsiiException e) {
            if (!e.getMessage().contains("is a wildcard")) {
                System.out.println("FAIL: unexpected message: " + e.getMessage());
                System.exit(1);
            }
            System.out.println("ok: " + e.getClass().getName() + ": " + e.getMessage().lines().findFirst().orElse(""));
            System.exit(0);
        }
        System.out.println("FAIL: a wildcard alternate name was accepted");
        System.exit(1);
    }

    private BadInput() {
    }
}
