#!/bin/sh
# A corrupted-state campaign: many damaged copies of a real .flow/state (bit flips,
# truncations, duplicated and reordered records, bogus lengths, records of a hostile
# project naming paths outside this one), each followed by `flow -n` and a run. Every
# flow must end without a crash (under tests/sanitized.sh, without a sanitizer report),
# say nothing but flow's own messages, touch nothing outside the project, and leave the
# outputs equal to a clean run's. Bounded: CAMPAIGN_STATES states (default 120).
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

states=${CAMPAIGN_STATES:-120}
seed=${CAMPAIGN_SEED:-$(date +%s)}
echo "campaign: $states states, seed $seed (CAMPAIGN_SEED=$seed repeats it)"
R=$seed
# rnd N: a pseudo-random number in [0, N) in $R.
rnd() { R=$(( (R * 1103515245 + 12345) % 2147483648 )); R2=$((R / 65536 % $1)); }

mkdir outside project
echo keep > outside/victim.txt
echo keep > outside/abs.txt
snapshot() { (cd "$WORK/outside" && ls -l --time-style=+%s.%N && cat ./*) 2>&1; }
outside_before=$(snapshot)

cd project || exit 99
cat > Flowfile <<'FLOW'
SAMPLES = ["s1", "s2", "s3"]
rule all:
    input: "final.txt", "summary.txt"
rule up:
    input: "data/{s}.txt"
    output: "work/{s}.up"
    params: n = 2
    shell: "tr a-z A-Z < {input} > {output}"
rule pair:
    input: "work/{s}.up"
    output: "work/{s}.a", "work/{s}.b"
    shell: "head -c 3 {input} > {output[0]}; tail -c 3 {input} > {output[1]}"
rule join:
    input: expand("work/{s}.a", s = SAMPLES), expand("work/{s}.b", s = SAMPLES)
    output: "final.txt"
    shell: "cat {input} > {output}"
rule summary:
    input: "final.txt"
    output: "summary.txt"
    shell: "wc -c < {input} > {output}"
FLOW
mkdir data
echo alpha > data/s1.txt; echo beta > data/s2.txt; echo gamma > data/s3.txt
"$FLOW" -q > /dev/null 2>&1 || fail "the first clean run failed"
echo BETA > data/s2.txt
"$FLOW" -q > /dev/null 2>&1 || fail "the second clean run failed"
outputs="work/s1.up work/s2.up work/s3.up work/s1.a work/s1.b work/s2.a work/s2.b work/s3.a work/s3.b final.txt summary.txt"
mkdir "$WORK/clean"
for f in $outputs; do cp "$f" "$WORK/clean/$(echo "$f" | tr / _)"; done
cp .flow/state "$WORK/good.state"
cd "$WORK" || exit 99

# A hostile project's state: results naming files outside this project (relative and
# absolute), recorded by a real flow. Where flow refuses to make such outputs, it has none.
mkdir -p hostile/sub
cat > hostile/sub/Flowfile <<FLOW
rule all:
    input: "../../outside/victim.txt", "$WORK/outside/abs.txt"
rule v:
    output: "../../outside/victim.txt"
    shell: "echo keep > {output}"
rule a:
    output: "$WORK/outside/abs.txt"
    shell: "echo keep > {output}"
FLOW
cp -p outside/victim.txt outside/abs.txt hostile/
"$FLOW" -C hostile/sub -q --forceall > /dev/null 2>&1
cp -p hostile/victim.txt hostile/abs.txt outside/
outside_before=$(snapshot)
hostile=hostile/sub/.flow/state
if [ ! -s "$hostile" ]; then
	echo "campaign: no hostile state (flow refused the outside outputs); using this project's"
	hostile=good.state
fi

# The records of good.state: "start end" pairs.
size=$(wc -c < good.state)
u32() { od -An -tu4 -j "$1" -N4 good.state | tr -d ' '; }
recs=""
off=13
nrec=0
while [ $((off + 8)) -le "$size" ]; do
	len=$(u32 $off)
	recs="$recs $off:$((off + 8 + len))"
	off=$((off + 8 + len))
	nrec=$((nrec + 1))
done
[ "$off" -eq "$size" ] || fail "good.state does not end on a record ($off of $size)"
[ "$nrec" -ge 10 ] || fail "good.state has only $nrec records"
rec() { k=$1; set -- $recs; shift "$k"; echo "$1"; }   # rec K: "start:end" of record K (from 0)
bytes() { tail -c +$(($1 + 1)) good.state | head -c $(($2 - $1)); }   # bytes FROM TO

# mutate KIND: write a damaged copy of good.state to state.new.
mutate() {
	case $1 in
	flip)
		rnd "$size"; at=$R2; rnd 8; bit=$R2
		old=$(od -An -tu1 -j "$at" -N1 good.state | tr -d ' ')
		cp good.state state.new
		printf "\\$(printf %o $((old ^ (1 << bit))))" | dd of=state.new bs=1 seek="$at" conv=notrunc 2>/dev/null ;;
	truncate)
		rnd "$size"; head -c "$R2" good.state > state.new ;;
	duplicate)
		rnd "$nrec"; r=$(rec "$R2"); s=${r%:*}; e=${r#*:}
		{ head -c "$e" good.state; tail -c +$((s + 1)) good.state; } > state.new ;;
	reorder)
		rnd $((nrec - 1)); r=$(rec "$R2"); s=${r%:*}; m=${r#*:}; r=$(rec $((R2 + 1))); e=${r#*:}
		{ head -c "$s" good.state; bytes "$m" "$e"; bytes "$s" "$m"; tail -c +$((e + 1)) good.state; } > state.new ;;
	length)
		rnd "$nrec"; r=$(rec "$R2"); s=${r%:*}; rnd 4
		case $R2 in 0) l='\377\377\377\377' ;; 1) l='\0\0\0\0' ;; 2) l='\1\0\0\0' ;; 3) l='\0\0\0\20' ;; esac
		cp good.state state.new
		printf "$l" | dd of=state.new bs=1 seek="$s" conv=notrunc 2>/dev/null ;;
	hostile)
		# This project's records followed (or preceded) by the hostile ones.
		rnd 2
		if [ "$R2" -eq 0 ]; then { cat good.state; tail -c +14 "$hostile"; } > state.new
		else { cat "$hostile"; tail -c +14 good.state; } > state.new; fi ;;
	esac
}

crashes=0 unclean=0 warned=0 reran=0
kinds="flip truncate duplicate reorder length hostile"
i=0
while [ $i -lt "$states" ]; do
	set -- $kinds
	shift $((i % 6))
	kind=$1
	mutate "$kind"
	rm -rf p
	cp -a project p
	cp state.new p/.flow/state
	for args in "-n" ""; do
		# shellcheck disable=SC2086
		"$FLOW" -C p $args > out.txt 2> err.txt
		rc=$?
		[ -n "$args" ] && grep -q '^flow: warning' err.txt && warned=$((warned + 1))
		[ -z "$args" ] && grep -q 'jobs\{0,1\} done' out.txt && reran=$((reran + 1))
		if [ $rc -ne 0 ] || grep -qv '^flow: \|^    ' err.txt; then
			crashes=$((crashes + 1))
			cp state.new "corrupt-$i.state"
			fail "state $i ($kind): flow $args exited $rc or said something unexpected"
		fi
	done
	for f in $outputs; do
		cmp -s "p/$f" "clean/$(echo "$f" | tr / _)" || { unclean=$((unclean + 1)); fail "state $i ($kind): '$f' differs from a clean run's"; }
	done
	"$FLOW" -C p -q > out.txt 2> err.txt
	[ $? -eq 0 ] && [ ! -s err.txt ] || fail "state $i ($kind): the run after the recovery did not find a clean state"
	[ "$(snapshot)" = "$outside_before" ] || { fail "state $i ($kind): a file outside the project changed"; outside_before=$(snapshot); }
	i=$((i + 1))
done
echo "campaign: $states corrupted states ($warned reported as damaged, $reran followed by reruns), $crashes crashes or unexpected messages, $unclean outputs unlike a clean run's"
[ $warned -gt 0 ] && [ $reran -gt 0 ] || fail "the campaign damaged nothing that flow noticed"
pass
