#!/bin/sh
# A container job that ignores SIGTERM: after SIGTERM to flow, the job is killed 5 seconds
# later; flow exits 130, removes its output, and the container, which a killed `podman run`
# would leave running under conmon, is removed too: no container, no process is left.
# (Takes about 6 s. Not asserted: that it takes 5 s. A SIGTERM that reaches `podman run`
# before its signal proxy is set up ends that client at once; flow then removes the
# container right away, which is as good.)
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

ctr_setup

MARK="30.54321$$"
cat > Flowfile <<FLOW
rule stubborn:
    output: "long.txt"
    container: "localhost/flow-test-a:1"
    shell: "echo partial > {output}; trap '' TERM; sleep $MARK; echo never > {output}"
FLOW
"$FLOW" >out.txt 2>err.txt &
pid=$!
cleanup_ctr() {
	left=$(podman ps -a --format '{{.Names}}' | grep "^flow-$pid-")
	[ -z "$left" ] || podman rm -f -t 0 $left >/dev/null 2>&1
}
i=0
until pgrep -f "sleep $MARK" >/dev/null && [ -s long.txt ]; do
	i=$((i + 1))
	if [ $i -gt 200 ]; then
		fail "the container job did not start in 10 s"
		kill -KILL $pid; cleanup_ctr; pass
	fi
	sleep 0.05
done
start=$(date +%s)
kill -TERM $pid
wait $pid
rc=$?
end=$(date +%s)
assert_rc 130
[ $((end - start)) -le 8 ] || fail "flow took $((end - start)) s to stop"
assert_no_file long.txt
assert_err "flow: interrupted; the outputs of the stopped jobs were removed"
left=$(podman ps -a --format '{{.Names}} {{.Status}}' | grep "^flow-$pid-")
[ -z "$left" ] || { fail "containers left behind: $left"; cleanup_ctr; }
if pgrep -f "sleep $MARK" >/dev/null; then
	fail "the job's sleep is still running"
	kill -KILL $(pgrep -f "sleep $MARK")
fi
pass
