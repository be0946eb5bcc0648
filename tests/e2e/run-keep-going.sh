#!/bin/sh
# With -k, after a failure flow goes on with every job that does not depend on a failed
# one, skips those that do, and still exits 1.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

cat > Flowfile <<'FLOW'
rule all:
    input: "dep.txt", "after.txt"
rule bad:
    output: "bad.txt"
    shell: "echo partial > {output}; exit 4"
rule dep:
    input: "bad.txt"
    output: "dep.txt"
    shell: "touch {output}"
rule slow:
    output: "slow.txt"
    shell: "sleep 0.4; echo slow > {output}"
rule after:
    input: "slow.txt"
    output: "after.txt"
    shell: "echo after > {output}"
FLOW
run_flow -k -j 2
assert_rc 1
assert_no_file bad.txt
assert_no_file dep.txt
assert_content slow.txt slow
assert_content after.txt after
assert_out "] after ("
assert_err "flow: error: job 'bad' failed: exit 4"
assert_err "flow: 1 of 4 jobs failed, 1 not run because of it"
pass
