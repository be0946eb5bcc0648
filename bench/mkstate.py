#!/usr/bin/env python3
"""bench/mkstate.py DIR N: write, without running a job, the state that a full
build of bench/run.sh's no-op workflow (sources data/{s}.txt -> a -> b -> c ->
count.txt) leaves behind, for N samples named like run.sh's `samples N`:

  - every file, with the content the jobs would write, and mtimes in build order
    (data, a, b, c, count.txt: one second apart, so that no mtime ties);
  - .ninja_log (format v5, as ninja 1.11 writes it) with one entry per output,
    its command hash (MurmurHash64A of the command line, as ninja computes it)
    and the output's mtime, so that `ninja` finds nothing to do.

make needs nothing more; flow adopts the outputs on its first run (they are newer
than their inputs). run.sh checks afterwards that each tool finds nothing to do.
Used for the 1,000,000-job no-op, whose real build would take a quarter of an
hour per tool on 2 cores. The command lines below must match gen_ninja's in run.sh.
"""
import os
import sys
import time

MASK = (1 << 64) - 1
M = 0xC6A4A7935BD1E995
SEED = 0xDECAFBADDECAFBAD


def murmur64a(data: bytes) -> int:
    """ninja's MurmurHash64A (src/build_log.cc), little-endian."""
    n = len(data)
    h = (SEED ^ (n * M)) & MASK
    end = n - (n & 7)
    for i in range(0, end, 8):
        k = int.from_bytes(data[i:i + 8], "little")
        k = (k * M) & MASK
        k ^= k >> 47
        k = (k * M) & MASK
        h ^= k
        h = (h * M) & MASK
    rest = n & 7
    if rest:
        h ^= int.from_bytes(data[end:], "little")
        h = (h * M) & MASK
    h ^= h >> 47
    h = (h * M) & MASK
    h ^= h >> 47
    return h


def cmd(body: str) -> str:
    return "bash -euo pipefail -c '" + body + "'"


AGG = "ls c | (cd c && xargs cat) > count.txt"


def main() -> int:
    if len(sys.argv) != 3:
        print("usage: mkstate.py DIR N", file=sys.stderr)
        return 2
    top, n = sys.argv[1], int(sys.argv[2])
    width = max(5, len(str(n)))
    names = ["s%0*d" % (width, i) for i in range(1, n + 1)]
    os.chdir(top)
    t0 = int(time.time()) - 100
    for step, d in enumerate(("data", "a", "b", "c")):
        os.makedirs(d, exist_ok=True)
        ns = (t0 + step) * 10**9
        for s in names:
            p = "%s/%s.txt" % (d, s)
            with open(p, "w") as f:
                f.write(s + "\n")
            os.utime(p, ns=(ns, ns))
    with open("count.txt", "w") as f:
        for s in sorted(names):  # what `ls c | xargs cat` gives in the C locale
            f.write(s + "\n")
    ns_count = (t0 + 4) * 10**9
    os.utime("count.txt", ns=(ns_count, ns_count))
    with open(".ninja_log", "w") as log:
        log.write("# ninja log v5\n")
        for step, (src, dst) in enumerate((("data", "a"), ("a", "b"), ("b", "c")), 1):
            ns = (t0 + step) * 10**9
            for s in names:
                out = "%s/%s.txt" % (dst, s)
                c = cmd("cp %s/%s.txt %s" % (src, s, out))
                log.write("0\t1\t%d\t%s\t%x\n" % (ns, out, murmur64a(c.encode())))
        log.write("0\t1\t%d\tcount.txt\t%x\n" % (ns_count, murmur64a(cmd(AGG).encode())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
