#!/bin/sh
# A second flow in a directory where one is running exits 2 and names the running one
# (its pid and start time), running nothing; a dry run beside it is allowed.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

cat > Flowfile <<'FLOW'
rule all:
    input: "slow.txt"
rule slow:
    output: "slow.txt"
    shell: "echo slow >> ran.log; sleep 3; echo done > {output}"
FLOW
"$FLOW" -j 1 > first.out 2> first.err &
first=$!
# Wait until the first flow has started its job.
i=0
while [ ! -s ran.log ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
[ -s ran.log ] || fail "the first flow did not start its job"

run_flow -j 1
assert_rc 2
grep -Eq "^flow: error: another flow \(pid $first, started [0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}\) is running in this directory\$" err.txt ||
	fail "stderr does not name the running flow (pid $first)"
[ "$(wc -l < err.txt)" -eq 1 ] || fail "more than one line on stderr"
# The same from another directory, with -C, and with --force.
mkdir sub
cd sub || exit 99
run_flow -C .. --force slow.txt
assert_rc 2
assert_err "another flow (pid $first, started"
cd .. || exit 99
# A dry run does not need the lock; it reads the state as it is, where the running job
# shows as interrupted.
run_flow -n
assert_rc 0
assert_out "would run slow: interrupted last time"
assert_out "flow: 1 of 1 jobs would run"

wait $first
rc=$?
[ $rc -eq 0 ] || fail "the first flow exited $rc"
assert_content slow.txt done
assert_content ran.log slow
# The lock is free again.
run_flow -j 1
assert_rc 0
assert_out "flow: nothing to do"
pass
