#!/bin/sh
# A job that leaves a process in the background: when the job's command ends, what is left
# of its process group is killed (and the job's log says so), so nothing changes the
# output after it was recorded and nothing outlives flow.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

MARK="2.$$$(date +%S)3"
cat > Flowfile <<FLOW
rule bg:
    output: "bg.txt"
    shell: "(sleep $MARK; echo late > {output}) & echo ok > {output}"
FLOW
run_flow -q
assert_rc 0
assert_content bg.txt ok
sleep 3
assert_content bg.txt ok
if pgrep -f "sleep $MARK" >/dev/null; then
	fail "the job's background process is still running"
	pkill -KILL -f "sleep $MARK"
fi
grep -q "^flow: the job's command exited with processes of its own still running (process group [0-9]*); they were killed$" .flow/log/bg.log ||
	fail "the job's log does not say that its leftover processes were killed: $(cat .flow/log/bg.log)"
# the output is up to date as recorded
run_flow -n
assert_rc 0
assert_out "0 of 1 job"
pass
