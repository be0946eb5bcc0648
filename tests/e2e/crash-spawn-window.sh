#!/bin/sh
# Killed at any moment, even while starting a job, flow leaves no job behind that the
# next flow does not end: the output is always that of exactly one run. The kills here
# land in the first tens of milliseconds, around the first spawn; a large environment
# makes the spawn (the exec of bash) slower, so that kills land inside it more often.
# When flow does this right the test always passes; a flow that records the job's process
# group only after posix_spawn returns (and has no other way to find the job) fails it in
# most runs: the orphan is not ended and writes into the rerun's output.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

big=$(head -c 120000 /dev/zero | tr '\0' x)
cat > Flowfile <<FLOW
rule job:
    output: "o.txt"
    env: B1 = "$big", B2 = "$big", B3 = "$big", B4 = "$big", B5 = "$big", B6 = "$big", B7 = "$big", B8 = "$big"
    shell: "echo begin >> {output}; sleep 0.2; echo end >> {output}"
FLOW
start=$(date +%s)
n=0
bad=0
for d in 0.004 0.006 0.008 0.01 0.012 0.014 0.016 0.018 0.02 0.025 0.03 0.04 0.05; do
	for rep in 1 2 3; do
		[ $(( $(date +%s) - start )) -lt 25 ] || break 2
		n=$((n + 1))
		rm -rf .flow o.txt
		"$FLOW" -q -j 1 > /dev/null 2>&1 &
		pid=$!
		sleep $d
		kill -9 $pid 2>/dev/null
		wait $pid 2>/dev/null
		run_flow -q -j 1
		[ "$rc" -eq 0 ] || fail "kill after ${d}s: flow exited $rc"
		# Long enough for an orphan to write its last line.
		sleep 0.25
		if [ "$(cat o.txt 2>/dev/null | tr '\n' ' ')" != "begin end " ]; then
			bad=$((bad + 1))
			echo "kill after ${d}s: o.txt holds '$(cat o.txt | tr '\n' ' ')'; flow said: $(cat err.txt)" >&2
		fi
	done
done
[ $bad -eq 0 ] || fail "$bad of $n kill points left an orphan that wrote into the new output"
pass
