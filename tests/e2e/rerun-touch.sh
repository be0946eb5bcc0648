#!/bin/sh
# Touching an input (new mtime, same content) reruns nothing: reruns follow content
# hashes, not modification times.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

chain_project
# assert_ran 'JOB...': exactly these jobs (sorted) ran since the last check.

run_flow -j 1
assert_rc 0
assert_ran "join up-s1 up-s2"
assert_content final.txt "$(printf 'HELLO\nWORLD')"

# Touch every input and intermediate file, in the future as well as now.
touch data/s1.txt data/s2.txt
touch -d '2037-01-01 00:00:00' work/s1.up
run_flow -n
assert_rc 0
assert_out "flow: 0 of 3 jobs would run"
run_flow -j 1
assert_rc 0
assert_ran ""
assert_out "flow: nothing to do"
assert_content final.txt "$(printf 'HELLO\nWORLD')"

# And once more after a pause, when the stat cache holds settled (non-racy) entries.
sleep 2.1
run_flow -j 1
assert_ran ""
touch data/s1.txt data/s2.txt work/s2.up
run_flow -j 1
assert_rc 0
assert_ran ""
assert_out "flow: nothing to do"
pass
