#!/bin/sh
# A state store written by an earlier flow (format 5: start records with a process group
# instead of an executor and its handle) is read as it is: a dry run leaves it untouched, a
# run recovers the job it left interrupted, keeps the finished one, and rewrites the store
# in the current format. The fixture was written by flow before the format changed: job a
# finished, job c killed with flow (kill -9) while it ran.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

FIX="$FLOW_SRCDIR/tests/fixtures/state-v5"
cp "$FIX/Flowfile" Flowfile
mkdir .flow
cp "$FIX/state" .flow/state
chmod u+w .flow/state
echo a > a.txt
echo partial > c.txt
touch go
[ "$(head -n 1 .flow/state)" = "flow-state 5" ] || fail "the fixture is not of format 5"

run_flow -n
assert_rc 0
assert_out "flow: 1 of 2 jobs would run"
assert_out "c: interrupted"
[ "$(head -n 1 .flow/state)" = "flow-state 5" ] || fail "a dry run rewrote the store"

run_flow
assert_rc 0
cat > expected <<'TXT'
flow: job 'c' was interrupted last time; its outputs were removed and it will rerun
TXT
assert_err_exact expected
assert_out "[1/1] c"
assert_not_out "] a ("
assert_content c.txt c
[ "$(head -n 1 .flow/state)" = "flow-state 6" ] || fail "the store was not rewritten in format 6: '$(head -n 1 .flow/state)'"

run_flow -n
assert_rc 0
assert_out "flow: 0 of 2 jobs would run"
pass
