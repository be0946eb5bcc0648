#!/bin/sh
# A job still running when its flow was killed with kill -9 (an orphan, mid-write) is
# ended, its whole process group, by the next flow before the job is run again: the
# orphan never writes into the new output.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

MARK="floworphan_$$_$(date +%s)"
cat > Flowfile <<FLOW
rule all:
    input: "slow.txt", "fast.txt"
rule slow:
    output: "slow.txt"
    shell: ": $MARK; echo begin >> {output}; echo slow >> ran.log; (sleep 2; echo child >> {output}) & sleep 2; echo appended >> {output}; wait"
rule fast:
    output: "fast.txt"
    shell: "echo fast >> ran.log; echo fast > {output}"
FLOW

"$FLOW" -j 2 -q > first.out 2> first.err &
first=$!
# Kill it once the job has written its first line (0.5 s in, on an idle machine).
i=0
while [ "$(cat slow.txt 2>/dev/null)" != begin ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
sleep 0.1
kill -9 $first
wait $first 2>/dev/null
[ "$(cat slow.txt 2>/dev/null)" = begin ] || fail "slow.txt holds '$(cat slow.txt 2>/dev/null)' when flow was killed"
pgids=$(ps -eo pgid=,stat=,args= | awk -v m="$MARK" 'index($0, m) && $2 !~ /^Z/ && !/awk/ {print $1}' | sort -u)
[ -n "$pgids" ] || fail "the job was not running any more when flow was killed"

run_flow -j 2 -q
assert_rc 0
cat > expected <<'TXT'
flow: job 'slow' was interrupted last time (its processes were still running and have been ended); its outputs were removed and it will rerun
TXT
assert_err_exact expected
# The job ran once more from the start, and only the new run wrote: one of each line
# (the background child and the shell append in either order).
check_slow() {
	[ "$(sort slow.txt | tr '\n' ' ')" = "appended begin child " ] || fail "slow.txt holds '$(cat slow.txt)'$1"
}
check_slow ""
assert_content fast.txt fast
[ "$(sort ran.log | tr '\n' ' ')" = "fast slow slow " ] || fail "ran.log holds '$(cat ran.log)'"
# Well after the orphan would have written, nothing more came.
sleep 0.5
check_slow " after a while"
for pg in $pgids; do
	if ps -eo pgid=,stat= | awk -v g="$pg" '$1 == g && $2 !~ /^Z/ {found = 1} END {exit !found}'; then
		fail "processes of the killed flow's job (group $pg) are still running"
		kill -9 -- "-$pg" 2>/dev/null
	fi
done
run_flow -n
assert_rc 0
assert_out "flow: 0 of 2 jobs would run"
pass
