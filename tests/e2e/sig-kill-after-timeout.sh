#!/bin/sh
# A job that ignores SIGTERM is sent SIGKILL 5 seconds after flow is interrupted; flow
# then removes its output and exits 130. (Takes about 5 s.)
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

MARK="30.$$$(date +%S)2"
cat > Flowfile <<FLOW
rule stubborn:
    output: "long.txt"
    shell: "echo partial > {output}; trap '' TERM; sleep $MARK; echo never > {output}"
FLOW
"$FLOW" -j 2 >out.txt 2>err.txt &
pid=$!
wait_started $pid long.txt
start=$(date +%s)
kill -TERM $pid
sleep 2
pgrep -f "sleep $MARK" >/dev/null || fail "the job stopped before SIGKILL was due"
kill -0 $pid 2>/dev/null || fail "flow exited before its job was gone"
wait $pid
rc=$?
end=$(date +%s)
assert_rc 130
[ $((end - start)) -ge 4 ] && [ $((end - start)) -le 8 ] || fail "flow took $((end - start)) s to stop"
assert_no_file long.txt
if pgrep -f "sleep $MARK" >/dev/null; then
	fail "the job's sleep is still running"
	kill -KILL $(pgrep -f "sleep $MARK")
fi
pass
