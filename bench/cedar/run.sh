#!/usr/bin/env bash
# Tyr's Cedar engine against the official one (cedar-wasm under Node), same workload, same run.
# Prints both figures and their ratio; docs/benchmarks.md records a run.
#   bench/cedar/run.sh [SECONDS_PER_WASM_MEASUREMENT]
set -euo pipefail
cd "$(dirname "$0")/../.."
work=artifacts/cedar-bench
mkdir -p "$work"

[ -d tests/cedar-oracle/node_modules/@cedar-policy/cedar-wasm ] || npm ci --prefix tests/cedar-oracle --no-audit --no-fund
node bench/cedar/workload.mjs "$work/workload"

# Both engines must agree on the workload before their speeds mean anything.
dotnet publish tyr/Tyr.csproj -c Release -o "$work/tyr" -nologo -v quiet -clp:ErrorsOnly
tyr_allow=$("$work/tyr/tyr" cedar authorize --policies "$work/workload/policies.cedar" \
  --entities "$work/workload/entities.json" --requests "$work/workload/requests.json" |
  jq '[.[] | select(.decision == "allow")] | length')

echo "== cedar-wasm"
node bench/cedar/wasm-bench.mjs "$work/workload" "${1:-5}" | tee "$work/wasm.json"
wasm_allow=$(jq .allow "$work/wasm.json")
if [ "$tyr_allow" != "$wasm_allow" ]; then
  echo "engines disagree on the workload: tyr allows $tyr_allow, cedar-wasm $wasm_allow" >&2
  exit 1
fi

echo "== Tyr.Cedar (BenchmarkDotNet)"
rm -rf "$work/bdn"
TYR_CEDAR_WORKLOAD=$PWD/$work/workload dotnet run -c Release --project bench/Tyr.Bench -- \
  --filter '*CedarAuthorization*' --exporters json --artifacts "$work/bdn"
report=$(ls "$work"/bdn/results/*CedarAuthorization*-report-full-compressed.json)

jq -r --slurpfile wasm "$work/wasm.json" '
  def us(name): (.Benchmarks[] | select(.Method == name) | .Statistics.Mean / 1000);
  def bytes(name): (.Benchmarks[] | select(.Method == name) | .Memory.BytesAllocatedPerOperation);
  $wasm[0] as $w |
  "agreement: both engines allow \($w.allow) of \($w.requests) requests",
  "tyr   Authorize                 \(us("Authorize")) us/call, \(bytes("Authorize")) B/call",
  "tyr   AuthorizeUnprepared       \(us("AuthorizeUnprepared")) us/call, \(bytes("AuthorizeUnprepared")) B/call",
  "tyr   ParseSliceAndAuthorize    \(us("ParseSliceAndAuthorize")) us/call, \(bytes("ParseSliceAndAuthorize")) B/call",
  "wasm  sliced entities           \($w.perCallUs) us/call (entities floor \($w.slicedEntitiesFloorUs) us)",
  "wasm  all 1,000 entities        \($w.allEntitiesPerCallUs) us/call",
  "ratio wasm(sliced) / tyr(Authorize)              x\($w.perCallUs / us("Authorize"))",
  "ratio wasm(sliced) / tyr(ParseSliceAndAuthorize) x\($w.perCallUs / us("ParseSliceAndAuthorize"))",
  "ratio wasm(sliced) - floor / tyr(Authorize)      x\(($w.perCallUs - $w.slicedEntitiesFloorUs) / us("Authorize"))"
' "$report"
