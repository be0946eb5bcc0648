#!/bin/sh
# Crash safety: flow is killed with kill -9 at many points of a run of 20 jobs over three
# levels (-j 2; the jobs write their outputs in several steps, partial content first).
# After each kill a new flow must finish with exit 0, every output byte-identical to a
# run that was never interrupted, a following -n must find nothing to run, and no
# process of the killed flow's jobs may outlive the new flow. Bounded to about 60 s.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

MARK="flowcrash_$$_$(date +%s)"
# The project: 12 sources -> 12 level-1 jobs -> 6 level-2 jobs (pairs) -> 2 level-3 jobs.
mkproject() {
	mkdir -p "$1/data"
	cat > "$1/Flowfile" <<FLOW
IDS = ["01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12"]
PAIRS = ["01-02", "03-04", "05-06", "07-08", "09-10", "11-12"]
rule all:
    input: "final/all.txt", "final/sizes.txt"
rule l1:
    input: "data/{i}.txt"
    output: "l1/{i}.txt"
    shell: ": $MARK; echo begin {wildcards.i} > {output}; sleep 0.03; tr a-z A-Z < {input} >> {output}; sleep 0.04; echo end {wildcards.i} >> {output}"
rule l2:
    input: "l1/{a}.txt", "l1/{b}.txt"
    output: "l2/{a}-{b}.txt"
    shell: ": $MARK; cat l1/{wildcards.a}.txt > {output}; sleep 0.05; cat l1/{wildcards.b}.txt >> {output}; sleep 0.05; cksum < l1/{wildcards.a}.txt >> {output}"
rule all_txt:
    input: expand("l2/{p}.txt", p = PAIRS)
    output: "final/all.txt"
    shell: ": $MARK; : > {output}; for f in {input}; do cat \$f >> {output}; sleep 0.015; done"
rule sizes:
    input: expand("l2/{p}.txt", p = PAIRS)
    output: "final/sizes.txt"
    shell: ": $MARK; echo sizes > {output}; sleep 0.1; wc -c {input} >> {output}; sleep 0.05; echo done >> {output}"
FLOW
}
# set_sources DIR VARIANT: the sources of variant a or b (b changes 5 of the 12).
set_sources() {
	for i in 01 02 03 04 05 06 07 08 09 10 11 12; do
		case "$2$i" in
		b02|b05|b06|b09|b12) printf 'changed line for %s\nsecond\n' "$i" > "$1/data/$i.txt" ;;
		*) printf 'line one of %s\nline two\n' "$i" > "$1/data/$i.txt" ;;
		esac
	done
}

for v in a b; do
	mkproject "ref$v"
	set_sources "ref$v" $v
	"$FLOW" -C "ref$v" -j 2 -q > "ref$v.log" 2>&1 || { cat "ref$v.log" >&2; fail "reference run $v failed"; pass; }
done
[ "$(ls refa/l1 | wc -l)" -eq 12 ] && [ "$(ls refa/l2 | wc -l)" -eq 6 ] || fail "the reference run made the wrong files"
mkproject w
start=$(date +%s)
variant=a
n=0
survivors=""
interrupted=0
for d in 0.01 0.35 0.8 0.05 1.2 0.15 0.6 0.02 1.5 0.25 0.45 0.9 0.1 0.7 1.0 0.3 0.04 0.55 1.3 0.2 0.08 0.65 1.1 0.4 0.5; do
	[ $(( $(date +%s) - start )) -lt 55 ] || break
	n=$((n + 1))
	# Every third kill point starts from nothing; the others switch the sources between
	# the two variants, so that only part of the graph reruns.
	if [ $((n % 3)) -eq 1 ]; then
		rm -rf w/.flow w/l1 w/l2 w/final
	fi
	if [ $variant = a ]; then variant=b; else variant=a; fi
	set_sources w $variant
	kills=1
	# Every fourth kill point kills the recovering flow too.
	[ $((n % 4)) -eq 0 ] && kills=2
	k=0
	while [ $k -lt $kills ]; do
		"$FLOW" -C w -j 2 -q > killed.log 2>&1 &
		pid=$!
		sleep "$d"
		kill -9 $pid 2>/dev/null
		wait $pid 2>/dev/null
		survivors="$survivors $(marked_pgids)"
		k=$((k + 1))
	done
	run_flow -C w -j 2 -q
	interrupted=$((interrupted + $(grep -c "was interrupted last time" err.txt)))
	[ "$rc" -eq 0 ] || fail "kill point $n (after ${d}s, variant $variant): flow exited $rc"
	# The only messages allowed: interrupted jobs, and a damaged store tail.
	if grep -v -e "^flow: job '.*' was interrupted last time" -e "^flow: warning: .*ignoring the last" err.txt | grep -q .; then
		fail "kill point $n: unexpected messages"
	fi
	diff -r -x .flow "ref$variant" w > diff.txt 2>&1 || { cat diff.txt >&2; fail "kill point $n (after ${d}s, variant $variant): outputs differ from the reference"; }
	for pg in $survivors; do
		# Zombies are dead; reaping them is up to whoever inherited them.
		if ps -eo pgid=,stat= | awk -v g="$pg" '$1 == g && $2 !~ /^Z/ {found = 1} END {exit !found}'; then
			ps -eo pid,pgid,stat,args | awk -v g="$pg" '$2 == g' >&2
			fail "kill point $n: processes of group $pg of a killed flow survived the next flow"
			kill -9 -- "-$pg" 2>/dev/null
		fi
	done
	survivors=""
	run_flow -C w -n
	assert_rc 0
	grep -q '^flow: 0 of 20 jobs would run$' out.txt || fail "kill point $n: after the rerun, -n finds jobs to run"
	assert_not_err "interrupted"
	[ "$FAILURES" -eq 0 ] || break
done
[ $n -ge 10 ] || fail "only $n kill points in the time allowed"
# The kills did land while jobs ran.
[ $interrupted -ge 5 ] || fail "only $interrupted interrupted jobs were recovered"
[ -z "$(marked_pgids)" ] || fail "job processes are left at the end"
echo "$TEST_NAME: $n kill points, $interrupted interrupted jobs recovered, in $(( $(date +%s) - start ))s" >&2
pass
