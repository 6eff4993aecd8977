#!/usr/bin/env python3
"""Times commands in alternating rounds: round i runs every command once, the order rotated by i,
so that load from other processes, caches and the time of day hit all alike. Each sample is the
wall time of one command (no shell), and its exit status; failures are kept and counted, never
dropped. Writes JSON: {"name": {"times": [s...], "codes": [rc...]}} (all samples, in order).
Usage: alternate.py OUT.json ROUNDS NAME CMD [NAME CMD ...]   (CMD: a shell-quoted string)"""
import json, shlex, subprocess, sys, time

out, rounds, rest = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
cmds = [(rest[i], shlex.split(rest[i + 1])) for i in range(0, len(rest), 2)]
result = {name: {"times": [], "codes": []} for name, _ in cmds}
for r in range(rounds):
    for k in range(len(cmds)):
        name, argv = cmds[(k + r) % len(cmds)]
        t0 = time.perf_counter()
        rc = subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
        result[name]["times"].append(time.perf_counter() - t0)
        result[name]["codes"].append(rc)
json.dump(result, open(out, "w"))
