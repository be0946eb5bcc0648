#!/bin/sh
# A deleted output reruns the job that makes it, and only that job when it writes the
# same bytes again.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

chain_project
run_flow -j 1
assert_rc 0
assert_ran "join up-s1 up-s2"

rm work/s2.up
run_flow -n
assert_rc 0
assert_out "would run up s=s2: missing output 'work/s2.up'"
assert_out "may run join: upstream job 'up s=s2' may change its inputs"
run_flow --summary
grep -q '^work/s2.up  *missing  *up s=s2$' out.txt || fail "--summary does not show work/s2.up missing"
run_flow -j 1
assert_rc 0
assert_ran "up-s2"
assert_content work/s2.up WORLD

rm final.txt
run_flow -n
assert_out "would run join: missing output 'final.txt'"
assert_out "flow: 1 of 3 jobs would run"
run_flow -j 1
assert_rc 0
assert_ran "join"
assert_content final.txt "$(printf 'HELLO\nWORLD')"
run_flow -j 1
assert_ran ""
pass
