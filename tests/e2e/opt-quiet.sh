#!/bin/sh
# -q prints nothing for a run that succeeds: no line per job and no closing line ("jobs
# done", "nothing to do"), as flow(1) says; a failure is still reported on stderr, and
# -n -q prints only the count.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

cat > Flowfile <<'FLOW'
rule all:
    input: "b.txt"
rule a:
    output: "a.txt"
    shell: "echo a > {output}"
rule b:
    input: "a.txt"
    output: "b.txt"
    shell: "test -e ok; cp {input} {output}"
FLOW
run_flow -q
assert_rc 1
assert_err "flow: error: job 'b' failed: exit 1"
assert_err "flow: 1 of 2 jobs failed"
[ -s out.txt ] && fail "stdout is not empty"

touch ok
run_flow -n -q
assert_rc 0
[ "$(cat out.txt)" = "flow: 1 of 2 jobs would run" ] || fail "-n -q printed more than the count"

run_flow -q
assert_rc 0
assert_file b.txt
[ -s out.txt ] && fail "stdout is not empty"
[ -s err.txt ] && fail "stderr is not empty"

run_flow -q
assert_rc 0
[ -s out.txt ] && fail "stdout is not empty for nothing to do"

# without -q, the closing lines are there
rm b.txt
run_flow
assert_out "[1/1] b"
assert_out "flow: 1 job done"
run_flow
assert_out "flow: nothing to do"
pass
