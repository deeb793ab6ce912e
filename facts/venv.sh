#!/usr/bin/env bash
# Makes .facts/venv hold exactly facts/requirements.txt (from PyPI, no global installs) and prints its
# python. Re-used while the requirements file is unchanged: a stamp keeps the file's hash.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
venv="$root/.facts/venv"
requirements="$root/facts/requirements.txt"
hash="$(sha256sum "$requirements" | cut -d' ' -f1)"
if [ "$(cat "$venv/.requirements-sha256" 2>/dev/null || true)" != "$hash" ]; then
  rm -rf "$venv"
  python3 -m venv "$venv" >&2
  "$venv/bin/pip" install --quiet --disable-pip-version-check --no-input --no-deps -r "$requirements" >&2
  echo "$hash" > "$venv/.requirements-sha256"
fi
echo "$venv/bin/python"
