#!/bin/sh
# Without -k, after a job fails flow starts no new job, waits for the running ones (their
# outputs are kept), reports the failure, and exits 1.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

cat > Flowfile <<'FLOW'
rule all:
    input: "bad.txt", "slow.txt", "after.txt"
rule bad:
    output: "bad.txt"
    shell: "echo partial > {output}; echo oops >&2; exit 4"
rule slow:
    output: "slow.txt"
    shell: "sleep 0.4; echo slow > {output}"
rule after:
    input: "slow.txt"
    output: "after.txt"
    shell: "echo after > {output}"
FLOW
run_flow -j 2
assert_rc 1
assert_no_file bad.txt
assert_content slow.txt slow
assert_no_file after.txt
assert_out "] slow ("
assert_not_out "] after ("
cat > expected <<'EOF2'
flow: error: job 'bad' failed: exit 4
    | oops
    log: .flow/log/bad.log
EOF2
head -n 3 err.txt | diff -u expected - >&2 || fail "failure report differs"
assert_err "flow: 1 of 3 jobs failed, 1 not run because of it"
pass
