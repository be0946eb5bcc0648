#!/bin/sh
# A changed command reruns its job (and the jobs whose inputs it changes); -n shows the
# old and new command lines.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

chain_project "tr a-z A-Z"

run_flow -j 1
assert_rc 0
assert_ran "join up-s1 up-s2"

chain_flowfile "rev"
run_flow -n
assert_rc 0
cat > expected <<'TXT'
would run up s=s1: command changed:
        - echo up-s1 >> ran.log; tr a-z A-Z < data/s1.txt > work/s1.up
        + echo up-s1 >> ran.log; rev < data/s1.txt > work/s1.up
would run up s=s2: command changed:
        - echo up-s2 >> ran.log; tr a-z A-Z < data/s2.txt > work/s2.up
        + echo up-s2 >> ran.log; rev < data/s2.txt > work/s2.up
may run join: upstream job 'up s=s1' may change its inputs
flow: 2 of 3 jobs would run, 1 may run (if their inputs change)
TXT
# Indentation of the continuation lines is left free.
sed 's/^ *//' out.txt > got
sed 's/^ *//' expected > want
diff -u want got >&2 || fail "dry run output differs"
run_flow -j 1
assert_rc 0
assert_ran "join up-s1 up-s2"
assert_content final.txt "$(printf 'olleh\ndlrow')"
run_flow -j 1
assert_rc 0
assert_ran ""
assert_out "flow: nothing to do"
pass
