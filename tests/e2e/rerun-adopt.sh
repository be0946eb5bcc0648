#!/bin/sh
# Outputs that exist with no record are adopted (recorded without running) when they are
# newer than all their inputs, and made again when older.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

cat > Flowfile <<'FLOW'
SAMPLES = ["s1", "s2"]
rule all:
    input: "final.txt"
rule up:
    input: "data/{s}.txt"
    output: "work/{s}.up"
    shell: "echo up-{wildcards.s} >> ran.log; tr a-z A-Z < {input} > {output}"
rule join:
    input: expand("work/{s}.up", s = SAMPLES)
    output: "final.txt"
    shell: "echo join >> ran.log; cat {input} > {output}"
FLOW
mkdir data work
echo hello > data/s1.txt
echo world > data/s2.txt
touch -d '2020-01-01 00:00:00' data/s1.txt data/s2.txt
# Made by another tool, by hand: s1 newer than its input, s2 older than its input.
echo made-elsewhere > work/s1.up
touch -d '2021-01-01 00:00:00' work/s1.up
echo stale > work/s2.up
touch -d '2019-01-01 00:00:00' work/s2.up

run_flow -n
assert_rc 0
assert_out "would adopt up s=s1: outputs exist with no record and are newer than its inputs"
assert_out "would run up s=s2: no record of how its outputs were made"
assert_out "would run join: missing output 'final.txt'"
assert_out "flow: 2 of 3 jobs would run, 1 would be adopted"

run_flow -j 1
assert_rc 0
assert_ran "join up-s2"
assert_content work/s1.up made-elsewhere
assert_content work/s2.up WORLD
assert_content final.txt "$(printf 'made-elsewhere\nWORLD')"
run_flow --provenance work/s1.up
assert_rc 0
assert_out "  rule      up"
assert_out "  recorded  without running (adopted or --touch)"
run_flow -j 1
assert_rc 0
assert_ran ""
assert_out "flow: nothing to do"

# Adopted means recorded: a later change of the input reruns the job as usual.
echo hullo > data/s1.txt
run_flow -j 1
assert_rc 0
assert_ran "join up-s1"
assert_content final.txt "$(printf 'HULLO\nWORLD')"

# A whole tree made elsewhere, all newer than the sources: everything adopted.
rm -rf .flow
run_flow -n
assert_out "would adopt up s=s1"
assert_out "would adopt up s=s2"
assert_out "would adopt join"
assert_out "flow: 0 of 3 jobs would run, 3 would be adopted"
run_flow -j 1
assert_rc 0
assert_ran ""
run_flow -n
assert_out "flow: 0 of 3 jobs would run"
assert_not_out "adopt"
pass
