#!/usr/bin/env python3
"""Prints one line per command of an alternate.py result: median (and min-max) in ms over the
samples FROM (1-based) on, and how many failed. With --first, also the first sample alone.
Usage: summary.py RESULT.json [--from N] [--first]"""
import json, statistics, sys

data = json.load(open(sys.argv[1]))
start = int(sys.argv[sys.argv.index("--from") + 1]) if "--from" in sys.argv else 1
for name, r in data.items():
    times, codes = r["times"][start - 1:], r["codes"][start - 1:]
    failed = sum(1 for c in codes if c != 0)
    line = "%s: median %.0f ms (min %.0f, max %.0f) of runs %d-%d, %d failed" % (
        name, statistics.median(times) * 1000, min(times) * 1000, max(times) * 1000, start, start + len(times) - 1, failed)
    if "--first" in sys.argv:
        line += "; first run %.0f ms%s" % (r["times"][0] * 1000, "" if r["codes"][0] == 0 else " (FAILED %d)" % r["codes"][0])
    print(line)
