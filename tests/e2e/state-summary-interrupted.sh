#!/bin/sh
# --summary after a flow was killed mid-job: the interrupted job's partial output exists,
# so it is listed as out of date (the job would run), not as missing.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

cat > Flowfile <<'FLOW'
rule all:
    input: "slow.txt", "later.txt"
rule slow:
    output: "slow.txt"
    shell: "echo begin > {output}; sleep 1.5; echo end >> {output}"
rule later:
    input: "slow.txt"
    output: "later.txt"
    shell: "cp {input} {output}"
FLOW
"$FLOW" -j 1 -q > first.out 2> first.err &
first=$!
# Kill it once the job has written its first line (0.5 s in, on an idle machine).
i=0
while [ "$(cat slow.txt 2>/dev/null)" != begin ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
sleep 0.1
kill -9 $first
wait $first 2>/dev/null
assert_content slow.txt begin

run_flow --summary
assert_rc 0
tr -s ' ' < out.txt > got
cat > expected <<'TXT'
slow.txt out of date slow
later.txt missing later
TXT
diff -u expected got >&2 || fail "--summary differs"
# Let the orphan finish before the directory is removed.
run_flow -j 1 -q
assert_rc 0
pass
