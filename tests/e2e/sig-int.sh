#!/bin/sh
# On SIGINT (or the SIG the caller sets, see sig-term.sh) flow sends SIGTERM to the running
# jobs' process groups, removes the outputs of the stopped jobs (here written partially
# before the job sleeps), keeps the outputs of finished jobs, and exits 130 within a few
# seconds; no process of the job remains.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

SIG=${SIG:-INT}
# a unique duration makes the job's sleep findable with pgrep -f
MARK="30.$$$(date +%S)1"
cat > Flowfile <<FLOW
rule all:
    input: "long.txt", "quick.txt"
rule long:
    output: "long.txt"
    shell: "echo partial > {output}; sleep $MARK; echo never > {output}"
rule quick:
    output: "quick.txt"
    shell: "echo quick > {output}"
FLOW
"$FLOW" -j 2 >out.txt 2>err.txt &
pid=$!
wait_started $pid long.txt quick.txt
assert_content long.txt partial
start=$(date +%s)
kill -$SIG $pid
wait $pid
rc=$?
end=$(date +%s)
assert_rc 130
[ $((end - start)) -le 3 ] || fail "flow took $((end - start)) s to stop"
assert_no_file long.txt
assert_content quick.txt quick
if pgrep -f "sleep $MARK" >/dev/null; then
	fail "the job's sleep is still running"
	kill -KILL $(pgrep -f "sleep $MARK")
fi
assert_err "flow: interrupted; the outputs of the stopped jobs were removed"
pass
