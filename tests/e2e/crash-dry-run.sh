#!/bin/sh
# After flow was killed with kill -9, a dry run reports the job as interrupted and
# changes nothing: it neither removes the partial output nor forgets the record, so the
# next real flow still recovers the job (ends its processes, removes its output) and
# reruns it.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

cat > Flowfile <<'FLOW'
rule all:
    input: "slow.txt"
rule slow:
    output: "slow.txt"
    shell: "echo begin > {output}; sleep 1.5; echo end >> {output}"
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

run_flow -n
assert_rc 0
cat > expected <<'TXT'
would run slow: interrupted last time
flow: 1 of 1 jobs would run
TXT
diff -u expected out.txt >&2 || fail "-n output differs"
assert_not_err "interrupted"
assert_file slow.txt
run_flow --why
assert_out "would run slow: interrupted last time"
run_flow -n
assert_out "would run slow: interrupted last time"

run_flow -j 1 -q
assert_rc 0
assert_err "flow: job 'slow' was interrupted last time"
assert_content slow.txt "$(printf 'begin\nend')"
sleep 1.2
# The orphan, ended by the real run, added nothing.
assert_content slow.txt "$(printf 'begin\nend')"
run_flow -n
assert_out "flow: 0 of 1 jobs would run"
pass
