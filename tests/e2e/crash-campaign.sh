#!/bin/sh
# Crash campaign: kill -9 at random moments during a workflow of truncate-style, append-style
# and multi-output jobs with early cutoff; half the kills take flow alone (its jobs are
# orphaned), half flow's process group and every job process at once (a power cut). After
# each kill (sometimes two in a row) a new flow runs to completion: every output must then
# equal a clean run's, a following -n must find nothing to run, no process of the killed
# flows may be left, and the lock must be free. FLOW_CRASH_TRIALS (default 10) trials,
# delays drawn from FLOW_CRASH_SEED (default: the process id; printed to reproduce a
# failure); bounded to FLOW_CRASH_SECONDS (default 50).
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

TRIALS=${FLOW_CRASH_TRIALS:-10}
SECONDS_MAX=${FLOW_CRASH_SECONDS:-50}
SEED=${FLOW_CRASH_SEED:-$$}
MARK="flowcampaign_$$_$(date +%s)"
mkproject() {
	mkdir -p "$1/data"
	cat > "$1/Flowfile" <<FLOW
IDS = ["1", "2", "3", "4", "5", "6"]
rule all:
    input: "final.txt"
rule norm:
    input: "data/{i}.txt"
    output: "n/{i}.txt"
    shell: ": $MARK; tr a-z A-Z < {input} > {output}; sleep 0.03; echo norm {wildcards.i} >> {output}"
rule app:
    input: "n/{i}.txt"
    output: "a/{i}.txt"
    shell: ": $MARK; for k in 1 2 3; do cat {input} >> {output}; sleep 0.01; done"
rule split:
    input: "a/{i}.txt"
    output: "s/{i}.head", "s/{i}.tail"
    shell: ": $MARK; head -n 1 {input} > s/{wildcards.i}.head; sleep 0.02; tail -n 1 {input} > s/{wildcards.i}.tail"
rule key:
    input: "data/{i}.txt"
    output: "k/{i}.txt"
    shell: ": $MARK; cut -c 1-4 < {input} > {output}"
rule kk:
    input: "k/{i}.txt"
    output: "kk/{i}.txt"
    shell: ": $MARK; echo kk >> {output}; sleep 0.02; cat {input} >> {output}"
rule final:
    input: expand("s/{i}.head", i = IDS), expand("s/{i}.tail", i = IDS), expand("kk/{i}.txt", i = IDS)
    output: "final.txt"
    shell: ": $MARK; for f in {input}; do cat \$f >> {output}; done"
FLOW
}
# set_sources DIR VARIANT: variant b changes sources 2, 3 and 5 after their first four
# characters (so rule key's outputs come out the same: early cutoff) and source 6 before.
set_sources() {
	for i in 1 2 3 4 5 6; do
		case "$2$i" in
		b2|b3|b5) printf 'line %s changed\n' "$i" > "$1/data/$i.txt" ;;
		b6) printf 'LINE six\n' > "$1/data/$i.txt" ;;
		*) printf 'line %s\n' "$i" > "$1/data/$i.txt" ;;
		esac
	done
}

for v in a b; do
	mkproject "ref$v"
	set_sources "ref$v" $v
	"$FLOW" -C "ref$v" -j 2 -q > "ref$v.log" 2>&1 || { cat "ref$v.log" >&2; fail "reference run $v failed"; pass; }
done
[ "$(wc -l < refa/final.txt)" -eq 24 ] || fail "the reference run made the wrong final.txt"
# The delays, in seconds: most within the first second, where the jobs run.
DELAYS=$(awk -v n="$TRIALS" -v s="$SEED" 'BEGIN { srand(s); for (i = 0; i < n; i++) printf "%.2f ", rand() * rand() * 1.2 }')
mkproject w
start=$(date +%s)
variant=a
n=0 alone=0 group=0 recovered=0 cutoffs=0
for d in $DELAYS; do
	[ $(( $(date +%s) - start )) -lt "$SECONDS_MAX" ] || break
	n=$((n + 1))
	[ $((n % 4)) -eq 1 ] && rm -rf w/.flow w/n w/a w/s w/k w/kk w/final.txt
	if [ $variant = a ]; then variant=b; else variant=a; fi
	set_sources w $variant
	kills=1
	[ $((n % 5)) -eq 0 ] && kills=2
	k=0
	while [ $k -lt $kills ]; do
		# flow in a process group (and session) of its own, as from a shell with job control
		setsid "$FLOW" -C w -j 2 -q > killed.log 2>&1 &
		pid=$!
		sleep "$d"
		if [ $((n % 2)) -eq 0 ]; then
			kill -9 $pid 2>/dev/null
			alone=$((alone + 1))
		else
			# flow's process group and every job's at once: nothing survives the crash
			pgs=$(marked_pgids | sed 's/^/-/')
			kill -9 -- -$pid $pgs 2>/dev/null
			group=$((group + 1))
		fi
		wait $pid 2>/dev/null
		k=$((k + 1))
	done
	run_flow -C w -j 2 -q
	recovered=$((recovered + $(grep -c "was interrupted last time" err.txt)))
	[ "$rc" -eq 0 ] || fail "trial $n (seed $SEED, kill after ${d}s, variant $variant): flow exited $rc"
	if grep -v -e "^flow: job '.*' was interrupted last time" -e "^flow: warning: .*ignoring the last" err.txt | grep -q .; then
		fail "trial $n: unexpected messages"
	fi
	diff -r -x .flow "ref$variant" w > diff.txt 2>&1 || { cat diff.txt >&2; fail "trial $n (seed $SEED, kill after ${d}s, variant $variant): outputs differ from a clean run's"; }
	left=$(marked_pids)
	[ -z "$left" ] || { ps -o pid,pgid,stat,args -p $(echo $left | tr ' ' ',') >&2; fail "trial $n: processes of a killed flow are left"; kill -9 $left 2>/dev/null; }
	run_flow -C w -n
	assert_rc 0
	grep -q '^flow: 0 of 31 jobs would run$' out.txt || fail "trial $n: after the rerun, -n finds jobs to run"
	[ "$FAILURES" -eq 0 ] || break
done
# Early cutoff happened on the way (variant b keeps rule key's outputs for 2, 3 and 5).
if [ $variant = a ]; then variant=b; else variant=a; fi
set_sources w $variant
run_flow -C w -j 2
assert_rc 0
assert_out "skipped because their inputs came out unchanged"
diff -r -x .flow "ref$variant" w >&2 || fail "after the trials, outputs differ from a clean run's"
# The lock is free: a real run takes it.
run_flow -C w -j 2
assert_rc 0
assert_out "flow: nothing to do"
[ $n -ge 3 ] || fail "only $n trials in the time allowed"
[ -z "$(marked_pids)" ] || fail "job processes are left at the end"
echo "$TEST_NAME: $n trials (seed $SEED; $alone kills of flow alone, $group of its process group and jobs), $recovered interrupted jobs recovered, $FAILURES failures, in $(( $(date +%s) - start ))s" >&2
pass
