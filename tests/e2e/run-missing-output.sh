#!/bin/sh
# A job that exits 0 without creating one of its outputs fails naming the file; the
# outputs it did create are deleted, its log files are kept; flow exits 1.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

cat > Flowfile <<'FLOW'
rule lazy:
    output: "out/{s}.a", "out/{s}.b"
    log: "logs/{s}.log"
    shell: "echo made > out/{wildcards.s}.a; echo note > {log}; echo said"
FLOW
run_flow out/x.a
assert_rc 1
assert_no_file out/x.a
assert_no_file out/x.b
assert_content logs/x.log note
cat > expected <<'EOF2'
flow: error: job 'lazy s=x' failed: it exited 0 but did not create its output 'out/x.b'
    | said
    log: .flow/log/lazy/s=x.log
EOF2
head -n 3 err.txt | diff -u expected - >&2 || fail "failure report differs"
assert_err "flow: 1 of 1 jobs failed"
pass
