"""The Python bindings, used for real: run with pytest from bindings/run.sh.

One interpreter runs every check, because `import aws_cdk` alone takes about 12 seconds here.
"""
import json
import os
import pathlib

import aws_cdk as cdk
import pytest
from aws_cdk import aws_route53 as route53
from aws_cdk.assertions import Template

from cdk_lightsail_certificate import CertificateValidation, LightsailCertificate

import app
import readme_other_account
import readme_quickstart
import readme_serve

# run.sh passes the directory to synthesize into, and then checks the template with check-template.js.
OUTDIR = pathlib.Path(os.environ.get("BINDINGS_PYTHON_OUTDIR", pathlib.Path(__file__).parent / "cdk.out"))


def test_app_synthesizes():
    app.main(str(OUTDIR))
    assert (OUTDIR / "LightsailCdn.template.json").is_file()


def test_a_wildcard_alternate_name_raises_runtime_error():
    stack = cdk.Stack(cdk.App(), "BadInput", env=cdk.Environment(account="123456789012", region="eu-west-1"))
    # jsii raises the JavaScript error as a RuntimeError carrying its message.
    with pytest.raises(RuntimeError, match="is a wildcard"):
        LightsailCertificate(
            stack,
            "Certificate",
            domain_name="example.com",
            subject_alternative_names=["*.example.com"],
        )


def test_the_readme_quick_start_synthesizes(tmp_path):
    readme_quickstart.main(str(tmp_path))
    assert (tmp_path / "QuickStart.template.json").is_file()


def test_the_readme_other_account_example_writes_the_aliases_through_the_role(tmp_path):
    readme_other_account.main(str(tmp_path))
    template = json.loads((tmp_path / "OtherAccount.template.json").read_text())
    types = [r["Type"] for r in template["Resources"].values()]
    assert "AWS::Route53::RecordSet" not in types
    (records,) = [r for r in template["Resources"].values() if r["Type"] == "Custom::LightsailAliasRecords"]
    assert records["Properties"]["RoleArn"] == "arn:aws:iam::111111111111:role/LightsailDns"
    assert records["Properties"]["ExternalId"] == "cdk-lightsail-certificate"


def test_from_route53_zones_takes_a_dict_of_zones():
    stack = cdk.Stack(cdk.App(), "Zones", env=cdk.Environment(account="123456789012", region="eu-west-1"))
    com = route53.PublicHostedZone(stack, "Com", zone_name="example.com")
    net = route53.PublicHostedZone(stack, "Net", zone_name="example.net")
    certificate = LightsailCertificate(
        stack,
        "Certificate",
        domain_name="example.com",
        subject_alternative_names=["www.example.com", "example.net"],
        validation=CertificateValidation.from_route53_zones({"example.com": com, "example.net": net}),
    )
    certificates = Template.from_stack(stack).find_resources("Custom::LightsailCertificate")
    [zones] = [c["Properties"]["HostedZoneIds"] for c in certificates.values()]
    com_id, net_id = stack.get_logical_id(com.node.default_child), stack.get_logical_id(net.node.default_child)
    # Each domain's validation record goes to its own zone: example.com and www to .com, example.net to .net.
    assert [zone["Ref"] for zone in zones] == [com_id, com_id, net_id]
    assert certificate.domain_names == ["example.com", "www.example.com", "example.net"]


def test_is_lightsail_certificate_tells_a_certificate_from_an_imported_one():
    stack = cdk.Stack(cdk.App(), "Is", env=cdk.Environment(account="123456789012", region="eu-west-1"))
    certificate = LightsailCertificate(stack, "Certificate", domain_name="example.com")
    imported = LightsailCertificate.from_certificate_name(stack, "Imported", "my-certificate")
    assert LightsailCertificate.is_lightsail_certificate(certificate)
    assert not LightsailCertificate.is_lightsail_certificate(imported)
    assert imported.certificate_name == "my-certificate"


def test_the_readme_serve_your_domain_examples_synthesize():
    # run.sh checks these templates with check-serve.js.
    readme_serve.main(str(OUTDIR / "serve"))
    for stack_name in readme_serve.TARGETS.values():
        assert (OUTDIR / "serve" / f"{stack_name}.template.json").is_file()
