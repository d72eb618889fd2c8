#!/usr/bin/env bash
# Exec → tag: how long after an agent's exec tyrd has it tagged in the kernel, for agents that only
# user space can name (here aider: `python3 -m aider`, matched on argv). Real tyr-server, real tyrd
# with its BPF programs and discovery on, real python; loopback only. Root.
#
# tyrd logs, for each agent it tags from user space, two delays measured on the boot clock from the
# exec (the ktime in the kernel's record):
#   tag    - until the kernel map update returned (the agent is governed from then on);
#   record - until tyrd read the exec's record from the ring buffer: the floor of any userspace tag,
#            the baseline of this benchmark, measured on the same execs.
# The window an aider process runs ungoverned is "tag"; what tyrd itself adds is tag - record.
#
# Usage: bench/agents/exec-to-tag.sh [RUNS]   (default 200; needs ./tyr.sh build first)
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-200}
bin=$PWD/out/bin
work=$(mktemp -d /tmp/tyr-tag-bench.XXXX)
[ "$(id -u)" = 0 ] || { echo "exec-to-tag: tyrd loads eBPF programs: run as root" >&2; exit 1; }
command -v python3 >/dev/null || { echo "exec-to-tag: needs python3" >&2; exit 1; }
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

"$bin/tyr-server" run --data "$work/server" --grpc-listen 127.0.0.1:17710 --http-listen 127.0.0.1:17711 >"$work/server.out" 2>"$work/server.log" &
pids+=($!)
for _ in $(seq 100); do grep -q '^tyr-server ready' "$work/server.out" && break; sleep 0.1; done
fingerprint=$(sed -n 's/.*ca_fingerprint=\([0-9a-f]*\).*/\1/p' "$work/server.out")
token=$("$bin/tyr-server" token create --ttl 10m --data "$work/server" 2>/dev/null)
"$bin/tyrd" enroll --server localhost:17710 --token "$token" --ca-fingerprint "$fingerprint" \
  --state-dir "$work/tyrd" --ca-file "$work/tyrd/ca.pem" --name bench >/dev/null
# The hooks go with this tyrd (no pins): the bench must leave nothing enforcing behind it.
printf 'discovery:\n  enabled: true\nkernel:\n  pin_dir: off\n' >"$work/tyrd.yaml"
"$bin/tyrd" run --state-dir "$work/tyrd" --config "$work/tyrd.yaml" 2>"$work/tyrd.log" &
pids+=($!)
for _ in $(seq 200); do grep -q 'stream up' "$work/tyrd.log" && break; sleep 0.1; done

# An empty policy, so that the tagged processes are not denied everything (deny-by-default).
admin=$("$bin/tyr-server" admin-token create --data "$work/server")
api() { curl -sf --cacert "$work/server/ca.pem" -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' "https://localhost:17711/api/v1/$1" "${@:2}"; }
agent=$(api agents | jq -r '.agents[0].id')
version=$(api policies -X POST -d "$(jq -n --arg yaml $'name: bench\nrules: []' '{yaml: $yaml, file: "bench.yaml"}')" | jq -r .version)
api assignments -X POST -d "{\"version\": $version, \"target_type\": \"daemon\", \"target_id\": \"$agent\"}" >/dev/null

mkdir -p "$work/site/aider"
echo 'pass' >"$work/site/aider/__main__.py"
for ((i = 0; i < runs; i++)); do
  PYTHONPATH=$work/site python3 -m aider
done
for _ in $(seq 100); do
  (($(grep -c 'aider .* tagged by userspace' "$work/tyrd.log") >= runs)) && break
  sleep 0.1
done

sed -n 's/.*tagged by userspace \([0-9.]*\) µs after its exec (its record was read after \([0-9.]*\) µs).*/\1 \2/p' "$work/tyrd.log" |
  sort -n | awk -v runs="$runs" '
    { tag[NR] = $1; rec[NR] = $2; extra[NR] = $1 - $2 }
    function pct(a, n, p,   i, j, t, s) { for (i = 1; i <= n; i++) s[i] = a[i]; for (i = 2; i <= n; i++) { t = s[i]; for (j = i - 1; j >= 1 && s[j] > t; j--) s[j + 1] = s[j]; s[j + 1] = t } return s[int((n - 1) * p) + 1] }
    END {
      n = NR
      if (n == 0) { print "exec-to-tag: no userspace tag was logged" > "/dev/stderr"; exit 1 }
      printf "userspace tags: %d of %d execs\n", n, runs
      printf "exec -> tag:    median %.1f us, p90 %.1f us, p99 %.1f us\n", pct(tag, n, .5), pct(tag, n, .9), pct(tag, n, .99)
      printf "exec -> record: median %.1f us, p90 %.1f us, p99 %.1f us (baseline: the ring to tyrd)\n", pct(rec, n, .5), pct(rec, n, .9), pct(rec, n, .99)
      printf "tyrd adds:      median %.1f us (match + tag); ratio tag/record %.2f\n", pct(extra, n, .5), pct(tag, n, .5) / pct(rec, n, .5)
    }'
