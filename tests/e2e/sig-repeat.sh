#!/bin/sh
# Further signals shorten the stop, never lengthen it: with a job that ignores SIGTERM,
# four SIGINTs 1 s apart end flow at the second one (SIGKILL to the jobs at once), not 5 s
# after the last. The job's partial output is removed, nothing of it is left running.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

MARK="40.$$$(date +%S)7"
cat > Flowfile <<FLOW
rule stubborn:
    output: "stubborn.txt"
    shell: "trap '' TERM; echo partial > {output}; sleep $MARK; echo never > {output}"
FLOW
"$FLOW" >out.txt 2>err.txt &
pid=$!
wait_started $pid stubborn.txt
start=$(date +%s%N)
(for k in 1 2 3 4; do kill -INT $pid 2>/dev/null || exit 0; sleep 1; done) &
sender=$!
wait $pid
rc=$?
end=$(date +%s%N)
wait $sender
ms=$(( (end - start) / 1000000 ))
assert_rc 130
# the second signal comes at 1 s; without it the grace period would end at 5 s
[ $ms -lt 2500 ] || fail "flow took $ms ms to stop after the first signal"
assert_no_file stubborn.txt
if pgrep -f "sleep $MARK" >/dev/null; then
	fail "the job's sleep is still running"
	kill -KILL $(pgrep -f "sleep $MARK")
fi
assert_err "flow: Interrupt: stopping 1 running job"
assert_err "flow: interrupted; the outputs of the stopped jobs were removed"
echo "$TEST_NAME: stopped $ms ms after the first signal" >&2
pass
