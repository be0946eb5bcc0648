#!/bin/sh
# --summary lists every output with its state and the job that makes it, and runs
# nothing.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

cat > Flowfile <<'FLOW'
SAMPLES = ["s1", "s2", "s3"]
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
echo one > data/s1.txt
echo two > data/s2.txt
echo three > data/s3.txt
run_flow -j 1 -q
assert_rc 0
rm ran.log

run_flow --summary
assert_rc 0
# Columns are padded; compare with runs of spaces squeezed.
tr -s ' ' > got < out.txt
cat > expected <<'TXT'
work/s1.up up to date up s=s1
work/s2.up up to date up s=s2
work/s3.up up to date up s=s3
final.txt up to date join
TXT
sort got > got.s; sort expected > want.s
diff -u want.s got.s >&2 || fail "--summary with everything up to date"

echo ONE-EDITED > work/s1.up
rm work/s2.up
echo changed > data/s3.txt
run_flow --summary
assert_rc 0
tr -s ' ' > got < out.txt
cat > expected <<'TXT'
work/s1.up changed outside flow up s=s1
work/s2.up missing up s=s2
work/s3.up out of date up s=s3
final.txt may be out of date (upstream) join
TXT
sort got > got.s; sort expected > want.s
diff -u want.s got.s >&2 || fail "--summary after changes"
assert_no_file ran.log
assert_no_file work/s2.up
assert_content work/s1.up ONE-EDITED
pass
