#!/usr/bin/env bash
# Builds the jsii bindings of cdk-lightsail-certificate with jsii-pacmak and uses them for real, as a
# user of each language would: installs them from dist/ next to the CDK packages from that language's
# registry, synthesizes a small app (a stack in us-east-1, where CloudFormation has distributions, with a hosted zone, a certificate validated
# through it, and a Lightsail distribution that uses it), checks the template, checks that bad input
# fails with the library's message as that language's exception, and runs the README's quick start.
# Each language's package is made and installed by the README's "Before the first release" lines,
# read from README.md (readme-block.js) and run as written in a scratch copy of the language's app.
#
#   bindings/run.sh [js] [python] [java] [go] [dotnet]   # default: all of them
#
# Needs what `npm ci` installs, plus python3, a JDK 17 with Maven, and Go (the polyglot machine has
# them; a missing Python venv module or Maven/JDK is installed with apt-get). Downloads from PyPI,
# Maven Central and the Go module proxy into the usual caches (pip's cache, ~/.m2/repository, the Go
# module and build caches), so a second run is faster.
#
# Environment:
#   BINDINGS_SKIP_BUILD=1   reuse lib/ as it is (no bundle, jsii or rosetta; the README's lines still pack)
#   MAVEN_REPO_LOCAL=DIR    the Maven local repository (default ~/.m2/repository)
#
# Prints one line per check and, last, "N passed, N failed"; exits non-zero if any check failed.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
B=$ROOT/bindings
LOGS=$B/.logs
mkdir -p "$LOGS"

# jsii tools and the jsii runtime warn loudly about Node 20's end of life; the logs are easier to read without.
NODE_MAJOR=$(node -p 'process.versions.node.split(".")[0]')
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=${JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION:-$NODE_MAJOR}
export JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION=${JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION:-1}
export MAVEN_REPO_LOCAL=${MAVEN_REPO_LOCAL:-$HOME/.m2/repository}
export PIP_DISABLE_PIP_VERSION_CHECK=1

LANGS=("$@")
if [ ${#LANGS[@]} -eq 0 ]; then
  LANGS=(js python java go dotnet)
fi
for lang in "${LANGS[@]}"; do
  case $lang in
    js | python | java | go | dotnet) ;;
    *) echo "unknown language: $lang (js, python, java, go, dotnet)" >&2; exit 2 ;;
  esac
done
wants() {
  local l
  for l in "${LANGS[@]}"; do [ "$l" = "$1" ] && return 0; done
  return 1
}

PASSED=0
FAILED=0
BLOCKED=""         # the failed step's name: the rest of that group's steps don't run
BUILD_BLOCKED=""   # a failed build step blocks every group
declare -A MS_OF   # milliseconds spent per group
GROUPS_SEEN=()

# step GROUP NAME COMMAND...: runs COMMAND with its output in .logs/, times it, counts it.
step() {
  run_timed "$@" || true
  if [ -z "$RAN" ]; then return 0; fi
  if [ "$RC" -eq 0 ]; then
    PASSED=$((PASSED + 1))
    printf '  ok    %-8s %s (%s)\n' "$1" "$2" "$TOOK"
  else
    FAILED=$((FAILED + 1))
    printf '  FAIL  %-8s %s (%s, exit %d; log: %s)\n' "$1" "$2" "$TOOK" "$RC" "${LOG#"$ROOT/"}"
    tail -n 30 "$LOG" | sed 's/^/        | /'
    BLOCKED=$2
  fi
}
# pytest_step GROUP NAME COMMAND...: like step, for a pytest run (-rA): counts each test.
pytest_step() {
  run_timed "$@" || true
  if [ -z "$RAN" ]; then return 0; fi
  printf '  ..    %-8s %s (%s)\n' "$1" "$2" "$TOOK"
  local outcome test counted=0
  while read -r outcome test; do
    counted=$((counted + 1))
    if [ "$outcome" = PASSED ]; then
      PASSED=$((PASSED + 1))
      printf '  ok    %-8s   %s\n' "$1" "$test"
    else
      FAILED=$((FAILED + 1))
      printf '  FAIL  %-8s   %s (%s)\n' "$1" "$test" "$outcome"
    fi
  done < <(sed -n -E 's/^(PASSED|FAILED|ERROR) ([^ ]+).*/\1 \2/p' "$LOG")
  if [ $counted -eq 0 ]; then
    FAILED=$((FAILED + 1))
    printf '  FAIL  %-8s   pytest ran no test (exit %d)\n' "$1" "$RC"
    BLOCKED=$2
  fi
  if [ "$RC" -ne 0 ] || [ $counted -eq 0 ]; then
    printf '        log: %s\n' "${LOG#"$ROOT/"}"
    tail -n 30 "$LOG" | sed 's/^/        | /'
  fi
}
# run_timed GROUP NAME COMMAND...: sets RAN, RC, TOOK and LOG; counts a step that can't run.
run_timed() {
  local group=$1 name=$2
  shift 2
  RAN="" RC=0
  LOG="$LOGS/$(echo "$group-$name" | tr -c 'A-Za-z0-9_.-' '-' | sed 's/-*$//').log"
  if [ -z "${MS_OF[$group]+set}" ]; then
    MS_OF[$group]=0
    GROUPS_SEEN+=("$group")
  fi
  if [ -n "$BLOCKED" ]; then
    FAILED=$((FAILED + 1))
    printf '  FAIL  %-8s %s (not run: "%s" failed)\n' "$group" "$name" "$BLOCKED"
    return 0
  fi
  RAN=1
  local start ms
  start=$(date +%s%N)
  ("$@") >"$LOG" 2>&1 </dev/null || RC=$?
  ms=$((($(date +%s%N) - start) / 1000000))
  MS_OF[$group]=$((MS_OF[$group] + ms))
  TOOK=$(printf '%d.%ds' $((ms / 1000)) $((ms % 1000 / 100)))
}
# A check whose failure doesn't stop the steps after it.
check() {
  local saved=$BLOCKED
  step "$@"
  if [ -z "$saved" ]; then BLOCKED=""; fi
}
begin() {
  BLOCKED=$BUILD_BLOCKED
  echo "== $1"
}

# Debian packages, installed only when what needs them is missing.
apt_install() {
  echo "  (installing $* with apt-get)"
  if [ -z "${APT_UPDATED:-}" ]; then apt-get update -qq && APT_UPDATED=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}
need() {
  local cmd=$1
  shift
  command -v "$cmd" >/dev/null 2>&1 || apt_install "$@"
}

# readme_lines LANG DIR [FIRST]: runs the README's pre-release block for LANG as written, in DIR (the
# user's app), with CDK_LIGHTSAIL_CERTIFICATE at this clone; from line FIRST on (default 1).
readme_lines() {
  local lines
  lines=$(node "$B/readme-block.js" "pre-release:$1" | tail -n "+${3:-1}")
  printf '$ %s\n' "$lines"
  (cd "$2" && CDK_LIGHTSAIL_CERTIFICATE=$ROOT bash -euo pipefail -c "$lines")
}
# scratch_app LANG FILES...: a fresh copy of the language's app in bindings/LANG/.app, where the
# README's lines may change what an app's owner would change (package.json, go.mod).
scratch_app() {
  local lang=$1
  shift
  rm -rf "$B/$lang/.app" && mkdir -p "$B/$lang/.app"
  (cd "$B/$lang" && cp -r "$@" .app/)
}

pacmak() {
  if [ -n "$TABLET" ]; then
    npx jsii-pacmak "$@" --rosetta-tablet "$TABLET"
  else
    npx jsii-pacmak "$@"
  fi
}

# ---------------------------------------------------------------------------------------------------
begin "build: handlers, jsii, examples"
TABLET=""
if [ -z "${BINDINGS_SKIP_BUILD:-}" ]; then
  step build "bundle the Lambda handlers (npx projen bundle)" npx projen bundle
  step build "compile with jsii (npx projen compile)" npx projen compile
  BUILD_BLOCKED=$BLOCKED
  rosetta() {
    rm -f .jsii.tabl.json "$B/.rosetta/tablet.json"
    local rc=0
    npx jsii-rosetta extract --strict .jsii || rc=$?
    # Keep the tablet (translations of the examples, which jsii-pacmak puts in the docs of the
    # generated code) out of the repository root.
    mkdir -p "$B/.rosetta"
    if [ -f .jsii.tabl.json ]; then mv .jsii.tabl.json "$B/.rosetta/tablet.json"; fi
    return $rc
  }
  check build "every README and @example snippet compiles (jsii-rosetta extract --strict)" rosetta
  if [ -f "$B/.rosetta/tablet.json" ]; then TABLET=$B/.rosetta/tablet.json; fi
fi
check build "the README quick start in other languages is up to date" node "$B/make-snippets.js" --check

# ---------------------------------------------------------------------------------------------------
if wants js; then
  begin "js"
  js_install() {
    scratch_app js package.json app.js
    readme_lines js "$B/js/.app"
  }
  step js "the README's JavaScript lines (package:js, npm install the tarball) in bindings/js/.app" js_install
  rm -rf "$B/js/cdk.out"
  step js "app.js synthesizes (and fromRoute53(undefined) names the argument)" node "$B/js/.app/app.js" "$B/js/cdk.out"
  check js "the template is right (check-template.js)" node "$B/check-template.js" "$B/js/cdk.out"
fi

# ---------------------------------------------------------------------------------------------------
if wants python; then
  begin "python"
  if ! { need python3 python3 && { python3 -c 'import venv, ensurepip' >/dev/null 2>&1 || apt_install python3-venv; }; }; then
    BLOCKED="installing python3 with venv"
  fi
  py_install() {
    [ -x "$B/python/.venv/bin/python" ] || python3 -m venv "$B/python/.venv"
    "$B/python/.venv/bin/pip" install -r "$B/python/requirements.txt"
    # The version stays 0.0.0 between builds: pip would keep the copy installed last time.
    "$B/python/.venv/bin/pip" uninstall -y cdk-lightsail-certificate
    PATH="$B/python/.venv/bin:$PATH" readme_lines python "$B/python"
  }
  step python "aws-cdk-lib==2.257.0, then the README's Python lines (package:python, pip install the wheel) in bindings/python/.venv" py_install
  PY=$B/python/.venv/bin/python
  rm -rf "$B/python/cdk.out"
  # One interpreter for the app, the bad input and the quick start: `import aws_cdk` takes ~12 s here.
  py_test() {
    cd "$B/python" && BINDINGS_PYTHON_OUTDIR="$B/python/cdk.out" "$PY" -m pytest -rA -p no:cacheprovider test_bindings.py
  }
  pytest_step python "pytest bindings/python/test_bindings.py" py_test
  check python "the template is right (check-template.js)" node "$B/check-template.js" "$B/python/cdk.out"
  check python "the README's serve-your-domain templates are right (check-serve.js)" node "$B/check-serve.js" "$B/python/cdk.out/serve"
fi

# ---------------------------------------------------------------------------------------------------
if wants java; then
  begin "java"
  if ! { need javac openjdk-17-jdk-headless && need mvn maven; }; then
    BLOCKED="installing a JDK and Maven"
  fi
  java_install() {
    # The version stays 0.0.0 between builds: drop the copy installed last time.
    rm -rf "$MAVEN_REPO_LOCAL/io/github/cdklightsail/cdk-lightsail-certificate"
    MAVEN_OPTS="-Dmaven.repo.local=$MAVEN_REPO_LOCAL" readme_lines java "$B/java"
  }
  step java "the README's Java lines (package:java, mvn dependency:get into the local Maven repository)" java_install
  java_build() {
    (cd "$B/java" && mvn -B -q -Dmaven.repo.local="$MAVEN_REPO_LOCAL" compile dependency:build-classpath)
  }
  step java "mvn compile against the installed library and aws-cdk-lib 2.257.0" java_build
  jrun() {
    java -cp "$B/java/target/classes:$(cat "$B/java/target/classpath.txt")" "$@"
  }
  rm -rf "$B/java/cdk.out"
  step java "CdnApp synthesizes" jrun com.example.cdn.CdnApp "$B/java/cdk.out"
  check java "the template is right (check-template.js)" node "$B/check-template.js" "$B/java/cdk.out"
  check java "a wildcard alternate name throws JsiiException 'is a wildcard'" jrun com.example.cdn.BadInput
  check java "the README quick start synthesizes" jrun com.example.cdn.ReadmeQuickStart "$B/java/cdk.out/quickstart"
  check java "the README's other-account example synthesizes" jrun com.example.cdn.ReadmeOtherAccount "$B/java/cdk.out/otheraccount"
  check java "the README's serve-your-domain examples synthesize" jrun com.example.cdn.ReadmeServe "$B/java/cdk.out/serve"
  check java "their templates are right (check-serve.js)" node "$B/check-serve.js" "$B/java/cdk.out/serve"
fi

# ---------------------------------------------------------------------------------------------------
if wants go; then
  begin "go"
  if ! command -v go >/dev/null 2>&1; then
    # Debian's golang is older than the Go 1.25 that aws-cdk-go needs: not installed from apt.
    BLOCKED="finding Go 1.25 or later"
  fi
  # The README's first Go line (npx projen package:go) is replaced by --code-only: jsii-pacmak's own
  # check (go mod tidy + go build in dist/go) asks the Go proxy for the cloud-assembly-schema version
  # npm installed, which this machine's proxy does not serve; bindings/go/go.mod replaces it, and
  # building the app compiles the generated package. The README's other lines run as written.
  step go "jsii-pacmak --target go --code-only, for the README's package:go (no Go proxy for its check here)" \
    pacmak --target go --code-only
  go_install() {
    scratch_app go go.mod go.sum main.go badinput quickstart otheraccount serve
    readme_lines go "$B/go/.app" 2
  }
  step go "the README's Go line after package:go (go mod edit -replace) in bindings/go/.app" go_install
  step go "go build ./... (app, bad input, quick start, other-account example) against dist/go and aws-cdk-go v2.257.0" \
    bash -c 'cd "$1" && go build -mod=mod -o ../bin/ ./...' _ "$B/go/.app"
  rm -rf "$B/go/cdk.out"
  step go "the app synthesizes" "$B/go/bin/lightsail-cdn" "$B/go/cdk.out"
  check go "the template is right (check-template.js)" node "$B/check-template.js" "$B/go/cdk.out"
  check go "a wildcard alternate name panics with an error 'is a wildcard'" "$B/go/bin/badinput"
  check go "the README quick start synthesizes" "$B/go/bin/quickstart" "$B/go/cdk.out/quickstart"
  check go "the README's other-account example synthesizes" "$B/go/bin/otheraccount" "$B/go/cdk.out/otheraccount"
  check go "the README's serve-your-domain examples synthesize" "$B/go/bin/serve" "$B/go/cdk.out/serve"
  check go "their templates are right (check-serve.js)" node "$B/check-serve.js" "$B/go/cdk.out/serve"
fi

# ---------------------------------------------------------------------------------------------------
if wants dotnet; then
  begin "dotnet"
  if command -v dotnet >/dev/null 2>&1; then
    [ -n "${BINDINGS_SKIP_BUILD:-}" ] || step dotnet "jsii-pacmak --target dotnet (NuGet package in dist/dotnet)" pacmak --target dotnet
  else
    # No .NET SDK on this machine (Debian has none, and NuGet is not reachable): the README's .NET
    # lines can't run. Generate the C# sources only, which shows the generator accepts the API; they
    # are not compiled.
    echo "  note  dotnet   the README's .NET lines are not run: no .NET SDK"
    node "$B/readme-block.js" pre-release:dotnet >/dev/null
    [ -n "${BINDINGS_SKIP_BUILD:-}" ] || step dotnet "jsii-pacmak --target dotnet --code-only (C# sources, not compiled: no .NET SDK)" \
      pacmak --target dotnet --code-only
  fi
fi

# ---------------------------------------------------------------------------------------------------
echo "== time per group (seconds)"
for group in "${GROUPS_SEEN[@]}"; do
  printf '  %-8s %4d.%d\n' "$group" $((MS_OF[$group] / 1000)) $((MS_OF[$group] % 1000 / 100))
done
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
