#!/bin/sh
# The count of jobs up to date leaves out rules that only name targets.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

cat > Flowfile <<'FLOW'
rule all:
    input: "a.txt"
rule a:
    output: "a.txt"
    shell: "touch {output}"
FLOW
run_flow
assert_rc 0
assert_out "flow: 1 job done"
run_flow -n
assert_rc 0
assert_out "flow: 0 of 1 jobs would run"
run_flow
assert_rc 0
[ "$(cat out.txt)" = "flow: nothing to do: the 1 job is up to date" ] \
	|| fail "expected 'flow: nothing to do: the 1 job is up to date'"
pass
