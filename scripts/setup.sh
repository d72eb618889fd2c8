#!/usr/bin/env bash
# Installs everything the build, the tests and the demo need on a fresh Debian 12 machine.
# Idempotent: a second run only checks. Needs root (apt-get).
set -euo pipefail

packages=(
  clang-19 llvm-19 libbpf-dev libelf-dev zlib1g-dev libzstd-dev bpftool
  libsqlite3-dev sqlite3 libssl3 clang-format make curl ca-certificates iproute2 jq
  qemu-system-x86 busybox-static cpio python3 openssl
  # The systemd test boots a Debian root file system made by debootstrap (Tyr.KernelTests/Systemd).
  debootstrap e2fsprogs
  rpm lintian rpmlint
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Node.js and npm run the official Cedar (cedar-wasm) for the Cedar differential tests.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "setup: installing nodejs npm"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
fi

if ! command -v dotnet >/dev/null; then
  echo "setup: the .NET 10 SDK is required (dotnet on PATH)" >&2
  exit 1
fi
