#!/usr/bin/env bash
# The whole suite: formatting, unit tests, end-to-end tests of the native binaries, and (as root)
# the kernel tests. Prints one closing line "tests: N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")/.."
results=artifacts/test-results
rm -rf "$results" && mkdir -p "$results"
status=0

step() { echo; echo "== $*"; }

step "format: dotnet format --verify-no-changes"
dotnet format Tyr.slnx --verify-no-changes -v quiet || { echo "format: run 'dotnet format Tyr.slnx'"; status=1; }

if compgen -G "bpf/**/*.[ch]" >/dev/null || ls bpf/*/*.c >/dev/null 2>&1; then
  step "format: clang-format (kernel style) on bpf/"
  find bpf bench/kernel -name '*.[ch]' -not -path 'bpf/include/vmlinux.h' -print0 |
    xargs -0 -r clang-format --dry-run --Werror || status=1
fi

# The Cedar differential tests ask the official implementation (cedar-wasm under Node); npm ci
# only when the lock file changed since the last install (the stamp is a copy of it).
oracle=tests/cedar-oracle
if ! cmp -s "$oracle/package-lock.json" "$oracle/node_modules/.tyr-installed-lock.json"; then
  step "npm ci --prefix $oracle"
  if npm ci --prefix "$oracle" --no-audit --no-fund; then
    cp "$oracle/package-lock.json" "$oracle/node_modules/.tyr-installed-lock.json"
  else
    status=1
  fi
fi

# The BPF-LSM scenario boots Debian's cloud kernel under qemu: it is part of the suite.
export TYR_QEMU_LSM=${TYR_QEMU_LSM:-1}
suites=(tests/Tyr.UnitTests tests/Tyr.CedarTests tests/Tyr.PolicyTests tests/Tyr.AgentsTests tests/Tyr.TlsTests tests/Tyr.IntegrationTests tests/Tyr.PackagingTests)
[ -d tests/Tyr.KernelTests ] && suites+=(tests/Tyr.KernelTests)
for suite in "${suites[@]}"; do
  name=$(basename "$suite")
  step "$name"
  dotnet test "$suite" -c Release -nologo --logger "trx;LogFileName=$name.trx" \
    --logger "console;verbosity=normal" --results-directory "$results" || status=1
done

passed=0 failed=0 skipped=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx")
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  n=$(sed -n 's/.* notExecuted="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})) failed=$((failed + ${f:-0})) skipped=$((skipped + ${n:-0}))
done
echo
echo "tests: $passed passed, $failed failed, $skipped skipped"
if ((passed == 0)); then echo "no test ran" >&2; status=1; fi
exit $status
