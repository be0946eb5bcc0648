#!/bin/sh
# An output changed by hand (even with its old size and mtime) reruns the job that makes
# it; when the rerun writes back what the downstream job last read, that one stays.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

chain_project
run_flow -j 1
assert_rc 0
assert_ran "join up-s1 up-s2"

# An intermediate output edited, its mtime put back.
cp -p work/s1.up ref
echo HXLLO > work/s1.up
touch -r ref work/s1.up
run_flow -n
assert_rc 0
assert_out "would run up s=s1: output 'work/s1.up' was modified outside flow"
assert_out "may run join: upstream job 'up s=s1' may change its inputs"
run_flow --summary
assert_rc 0
grep -q '^work/s1.up  *changed outside flow  *up s=s1$' out.txt || fail "--summary does not show work/s1.up changed"
run_flow -j 1
assert_rc 0
assert_ran "up-s1"
assert_content work/s1.up HELLO
assert_content final.txt "$(printf 'HELLO\nWORLD')"

# The final output edited (appended to).
echo extra >> final.txt
run_flow -n
assert_out "would run join: output 'final.txt' was modified outside flow"
assert_out "flow: 1 of 3 jobs would run"
run_flow -j 1
assert_rc 0
assert_ran "join"
assert_content final.txt "$(printf 'HELLO\nWORLD')"
run_flow -j 1
assert_ran ""
assert_out "flow: nothing to do"
pass
