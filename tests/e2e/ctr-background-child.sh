#!/bin/sh
# A container job that leaves a process in the background: it does not outlive the job
# (the container ends with its command), so the output keeps what the job wrote and no
# container is left behind.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

ctr_setup

cat > Flowfile <<'FLOW'
rule bg:
    output: "bg.txt"
    container: "localhost/flow-test-a:1"
    shell: "(sleep 2; echo late > {output}) & echo ok > {output}"
FLOW
"$FLOW" -q >out.txt 2>err.txt &
fpid=$!
wait $fpid
rc=$?
assert_rc 0
assert_content bg.txt ok
sleep 3
assert_content bg.txt ok
left=$(podman ps -a --format '{{.Names}}' | grep "^flow-$fpid-")
[ -z "$left" ] || { fail "containers left behind: $left"; podman rm -f $left >/dev/null 2>&1; }
grep -q "they were killed" .flow/log/bg.log && fail "flow killed processes of the container client: $(cat .flow/log/bg.log)"
pass
