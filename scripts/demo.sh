#!/usr/bin/env bash
# The main job on one machine: tyr-server with its embedded SQLite, a local tyrd enrolled with a
# one-shot token over mTLS, and the events of a governed process arriving at the server.
# Everything lives in .demo/ and stops when the demo ends (Ctrl-C, or after TYR_DEMO_SECONDS).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$PWD/out/bin
demo=$PWD/.demo
seconds=${TYR_DEMO_SECONDS:-30}

[ "$(id -u)" = 0 ] || { echo "demo: tyrd loads eBPF programs: run as root" >&2; exit 1; }

rm -rf "$demo" && mkdir -p "$demo/bin"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  # A stopped tyrd leaves its hooks enforcing (fail closed); the demo's must not outlive it.
  if [ -f "$demo/tyrd.yaml" ]; then
    "$bin/tyrd" uninstall-hooks --state-dir "$demo/tyrd" --config "$demo/tyrd.yaml" || true
  fi
}
trap cleanup EXIT INT TERM

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

say "starting tyr-server (gRPC 127.0.0.1:7700, REST 127.0.0.1:7701, data in .demo/server)"
"$bin/tyr-server" run --data "$demo/server" --grpc-listen 127.0.0.1:7700 --http-listen 127.0.0.1:7701 \
  >"$demo/server.out" 2>"$demo/server.log" &
pids+=($!)
for _ in $(seq 100); do grep -q '^tyr-server ready' "$demo/server.out" && break; sleep 0.1; done
cat "$demo/server.out"
fingerprint=$(sed -n 's/.*ca_fingerprint=\([0-9a-f]*\).*/\1/p' "$demo/server.out")

say "enrolling a local tyrd with a one-shot token, pinning the CA by its fingerprint"
token=$("$bin/tyr-server" token create --ttl 10m --data "$demo/server" 2>/dev/null)
"$bin/tyrd" enroll --server localhost:7700 --token "$token" --ca-fingerprint "$fingerprint" \
  --state-dir "$demo/tyrd" --ca-file "$demo/tyrd/ca.pem" --name "$(hostname)"

# The "AI agent" of this demo is a copy of bash at a governed path: tyrd tags it in the kernel at
# exec, and everything it and its children do is observed (and, where the kernel allows, enforced).
cp /bin/bash "$demo/bin/demo-agent"
cat >"$demo/tyrd.yaml" <<YAML
heartbeat_interval_s: 5
kernel:
  pin_dir: /sys/fs/bpf/tyr-demo  # not /sys/fs/bpf/tyr: never adopt an installed tyrd's hooks
governed:
  executables: [$demo/bin/demo-agent]
YAML

say "starting tyrd (kernel hooks, mTLS stream to the server)"
"$bin/tyrd" run --state-dir "$demo/tyrd" --config "$demo/tyrd.yaml" 2>"$demo/tyrd.log" &
pids+=($!)
for _ in $(seq 100); do grep -q 'stream up' "$demo/tyrd.log" && break; sleep 0.1; done
cat "$demo/tyrd.log"

admin=$("$bin/tyr-server" admin-token create --label demo-operator --data "$demo/server")
api() { curl -sf --cacert "$demo/server/ca.pem" -H "Authorization: Bearer $admin" "https://localhost:7701/api/v1/$1"; }

say "the daemon as the server sees it (GET /api/v1/agents)"
api agents | jq '.agents[] | {id, name, kernel_version, connected, hooks: [.capabilities.hooks[]? | "\(.kind): \(.support)"]}'

# The operator's side, with the tyr CLI: settings from the environment, like kubectl.
export TYR_SERVER=https://localhost:7701 TYR_TOKEN=$admin TYR_CA=$demo/server/ca.pem
agent_id=$(api agents | jq -r '.agents[0].id')

say "no policy assigned yet: deny-by-default, everything the governed agent does is refused"
"$bin/tyr" policy effective "$agent_id" | sed -n '1,8p'

say "applying a policy (the spec's laptop base plus two rules for this agent) and assigning it to this host"
cat >"$demo/demo-policy.yaml" <<YAML
name: demo
description: The spec's laptop base, plus what this demo's agent may not do
rules:
  - id: deny-etc-writes
    effect: deny
    operation: file_write
    paths: ["/etc/*"]
    severity: high
  - id: deny-rest-port
    effect: deny
    operation: connect
    cidrs: ["127.0.0.1"]
    ports: [7701]
    severity: medium
  - id: alert-notes
    effect: alert
    operation: file_write
    paths: ["$demo/agent-*"]
YAML
"$bin/tyr" policy apply "$demo/demo-policy.yaml" -m "demo"
"$bin/tyr" policy assign 1 --daemon "$agent_id"

say "what this daemon now enforces, and where (tyr policy effective)"
"$bin/tyr" policy effective "$agent_id"

say "the governed agent at work: reading, writing, running programs, connecting (for ${seconds}s)"
printf '%-20s %-12s %-7s %-8s %s\n' TIME KIND VERDICT PID RESOURCE
cursor=""
deadline=$((SECONDS + seconds))
while ((SECONDS < deadline)); do
  "$demo/bin/demo-agent" -c "cat /etc/hostname >/dev/null; echo \$RANDOM > $demo/agent-notes.txt; ls / >/dev/null; \
    (exec 3<>/dev/tcp/127.0.0.1/7701) 2>/dev/null; true"
  sleep 1
  page=$(api "events?limit=1000${cursor:+&cursor=$cursor}") || continue
  # Shared libraries and locale files make most of the reads: show the rest, count those.
  jq -r '.events[] | [(.timestamp_ns / 1e9 | strftime("%H:%M:%S")), .kind, .verdict, (.pid|tostring), .resource] | @tsv' <<<"$page" |
    awk -F'\t' '$5 ~ /^\/(usr\/)?(lib|share)/ || $5 == "/etc/ld.so.cache" { hidden++; next }
                { printf "%-20s %-12s %-7s %-8s %s\n", $1, $2, $3, $4, $5 }
                END { if (hidden) printf "%-20s (%d reads of libraries and locale files)\n", "", hidden }'
  cursor=$(jq -r '.next_cursor' <<<"$page")
done

say "done: $(api 'events?limit=1000' | jq '.events | length') events stored in .demo/server/tyr.db"
"$bin/tyr" policy list
