#!/bin/sh
# After a failure, an output made by hand at the job's path is not adopted: flow knows the
# job has not succeeded, so -n says "it failed last time" (flow(1) RERUNS, step 3) and the
# job reruns; --touch records the hand-made file instead. The same file with no record at
# all (state deleted) is adopted.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

cat > Flowfile <<'FLOW'
rule d:
    input: "in.txt"
    output: "result.txt"
    shell: "echo d >> ran.log; test -e ok; cp {input} {output}"
FLOW
echo data > in.txt
run_flow -q
assert_rc 1
assert_no_file result.txt
rm ran.log

# made by hand, newer than the input: adoptable, were it not for the failure
echo by-hand > result.txt
run_flow -n
assert_rc 0
assert_out "would run d: it failed last time"
assert_not_out "would adopt"
run_flow --summary
assert_out "result.txt"
assert_out "out of date"

# --touch accepts the hand-made file
run_flow --touch
assert_rc 0
assert_out "touched d"
run_flow -n
assert_out "flow: 0 of 1 jobs would run"
assert_content result.txt by-hand

# the rerun: fail again, make the file by hand, and let flow run it
rm result.txt
run_flow -q
assert_rc 1
assert_ran "d"
echo by-hand > result.txt
touch ok
run_flow -q
assert_rc 0
assert_ran "d"
assert_content result.txt data

# with no record at all, the same situation is an adoption
rm -rf .flow ok
echo by-hand > result.txt
run_flow -n
assert_out "would adopt d: outputs exist with no record and are newer than its inputs"
pass
