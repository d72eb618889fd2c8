#!/usr/bin/env bash
# Tyr's one entry point for people and CI.
#   ./tyr.sh demo    set up, build, start tyr-server, enroll a local tyrd, show events arriving
#   ./tyr.sh test    set up, build, run every check and the whole test suite
#   ./tyr.sh build   native binaries into out/bin (tyrd, tyr-server, tyr)
#   ./tyr.sh package build, then .deb and .rpm packages of them into out/pkg
#   ./tyr.sh setup   install the Debian packages the build needs
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

setup() { bash scripts/setup.sh; }

build() {
  setup
  mkdir -p out/bin
  for project in tyrd/Tyrd.csproj tyr-server/TyrServer.csproj tyr/Tyr.csproj; do
    name=$(sed -n 's:.*<AssemblyName>\(.*\)</AssemblyName>.*:\1:p' "$project")
    echo "build: $name (NativeAOT)"
    dotnet publish "$project" -c Release -o "artifacts/publish/$name" -nologo -v quiet -clp:ErrorsOnly
    install -m 0755 "artifacts/publish/$name/$name" "out/bin/$name"
  done
  ls -l out/bin
}

case "${1:-}" in
  setup) setup ;;
  build) build ;;
  package) build; exec bash scripts/package.sh ;;
  test) build; shift; exec bash scripts/test.sh "$@" ;;
  demo) build; exec bash scripts/demo.sh ;;
  *) sed -n '2,7p' "$0" >&2; exit 2 ;;
esac
