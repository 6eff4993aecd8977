#!/usr/bin/env python3
"""Deterministic filler data for the benchmark image (seeded, so rebuilds give the same digests).

  gen-data.py random SEED MIB FILE   poorly compressible bytes (like media or already-compressed files)
  gen-data.py text SEED MIB FILE     log-like text that gzip shrinks ~5-10x (like source or docs)
"""
import random
import sys

WORDS = ("request handler worker cache miss hit upstream timeout retry connection pool "
         "session token user account order invoice payment shipment warehouse queue "
         "message broker partition offset commit rollback index query plan scan").split()


def write_random(rng, mib, f):
    for _ in range(mib):
        f.write(rng.randbytes(1 << 20))


def write_text(rng, mib, f):
    limit, written, n = mib << 20, 0, 0
    while written < limit:
        lines = []
        for _ in range(2000):
            n += 1
            words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 12)))
            lines.append(f"2024-01-{n % 28 + 1:02d}T{n % 24:02d}:{n % 60:02d}:{n * 7 % 60:02d}Z "
                         f"{rng.choice(('INFO', 'INFO', 'INFO', 'WARN', 'DEBUG'))} "
                         f"[worker-{n % 17}] {words} id={rng.getrandbits(32):08x}\n")
        chunk = "".join(lines).encode()[: limit - written]
        f.write(chunk)
        written += len(chunk)


def main(kind, seed, mib, path):
    rng = random.Random(int(seed))
    with open(path, "wb") as f:
        (write_random if kind == "random" else write_text)(rng, int(mib), f)


if __name__ == "__main__":
    if len(sys.argv) != 5 or sys.argv[1] not in ("random", "text"):
        sys.exit(__doc__)
    main(*sys.argv[1:])
