#!/bin/sh
# A flow killed with kill -9 leaves no stale lock: the next flow takes the lock at once
# (the lock file remains, but the kernel dropped the fcntl lock with the process).
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
i=0
while [ ! -s ran.log ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
[ -s ran.log ] || fail "the first flow did not start its job"
run_flow -j 1
assert_rc 2
assert_err "another flow (pid $first, started"

kill -9 $first
wait $first 2>/dev/null
[ -e .flow/lock ] || fail "the lock file is gone (expected to stay, unlocked)"
run_flow -j 1
assert_rc 0
assert_not_err "another flow"
assert_err "flow: job 'slow' was interrupted last time"
assert_content slow.txt done
# The orphaned job of the killed flow was ended: only the new flow's job wrote.
assert_content ran.log "$(printf 'slow\nslow')"
run_flow -j 1
assert_rc 0
assert_out "flow: nothing to do"
pass
