#!/bin/bash
# Runs inside the qemu guest that run-qemu-systemd.sh boots (Debian 12, systemd as PID 1), from
# the payload disk mounted on /payload, by tyr-guest-test.service. Installs the packages, enrolls
# tyrd with a local tyr-server, assigns a policy that denies a governed process's writes and
# checks what systemd and the kernel do across start, restart, SIGKILL and removal. Each check
# prints one line, `CHECK <name>: PASS|FAIL <why>`; the host test asserts them by name.
set -uo pipefail

payload=/payload
denied_dir=/var/tmp/tyr-denied
governed=/usr/local/bin/tyr-governed
hammer_out=/run/tyr-hammer.out
t0=$(date +%s.%N)

say() { printf '%s\n' "$*"; }
elapsed() { awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'; }
check() { # check NAME PASS|FAIL WHY...
  local name=$1 result=$2
  shift 2
  say "CHECK $name: $result $* (t=$(elapsed)s)"
}
info() { say "INFO $*"; }

# Waits up to $2 seconds for unit $1 to be active; prints its final state.
wait_active() {
  local unit=$1 end=$((SECONDS + $2)) state
  while :; do
    state=$(systemctl show -p ActiveState --value "$unit")
    [[ $state == active || $SECONDS -ge $end ]] && break
    sleep 0.2
  done
  printf '%s' "$state"
}

main_pid() { systemctl show -p MainPID --value "$1"; }

# Ids of the BPF programs tyrd loaded: those not there at boot, but for systemd's own (sd_*, which
# it attaches to units' cgroups). One bpftool call: per-pin queries take a minute under TCG.
tyrd_prog_ids() {
  bpftool -j prog list 2>/dev/null | jq -r --arg boot " $baseline_progs " \
    '.[] | select(((.name // "") | startswith("sd_")) | not) | .id as $id | select($boot | contains(" \($id) ") | not) | $id'
}

# Everything still attached that belongs to the given program ids: programs and their links.
leftovers() { # leftovers "ID ID ..."
  local ids=" $1 " left=""
  for id in $(bpftool -j prog list 2>/dev/null | jq -r '.[].id'); do
    [[ $ids == *" $id "* ]] && left+="prog:$id "
  done
  for id in $(bpftool -j link list 2>/dev/null | jq -r '.[].prog_id'); do
    [[ $ids == *" $id "* ]] && left+="link-of-prog:$id "
  done
  printf '%s' "$left"
}

# A governed process (a copy of bash named in governed.executables) that tries the denied write
# as fast as it can for $1 seconds and prints how many writes got through and how many failed.
start_hammer() {
  : > "$hammer_out"
  "$governed" -c '
    end=$((SECONDS + $1)); ok=0; denied=0
    while ((SECONDS < end)); do
      if { echo x > '"$denied_dir"'/hammer; } 2>/dev/null; then ok=$((ok + 1)); else denied=$((denied + 1)); fi
    done
    echo "ok=$ok denied=$denied"' hammer "$1" > "$hammer_out" 2>&1 &
  hammer_pid=$!
}
# In the test shell itself, not in $(...): a subshell cannot wait for its parent's children.
hammer_wait() { wait "$hammer_pid"; }

say "GUEST START uptime=$(cut -d" " -f1 /proc/uptime)s kernel=$(uname -r) systemd=$(systemctl --version | head -n1) lsm=$(cat /sys/kernel/security/lsm 2>/dev/null)"

# --- install ---------------------------------------------------------------------------------
baseline_progs=$(bpftool -j prog list 2>/dev/null | jq -r '.[].id' | tr '\n' ' ')
packaged=no
if compgen -G "$payload/pkg/*.deb" >/dev/null; then
  packaged=yes
  debs=()
  for name in tyr-server tyrd tyr; do
    deb=$(ls "$payload"/pkg/"${name}"_*.deb 2>/dev/null | head -n1)
    [[ -n $deb ]] && debs+=("$deb")
  done
  if out=$(DEBIAN_FRONTEND=noninteractive dpkg -i "${debs[@]}" 2>&1); then
    check install PASS "dpkg -i ${debs[*]##*/}"
  else
    check install FAIL "dpkg -i: $(tail -n3 <<<"$out" | tr '\n' ' ')"
  fi
else
  # No packages built yet (out/pkg empty): the binaries and units go in by hand, as the packages
  # would put them, so the systemd checks can run anyway.
  install -m 0755 "$payload"/bin/tyrd "$payload"/bin/tyr-server "$payload"/bin/tyr /usr/bin/
  install -m 0644 "$payload"/units/tyrd.service "$payload"/units/tyr-server.service /lib/systemd/system/
  mkdir -p /etc/tyr && install -m 0644 "$payload"/etc/tyr-server.yaml /etc/tyr/ 2>/dev/null
  adduser --quiet --system --group --no-create-home --home /var/lib/tyr-server --shell /usr/sbin/nologin tyr
  install -d -m 0700 -o tyr -g tyr /var/lib/tyr-server
  install -d -m 0700 /var/lib/tyr
  systemctl daemon-reload
  systemctl enable --now tyr-server.service >/dev/null 2>&1
  check install FAIL "no .deb in out/pkg: binaries and units installed by hand (run scripts/package.sh)"
fi
info "units: $(systemctl show -p FragmentPath --value tyrd.service) $(systemctl show -p FragmentPath --value tyr-server.service)"

# --- tyr-server: its own user, Type=notify ---------------------------------------------------
state=$(wait_active tyr-server.service 90)
pid=$(main_pid tyr-server.service)
user=$(ps -o user= -p "$pid" 2>/dev/null | tr -d ' ')
caps=$(awk '/^CapEff/ {print $2}' "/proc/$pid/status" 2>/dev/null)
if [[ $state == active && $user == tyr && $caps == 0000000000000000 ]]; then
  check server-runs-as-tyr PASS "active, pid $pid user $user, CapEff $caps"
else
  check server-runs-as-tyr FAIL "state $state, pid $pid user '$user' CapEff '$caps': $(journalctl -u tyr-server -n 5 --no-pager -o cat | tr '\n' ' ')"
fi
type=$(systemctl show -p Type --value tyr-server.service)
ready_line=$(journalctl -u tyr-server --no-pager -o cat | grep -m1 'tyr-server ready')
if [[ $type == notify && $state == active && -n $ready_line ]]; then
  check server-notify-ready PASS "Type=notify reached active; $ready_line"
else
  check server-notify-ready FAIL "Type=$type state=$state ready line '$ready_line'"
fi

# --- enroll tyrd, apply and assign the policy ---------------------------------------------------
as_tyr() { runuser -u tyr -- "$@"; }
data=/var/lib/tyr-server
token=$(as_tyr tyr-server token create --data "$data" --ttl 1h 2>/dev/null)
fingerprint=$(as_tyr tyr-server ca fingerprint --data "$data" 2>/dev/null)
admin=$(as_tyr tyr-server admin-token create --data "$data" --label systemd-test 2>/dev/null)
if out=$(tyrd enroll --server 127.0.0.1:7700 --token "$token" --ca-fingerprint "$fingerprint" --name guest 2>&1) &&
  [[ -f /var/lib/tyr/enrollment.json ]]; then
  check enroll PASS "tyrd enroll wrote /var/lib/tyr/enrollment.json"
else
  check enroll FAIL "$(tr '\n' ' ' <<<"$out")"
fi

export TYR_SERVER=https://127.0.0.1:7701 TYR_TOKEN=$admin TYR_CA=$data/ca.pem
agent=$(tyr agents list -o json 2>/dev/null | jq -r '.agents[-1].id // empty')
applied=$(tyr policy apply "$payload/deny-write.yaml" -m "systemd test" 2>&1)
version=$(sed -n 's/^applied [^ ]* v\([0-9]*\).*/\1/p' <<<"$applied")
if [[ -n $agent && -n $version ]] && out=$(tyr policy assign "$version" --daemon "$agent" 2>&1); then
  check policy-assigned PASS "v$version assigned to daemon $agent"
else
  check policy-assigned FAIL "agent '$agent', apply: $(tr '\n' ' ' <<<"$applied") ${out:-}"
fi

mkdir -p "$denied_dir"
install -m 0755 /bin/bash "$governed"
cat > /etc/tyr/tyrd.yaml <<YAML
governed:
  executables: [$governed]
discovery:
  enabled: false
YAML

# --- systemctl start returns once READY was sent ---------------------------------------------
systemctl daemon-reload
start_begin=$(awk '{print $1}' /proc/uptime)
timeout 120 systemctl start tyrd.service
start_rc=$?
start_end=$(awk '{print $1}' /proc/uptime)
state=$(systemctl show -p ActiveState --value tyrd.service)
active_at=$(systemctl show -p ActiveEnterTimestampMonotonic --value tyrd.service)
status_text=$(systemctl show -p StatusText --value tyrd.service)
# journald's stamps and ActiveEnterTimestampMonotonic share one clock (CLOCK_MONOTONIC).
stamp_of() { journalctl -u tyrd -o json --no-pager | jq -r --arg re "$1" 'select((.MESSAGE | type) == "string" and (.MESSAGE | test($re))) | .__MONOTONIC_TIMESTAMP' | head -n1; }
hooks_at=$(stamp_of 'kernel hooks: ')
ready_at=$(stamp_of 'ready: kernel hooks attached')
info "tyrd start: systemctl start rc=$start_rc after $(awk -v a="$start_begin" -v b="$start_end" 'BEGIN { printf "%.1f", b - a }')s, Type=$(systemctl show -p Type --value tyrd.service), hooks logged at ${hooks_at}us, READY logged at ${ready_at}us, active at ${active_at}us, status '$status_text'"
journalctl -u tyrd -o short-monotonic --no-pager | sed 's/^/INFO journal: /' | head -n 40
# Type=notify: active only once READY=1 arrived, which carries STATUS= (the unit's status line).
if [[ $start_rc == 0 && $state == active && -n $status_text && -n $hooks_at && -n $ready_at && $hooks_at -le $active_at ]]; then
  check start-waits-for-ready PASS "systemctl start returned with the unit active, status '$status_text' (sent with READY=1); hooks attached at ${hooks_at}us, before active at ${active_at}us"
else
  check start-waits-for-ready FAIL "systemctl start rc=$start_rc, state $state, status '$status_text', hooks line at '$hooks_at', ready line at '$ready_at', active at '$active_at'"
fi
# Ready means enforcing: the first governed write after `systemctl start` returns is refused.
if out=$("$governed" -c "echo x > $denied_dir/once" 2>&1); then
  check governed-write-denied FAIL "the governed write right after systemctl start succeeded"
elif [[ $out == *"Operation not permitted"* ]] && bash -c "echo x > $denied_dir/ungoverned"; then
  check governed-write-denied PASS "right after systemctl start: governed EPERM, ungoverned written"
else
  check governed-write-denied FAIL "governed write failed otherwise: $out"
fi
pid=$(main_pid tyrd.service)
info "tyrd pid $pid $(grep -E '^Cap(Eff|Bnd)' "/proc/$pid/status" 2>/dev/null | tr '\n\t' '  ')"
tyr_progs=$(tyrd_prog_ids | tr '\n' ' ')
info "tyrd programs: $tyr_progs; pinned: $(ls /sys/fs/bpf/tyr 2>&1 | tr '\n' ' ')"

# --- restart under load: not one write gets through --------------------------------------------
start_hammer 25
sleep 2
old=$(main_pid tyrd.service)
timeout 120 systemctl restart tyrd.service
restart_rc=$?
new=$(main_pid tyrd.service)
hammer_wait
result=$(cat "$hammer_out")
ok=$(sed -n 's/.*ok=\([0-9]*\).*/\1/p' <<<"$result")
denied=$(sed -n 's/.*denied=\([0-9]*\).*/\1/p' <<<"$result")
if [[ $restart_rc == 0 && $old != "$new" && $ok == 0 && ${denied:-0} -gt 0 ]]; then
  check restart-keeps-enforcement PASS "pid $old -> $new, governed writes: $result"
else
  check restart-keeps-enforcement FAIL "restart rc=$restart_rc pid $old -> $new, governed writes: $result"
fi

# --- SIGKILL: the denial holds while tyrd is down, and systemd restarts it -----------------------
restarts_before=$(systemctl show -p NRestarts --value tyrd.service)
start_hammer 25
sleep 2
old=$(main_pid tyrd.service)
[[ $old -gt 0 ]] && kill -9 "$old"
# RestartSec=1s: once systemd has reaped it, for about a second no tyrd runs at all.
for ((i = 0; i < 50; i++)); do kill -0 "$old" 2>/dev/null || break; sleep 0.02; done
down_pids=$(pidof tyrd)
if down=$("$governed" -c "echo x > $denied_dir/while-down" 2>&1); then down="written"; fi
state=$(wait_active tyrd.service 120)
new=$(main_pid tyrd.service)
restarts_after=$(systemctl show -p NRestarts --value tyrd.service)
hammer_wait
result=$(cat "$hammer_out")
ok=$(sed -n 's/.*ok=\([0-9]*\).*/\1/p' <<<"$result")
denied=$(sed -n 's/.*denied=\([0-9]*\).*/\1/p' <<<"$result")
if [[ -z $down_pids && $down == *"Operation not permitted"* && $ok == 0 && ${denied:-0} -gt 0 ]]; then
  check sigkill-fails-closed PASS "no tyrd running, governed write: EPERM; hammer: $result"
else
  check sigkill-fails-closed FAIL "tyrd pids while down '$down_pids', governed write: '$down', hammer: $result"
fi
if [[ $state == active && $new != "$old" && $new != 0 && $restarts_after -gt $restarts_before ]]; then
  check sigkill-restarted PASS "pid $old -> $new, NRestarts $restarts_before -> $restarts_after"
else
  check sigkill-restarted FAIL "state $state, pid $old -> $new, NRestarts $restarts_before -> $restarts_after"
fi
tyr_progs=$(echo $tyr_progs $(tyrd_prog_ids))

# --- removal: nothing left attached; purge: no state -----------------------------------------
if [[ $packaged == yes ]]; then
  remove_begin=$SECONDS
  out=$(DEBIAN_FRONTEND=noninteractive dpkg -r tyrd 2>&1)
  rc=$?
  what="dpkg -r tyrd"
  info "dpkg -r tyrd: rc=$rc after $((SECONDS - remove_begin))s: $(tr '\n' ' ' <<<"$out")"
  journalctl -u tyrd -n 8 -o short-monotonic --no-pager | sed 's/^/INFO journal: /'
else
  systemctl stop tyrd.service
  out=$(tyrd uninstall-hooks 2>&1)
  rc=$?
  what="systemctl stop tyrd; tyrd uninstall-hooks (no package)"
fi
left=$(leftovers "$tyr_progs")
if [[ $rc == 0 && -z $left && ! -e /sys/fs/bpf/tyr && -n ${tyr_progs// /} ]]; then
  check remove-detaches PASS "$what: programs [$tyr_progs] gone, /sys/fs/bpf/tyr gone"
else
  check remove-detaches FAIL "$what rc=$rc: left '$left', /sys/fs/bpf/tyr: $(ls /sys/fs/bpf/tyr 2>&1 | tr '\n' ' '), tyrd's programs seen: '$tyr_progs'; $(tail -n2 <<<"$out" | tr '\n' ' ')"
fi
if out=$("$governed" -c "echo x > $denied_dir/after-remove" 2>&1); then
  check remove-lifts-enforcement PASS "the governed write goes through once tyrd is removed"
else
  check remove-lifts-enforcement FAIL "still refused after removal: $out"
fi
if [[ $packaged == yes ]]; then
  kept=$([[ -f /var/lib/tyr/enrollment.json ]] && echo yes || echo no)
  DEBIAN_FRONTEND=noninteractive dpkg --purge tyrd >/dev/null 2>&1
  if [[ $kept == yes && ! -e /var/lib/tyr && ! -e /sys/fs/bpf/tyr ]]; then
    check purge-cleans PASS "remove kept /var/lib/tyr, purge removed it"
  else
    check purge-cleans FAIL "state kept on remove: $kept; after purge: $(ls -d /var/lib/tyr /sys/fs/bpf/tyr 2>&1 | tr '\n' ' ')"
  fi
else
  check purge-cleans FAIL "no tyrd package to purge"
fi
info "programs now: $(bpftool -j prog list | jq -r '[.[] | "\(.id):\(.name // "-")"] | join(" ")'); at boot: $baseline_progs"

say "GUEST DONE after $(elapsed)s"
