#!/bin/sh
# --provenance of an output whose job failed, or was interrupted, finds no record (the
# failed job's record is forgotten): a message on stderr and exit 1, nothing on stdout.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

cat > Flowfile <<'FLOW'
rule all:
    input: "a.txt"
rule a:
    output: "a.txt"
    shell: "echo hi > {output}; test -e ok"
FLOW
touch ok
run_flow
assert_rc 0
run_flow --provenance a.txt
assert_rc 0
assert_out "rule      a"
rm ok
run_flow --force a.txt
assert_rc 1
run_flow --provenance a.txt
assert_rc 1
assert_err "flow: no record of how 'a.txt' was made"
[ ! -s out.txt ] || fail "stdout is not empty"

# Interrupted: a job killed with its flow.
cat > Flowfile <<'FLOW'
rule all:
    input: "b.txt"
rule b:
    output: "b.txt"
    shell: "echo started > started; sleep 30; echo b > {output}"
FLOW
"$FLOW" > first.out 2>&1 &
first=$!
i=0
while [ ! -e started ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
kill -INT $first
wait $first
run_flow --provenance b.txt
assert_rc 1
assert_err "flow: no record of how 'b.txt' was made"
[ ! -s out.txt ] || fail "stdout is not empty"
pass
