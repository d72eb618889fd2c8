#!/usr/bin/env bash
# Apply → enforced: how long from an operator's `POST /api/v1/policies` until a governed process's
# connect is refused (or allowed again) by the kernel. Real tyr-server, real tyrd with its BPF
# programs, a governed cgroup, loopback only. Root.
#
# Each round applies a new version of one assigned policy, alternating "deny 127.0.0.2" and an
# empty policy; the assignment follows the policy, the server pushes, tyrd swaps its maps. A probe
# shell in the governed cgroup connects to 127.0.0.2 in a loop until the outcome flips; the time is
# taken from just before the POST to the first flipped probe.
# Baseline, same run: POST /api/v1/agents/{id}/ping, a server → tyrd → server round trip on the
# same stream (what any push costs at the least).
#
# Usage: bench/policy/apply-to-enforced.sh [ROUNDS]   (default 40; needs ./tyr.sh build first)
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=${1:-40}
bin=$PWD/out/bin
work=$(mktemp -d /tmp/tyr-apply-bench.XXXX)
cgroup=$(awk '$3 == "cgroup2" { print $2; exit }' /proc/mounts)/tyr-apply-bench-$$
[ "$(id -u)" = 0 ] || { echo "apply-to-enforced: tyrd loads eBPF programs: run as root" >&2; exit 1; }
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rmdir "$cgroup" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT INT TERM
mkdir -p "$cgroup"

"$bin/tyr-server" run --data "$work/server" --grpc-listen 127.0.0.1:17700 --http-listen 127.0.0.1:17701 >"$work/server.out" 2>"$work/server.log" &
pids+=($!)
for _ in $(seq 100); do grep -q '^tyr-server ready' "$work/server.out" && break; sleep 0.1; done
fingerprint=$(sed -n 's/.*ca_fingerprint=\([0-9a-f]*\).*/\1/p' "$work/server.out")
token=$("$bin/tyr-server" token create --ttl 10m --data "$work/server" 2>/dev/null)
agent=$("$bin/tyrd" enroll --server localhost:17700 --token "$token" --ca-fingerprint "$fingerprint" \
  --state-dir "$work/tyrd" --ca-file "$work/tyrd/ca.pem" --name bench | awk '{ print $NF }')
# No pins: the bench's hooks go with its tyrd, nothing is left enforcing behind it.
printf 'governed:\n  cgroups: [%s]\nkernel:\n  pin_dir: off\n' "$cgroup" >"$work/tyrd.yaml"
"$bin/tyrd" run --state-dir "$work/tyrd" --config "$work/tyrd.yaml" 2>"$work/tyrd.log" &
pids+=($!)
for _ in $(seq 200); do grep -q 'stream up' "$work/tyrd.log" && break; sleep 0.1; done

admin=$("$bin/tyr-server" admin-token create --data "$work/server")
api() { curl -sf --cacert "$work/server/ca.pem" -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' "https://localhost:17701/api/v1/$1" "${@:2}"; }
apply() { api policies -X POST -d "$(jq -n --arg yaml "$1" '{yaml: $yaml, file: "bench.yaml", message: "bench"}')" | jq -r .version; }

deny=$'name: bench\nrules:\n  - id: deny-target\n    effect: deny\n    operation: connect\n    cidrs: ["127.0.0.2"]'
empty=$'name: bench\nrules: []'

# The probe: a shell in the governed cgroup; each line on stdin asks it to connect until the
# outcome is the one named ("deny" or "allow"), and it answers with the nanosecond clock then.
mkfifo "$work/ask" "$work/answer"
bash -c "echo \$\$ > $cgroup/cgroup.procs
  exec 4<>$work/answer
  while read -r want; do
    while :; do
      if (exec 3<>/dev/tcp/127.0.0.2/9) 2>&1 | grep -q 'not permitted'; then got=deny; else got=allow; fi
      [ \"\$got\" = \"\$want\" ] && break
    done
    date +%s%N >&4
  done" <"$work/ask" &
pids+=($!)
exec 5>"$work/ask" 6<"$work/answer"

version=$(apply "$empty")
api assignments -X POST -d "{\"version\": $version, \"target_type\": \"daemon\", \"target_id\": \"$agent\"}" >/dev/null
echo allow >&5; read -r _ <&6

applies=()
pings=()
for ((i = 0; i < rounds; i++)); do
  if ((i % 2 == 0)); then yaml=$deny want=deny; else yaml=$empty want=allow; fi
  start=$(date +%s%N)
  apply "$yaml" >/dev/null
  echo "$want" >&5
  read -r end <&6
  applies+=($(((end - start) / 1000)))

  start=$(date +%s%N)
  api "agents/$agent/ping" -X POST >/dev/null
  end=$(date +%s%N)
  pings+=($(((end - start) / 1000)))
done

stats() { sort -n | awk '{ v[NR] = $1 } END { printf "median %.1f ms, p90 %.1f ms, min %.1f ms, max %.1f ms", v[int((NR + 1) / 2)] / 1000, v[int(NR * 0.9 + 0.5)] / 1000, v[1] / 1000, v[NR] / 1000 }'; }
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
echo "rounds: $rounds (alternating deny / empty policy), kernel: $(uname -r)"
echo "apply → enforced:        $(printf '%s\n' "${applies[@]}" | stats)"
echo "baseline ping round trip: $(printf '%s\n' "${pings[@]}" | stats)"
a=$(printf '%s\n' "${applies[@]}" | median); p=$(printf '%s\n' "${pings[@]}" | median)
awk -v a="$a" -v p="$p" 'BEGIN { printf "ratio (medians): apply → enforced = %.1f × ping\n", a / p }'
