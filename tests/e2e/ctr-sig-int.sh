#!/bin/sh
# SIGINT to flow while a container job runs: flow stops the job, exits 130 within a few
# seconds, removes the stopped job's (partial) output, keeps the finished job's, and leaves
# neither the container (podman ps -a) nor its process behind.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

ctr_setup

SIG=${CTR_SIG:-INT}
# a unique duration makes the job's sleep (visible on the host) findable with pgrep -f
MARK="30.12345$$"
cat > Flowfile <<FLOW
rule all:
    input: "long.txt", "quick.txt"
rule long:
    output: "long.txt"
    container: "localhost/flow-test-a:1"
    shell: "echo partial > {output}; sleep $MARK; echo never > {output}"
rule quick:
    output: "quick.txt"
    container: "localhost/flow-test-b:1"
    shell: "cat /etc/flow-image > {output}"
FLOW
"$FLOW" -j 2 >out.txt 2>err.txt &
pid=$!
# leftovers: kill and remove whatever this run's containers are, by name
cleanup_ctr() {
	left=$(podman ps -a --format '{{.Names}}' | grep "^flow-$pid-")
	[ -z "$left" ] || podman rm -f -t 0 $left >/dev/null 2>&1
}
i=0
until pgrep -f "sleep $MARK" >/dev/null && [ -s long.txt ] && grep -qF "] quick" out.txt; do
	i=$((i + 1))
	if [ $i -gt 200 ]; then
		fail "the container job did not start in 10 s"
		kill -KILL $pid; cleanup_ctr; pass
	fi
	sleep 0.05
done
assert_content long.txt partial
# (grep, not --filter name=: podman's name filter matched flow-999-0 for ^flow-99-)
podman ps --format '{{.Names}}' | grep -q "^flow-$pid-" || fail "no running container named flow-$pid-*"
start=$(date +%s)
kill -$SIG $pid
wait $pid
rc=$?
end=$(date +%s)
assert_rc 130
[ $((end - start)) -le 3 ] || fail "flow took $((end - start)) s to stop"
assert_no_file long.txt
assert_content quick.txt b
assert_err "flow: interrupted; the outputs of the stopped jobs were removed"
left=$(podman ps -a --format '{{.Names}} {{.Status}}' | grep "^flow-$pid-")
[ -z "$left" ] || { fail "containers left behind: $left"; cleanup_ctr; }
if pgrep -f "sleep $MARK" >/dev/null; then
	fail "the job's sleep is still running"
	kill -KILL $(pgrep -f "sleep $MARK")
fi
# the interrupted job is not recorded as done: a rerun runs it (and only it)
sed -i "s/sleep $MARK; //" Flowfile
run_flow -j 2
assert_rc 0
assert_content long.txt never
assert_not_out "] quick"
pass
