#!/bin/sh
# A job that fails before it starts (its output directory cannot be created) is reported
# with this attempt's error, never with the tail of an earlier run's log.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

cat > Flowfile <<'FLOW'
rule all:
    input: "out/x.txt"
rule x:
    input: "src.txt"
    output: "out/x.txt"
    shell: "echo stale-log-line-from-the-first-run; cat {input} > {output}"
FLOW
echo one > src.txt
run_flow -q
assert_rc 0
assert_content out/x.txt one
# out becomes a plain file: the directory of the output cannot be created
rm -r out
echo blocker > out
echo two > src.txt
run_flow -q
assert_rc 1
assert_err "flow: error: job 'x' failed: cannot create the directory of 'out/x.txt': Not a directory"
assert_not_err "stale-log-line-from-the-first-run"
assert_not_err "log: .flow/log"
assert_not_err "cannot remove"
assert_content out blocker
pass
