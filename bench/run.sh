#!/usr/bin/env bash
# Run benchmark, as a new user meets it: `run --rm --network none busybox true` for images/busybox,
# pre-pulled from a local docker-registry into fresh temp stores, mini-docker and podman ALTERNATING
# sample by sample (bench/alternate.py: round i runs both, the order swapped every round), every
# failure counted and printed (a failed sample still counts its time).
#   1. Default path, fresh store, nothing started by hand: ten runs each. mini-docker's first run
#      finds no daemon, runs in-process and leaves the daemon starting (cli/DaemonAutostart); later
#      runs go to it (cli/RemoteRun). Targets: median of runs 2-10 <= 0.5x podman's; the first run
#      <= 1.5x podman's first.
#   2. RUNS more rounds of: mini-docker through its daemon, podman.
#   3. The time from `run` to the command's first instruction, both tools (first_instruction, lib.sh).
#   4. `mini-docker daemon stop`: the daemon goes, nothing of it is left.
#   5. RUNS rounds, with no daemon running, of: mini-docker in-process (MINIDOCKER_IN_PROCESS=1: CLI
#      JVM + stage 2 JVM, what tests, CI and daemon-less machines pay; target <= 1.0x podman), podman.
#      After the daemon is gone, as on such a machine: neither side has a process of its own in the
#      background (with the daemon up, its stage 2 refills fell into the samples that followed).
# podman runs with the host's configuration except what bench/lib.sh setup_podman says it must change.
# Usage: bench/run.sh [RUNS]   (default 20; as root)
set -euo pipefail
. "$(dirname "$0")/lib.sh"
runs="${1:-20}"
setup_busybox_peers
"${md[@]}" pull -q "$ref" >/dev/null
"${pd[@]}" pull --quiet --tls-verify=false "$ref" >/dev/null
md_daemon_root="$bench_tmp/md-store" # bench_cleanup stops a daemon the runs started
q() { printf '%q ' "$@"; }
md_run=$(q "${md[@]}" run --rm --network none "$ref" true)
ip_run=$(q env MINIDOCKER_IN_PROCESS=1 "${md[@]}" run --rm --network none "$ref" true)
pd_run=$(q "${pd[@]}" run --rm --network none "$ref" true)

echo "bench: 1. fresh stores, ten runs each, alternating" >&2
python3 "$repo/bench/alternate.py" "$bench_tmp/fresh.json" 10 mini-docker "$md_run" podman "$pd_run"
echo "bench: 2. $runs rounds: daemon, podman" >&2
python3 "$repo/bench/alternate.py" "$bench_tmp/warm.json" "$runs" mini-docker "$md_run" podman "$pd_run"

python3 - "$bench_tmp/fresh.json" "$bench_tmp/warm.json" <<'PY'
import json, statistics, sys
fresh, warm = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
ms = lambda s: "%.0f ms" % (s * 1000)
def fails(r, frm=0): return sum(1 for c in r["codes"][frm:] if c)
def spread(t): return "%s-%s" % (ms(min(t)), ms(max(t)))
m, p = fresh["mini-docker"], fresh["podman"]
mf, pf = m["times"][0], p["times"][0]
mm, pm = statistics.median(m["times"][1:]), statistics.median(p["times"][1:])
print("1. fresh store, nothing started by hand, run --rm --network none busybox true, alternating:")
print("   first run:            mini-docker %s, podman %s, ratio %.2f (target <= 1.5)%s" % (ms(mf), ms(pf), mf / pf,
      "" if not (m["codes"][0] or p["codes"][0]) else "  FAILED: mini-docker %d, podman %d" % (m["codes"][0], p["codes"][0])))
print("   median of runs 2-10:  mini-docker %s (%s), podman %s (%s), ratio %.2f (target <= 0.5)" % (
      ms(mm), spread(m["times"][1:]), ms(pm), spread(p["times"][1:]), mm / pm))
print("   failed runs: mini-docker %d of %d, podman %d of %d" % (fails(m), len(m["codes"]), fails(p), len(p["codes"])))
print("   each run (ms): mini-docker %s; podman %s" % (" ".join("%.0f" % (t * 1000) for t in m["times"]),
      " ".join("%.0f" % (t * 1000) for t in p["times"])))
print("2. %d alternating rounds, same command:" % len(warm["podman"]["times"]))
pw = statistics.median(warm["podman"]["times"])
for name, target in (("mini-docker", "through the daemon, target <= 0.5"), ("podman", "")):
    r = warm[name]
    med = statistics.median(r["times"])
    print("   %-12s median %s (%s), %d of %d failed%s" % (name, ms(med), spread(r["times"]), fails(r), len(r["codes"]),
          "" if not target else ", ratio %.2f (%s)" % (med / pw, target)))
PY

fi_runs=10
md_fi=$(first_instruction "$fi_runs" "${md[@]}" run --rm --network none "$ref" cat /proc/uptime)
pd_fi=$(first_instruction "$fi_runs" "${pd[@]}" run --rm --network none "$ref" cat /proc/uptime)
echo "3. run -> first instruction of the command, median of $fi_runs: mini-docker $md_fi, podman $pd_fi"

daemon_pid=$(sed -n 's/.*"Pid":\([0-9]*\).*/\1/p' "$bench_tmp/md-store/daemon.json" 2>/dev/null || true)
if "${md[@]}" daemon stop >/dev/null && ! { [ -n "$daemon_pid" ] && kill -0 "$daemon_pid" 2>/dev/null; } \
    && ! pgrep -f -- "--root $bench_tmp/md-store" >/dev/null; then
  echo "4. mini-docker daemon stop: the daemon (pid ${daemon_pid:-none}) and its stage 2s are gone"
else
  echo "4. mini-docker daemon stop: FAILED, something of the daemon (pid ${daemon_pid:-none}) is left"
fi

echo "bench: 5. $runs rounds, no daemon: in-process, podman" >&2
python3 "$repo/bench/alternate.py" "$bench_tmp/in-process.json" "$runs" in-process "$ip_run" podman "$pd_run"
python3 - "$bench_tmp/in-process.json" <<'PY'
import json, statistics, sys
r = json.load(open(sys.argv[1]))
ms = lambda s: "%.0f ms" % (s * 1000)
pw = statistics.median(r["podman"]["times"])
print("5. %d alternating rounds, no daemon running, same command:" % len(r["podman"]["times"]))
for name, target in (("in-process", "MINIDOCKER_IN_PROCESS=1, target <= 1.0"), ("podman", "")):
    t, codes = r[name]["times"], r[name]["codes"]
    med = statistics.median(t)
    print("   %-12s median %s (%s-%s), %d of %d failed%s" % (name, ms(med), ms(min(t)), ms(max(t)),
          sum(1 for c in codes if c), len(codes), "" if not target else ", ratio %.2f (%s)" % (med / pw, target)))
PY
if pgrep -f -- "--root $bench_tmp/md-store" >/dev/null; then echo "5. FAILED: the in-process runs left a process of the store"; fi
"${pd[@]}" rm --all --force >/dev/null 2>&1 || true
"${pd[@]}" rmi --all --force >/dev/null 2>&1 || true
