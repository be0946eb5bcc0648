#!/bin/sh
# Dry runs, --summary and --dag change nothing: outputs that would be adopted are still
# "would adopt" the next time, and jobs that must run still must.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

cat > Flowfile <<'FLOW'
rule all:
    input: "result.txt"
rule a:
    input: "in.txt"
    output: "result.txt"
    shell: "echo a >> ran.log; cp {input} {output}"
FLOW
echo x > in.txt
touch -d '2020-01-01 00:00:00' in.txt
echo made-elsewhere > result.txt

run_flow -n
assert_rc 0
assert_out "would adopt a: outputs exist with no record and are newer than its inputs"
run_flow -n
assert_rc 0
assert_out "would adopt a: outputs exist with no record and are newer than its inputs"
run_flow --why
assert_out "would adopt a:"
run_flow --summary
assert_rc 0
grep -q '^result.txt  *no record (would be adopted)  *a$' out.txt || fail "--summary does not say result.txt would be adopted"
run_flow --dag
assert_rc 0
run_flow --summary
grep -q '^result.txt  *no record (would be adopted)  *a$' out.txt || fail "--summary after --dag does not say result.txt would be adopted"
run_flow -n
assert_out "would adopt a:"
assert_out "flow: 0 of 1 jobs would run, 1 would be adopted"

# A recorded job whose input changed: after dry runs it still must run.
run_flow -j 1
assert_rc 0
[ ! -e ran.log ] || fail "job a ran instead of being adopted"
echo y > in.txt
run_flow -n
run_flow --why
run_flow --summary
run_flow --dag
run_flow -n
assert_out "would run a: input 'in.txt' changed"
run_flow -j 1
assert_rc 0
assert_content ran.log a
assert_content result.txt y
pass
