#!/bin/sh
# --force runs the jobs that make the named targets though they are up to date (and not
# the jobs downstream when the outputs come out the same); --forceall runs every job.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

chain_project
run_flow -j 1
assert_rc 0
assert_ran "join up-s1 up-s2"

run_flow -n --force final.txt
assert_rc 0
assert_out "would run join: forced"
assert_out "flow: 1 of 3 jobs would run"
run_flow -j 1 --force final.txt
assert_rc 0
assert_ran "join"

# Forcing an intermediate file: its job runs, the same bytes come out, join stays.
run_flow -j 1 --force work/s1.up
assert_rc 0
assert_ran "up-s1"
# Forcing a rule that only names targets forces the jobs of its targets.
run_flow -j 1 --force all work/s2.up
assert_rc 0
assert_ran "join up-s2"
run_flow -j 1
assert_ran ""
assert_out "flow: nothing to do"

# Forcing a file that no job makes.
run_flow -j 1 --force data/s1.txt
assert_err "flow: --force: 'data/s1.txt' is a source; no job makes it"
assert_ran ""

run_flow -n --forceall
assert_out "would run up s=s1: forced"
assert_out "would run up s=s2: forced"
assert_out "would run join: forced"
assert_out "flow: 3 of 3 jobs would run"
run_flow -j 1 --forceall
assert_rc 0
assert_ran "join up-s1 up-s2"
assert_content final.txt "$(printf 'HELLO\nWORLD')"
run_flow -j 1
assert_ran ""
assert_out "flow: nothing to do"
pass
