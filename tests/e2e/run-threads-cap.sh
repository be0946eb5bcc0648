#!/bin/sh
# A rule asking for more threads than -j allows gets -j, and {threads} says so.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

cat > Flowfile <<'FLOW'
rule t:
    output: "t.txt"
    threads: 4
    shell: "echo {threads} > {output}"
FLOW
run_flow -q -j 2
assert_rc 0
assert_content t.txt 2
# The capped count is what the command was signed with: the same -j finds it up to date.
run_flow -n -j 2
assert_rc 0
assert_out "flow: 0 of 1 jobs would run"
run_flow -j 2
assert_rc 0
assert_out "flow: nothing to do: the 1 job is up to date"
rm t.txt
run_flow -q -j 8
assert_rc 0
assert_content t.txt 4
pass
