#!/bin/sh
# --touch records the jobs that would run as up to date without running them; after it
# nothing reruns until something changes again.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

chain_project "tr a-z A-Z"
run_flow -j 1
assert_rc 0
assert_ran "join up-s1 up-s2"

# An input and a command change; --touch accepts the outputs as they are.
echo hullo > data/s1.txt
chain_flowfile "cat"
run_flow -n
assert_out "would run up s=s1:"
assert_out "would run up s=s2: command changed:"
run_flow --touch
assert_rc 0
assert_out "touched up s=s1"
assert_out "touched up s=s2"
assert_ran ""
assert_content work/s1.up HELLO
assert_content final.txt "$(printf 'HELLO\nWORLD')"
run_flow -n
assert_rc 0
assert_out "flow: 0 of 3 jobs would run"
run_flow -j 1
assert_rc 0
assert_ran ""
assert_out "flow: nothing to do"

# --touch of a job whose output is missing fails and records nothing for it.
rm work/s2.up
run_flow --touch
assert_rc 1
assert_err "cannot touch 'up s=s2': its output 'work/s2.up' is missing"
assert_ran ""
run_flow -j 1
assert_rc 0
assert_ran "join up-s2"
assert_content final.txt "$(printf 'HELLO\nworld')"
pass
