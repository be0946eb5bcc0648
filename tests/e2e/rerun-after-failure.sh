#!/bin/sh
# A job that failed is recorded as failed: whatever is left of its outputs (here one a
# background process of the job writes after flow removed it; in a session of its own, out
# of the reach of flow, which kills what a job leaves in its process group) is never
# taken for its work, and the job reruns.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

cat > Flowfile <<'FLOW'
rule d:
    output: "result.txt"
    shell: "echo d >> ran.log; test -e ok || {{ setsid sh -c 'touch escaped; sleep 0.3; echo late > result.txt' & until test -e escaped; do sleep 0.01; done; exit 1; }}; echo good > {output}"
FLOW
run_flow -q
assert_rc 1
assert_err "job 'd' failed: exit 1"
sleep 1
assert_content result.txt late
run_flow -n
assert_rc 0
assert_out "would run d: it failed last time"
touch ok
run_flow -q
assert_rc 0
assert_content result.txt good
[ "$(cat ran.log)" = "$(printf 'd\nd')" ] || fail "ran.log holds '$(cat ran.log)'"
run_flow
assert_rc 0
assert_out "flow: nothing to do"
pass
