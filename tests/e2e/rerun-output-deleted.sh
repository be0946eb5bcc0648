#!/bin/sh
# A deleted output reruns the job that makes it, and only that job when it writes the
# same bytes again.
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
mkdir data
echo hello > data/s1.txt
echo world > data/s2.txt
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
