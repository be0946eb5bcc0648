#!/bin/sh
# When several rules can make a file, the one with the highest priority makes it
# (negative priorities count too); the other rule's command does not run.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

cat > Flowfile <<'FLOW'
rule all:
    input: "x.txt", "y.dat"
rule any:
    output: "{n}.txt"
    shell: "echo any > {output}"
rule xs:
    output: "x.{ext}"
    priority: 1
    shell: "echo xs > {output}"
rule low:
    output: "y.{ext}"
    priority: -1
    shell: "echo low > {output}"
rule dat:
    output: "{n}.dat"
    shell: "echo dat > {output}"
FLOW
run_flow -q -j 1
assert_rc 0
assert_content x.txt xs
assert_content y.dat dat
assert_no_file .flow/log/any
assert_no_file .flow/log/low
pass
