#!/bin/sh
# A job that the interrupt reaches while it runs is stopped, whatever it exits with: here
# the command traps SIGTERM and exits 0 with its output half-written (as a container client
# may exit 0 while its container is being stopped). flow removes that output, exits 130,
# records no success, and the next dry run says the job would run.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

MARK="30.$$$(date +%S)7"
cat > Flowfile <<FLOW
rule long:
    output: "long.txt"
    shell: "echo partial > {output}; trap 'exit 0' TERM; sleep $MARK & wait"
FLOW
"$FLOW" >out.txt 2>err.txt &
pid=$!
wait_started $pid long.txt
kill -TERM $pid
wait $pid
rc=$?
assert_rc 130
assert_no_file long.txt
assert_not_out "[1/1] long"
pkill -f "sleep $MARK"
run_flow -n
assert_rc 0
assert_out "would run"
pass
