#!/bin/sh
# flow killed (SIGKILL) while a container job runs leaves `podman run` and its container
# running; the next flow ends them, removes the container by the name it recorded
# (flow-PID-JOBID), removes the job's partial output, says so, and reruns the job.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

ctr_setup

MARK="30.67890$$"
cat > Flowfile <<FLOW
rule o:
    output: "o.txt"
    container: "localhost/flow-test-a:1"
    shell: "echo partial > {output}; sleep $MARK; echo done > {output}"
FLOW
"$FLOW" >out.txt 2>err.txt &
pid=$!
cleanup_ctr() {
	left=$(podman ps -a --format '{{.Names}}' | grep "^flow-$pid-")
	[ -z "$left" ] || podman rm -f -t 0 $left >/dev/null 2>&1
}
i=0
until pgrep -f "sleep $MARK" >/dev/null && [ -s o.txt ]; do
	i=$((i + 1))
	if [ $i -gt 200 ]; then
		fail "the container job did not start in 10 s"
		kill -KILL $pid; cleanup_ctr; pass
	fi
	sleep 0.05
done
kill -KILL $pid
wait $pid
# precondition: the container outlives flow
podman ps --format '{{.Names}}' | grep -q "^flow-$pid-0\$" || fail "no container flow-$pid-0 running after flow was killed"

sed -i "s/sleep $MARK; //" Flowfile
run_flow
assert_rc 0
assert_err "flow: job 'o' was interrupted last time (its processes were still running and have been ended); its outputs were removed and it will rerun"
assert_content o.txt "done"
left=$(podman ps -a --format '{{.Names}} {{.Status}}' | grep "^flow-$pid-")
[ -z "$left" ] || { fail "containers left behind: $left"; cleanup_ctr; }
if pgrep -f "sleep $MARK" >/dev/null; then
	fail "the job's sleep is still running"
	kill -KILL $(pgrep -f "sleep $MARK")
fi
pass
