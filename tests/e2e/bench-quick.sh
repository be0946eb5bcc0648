#!/bin/sh
# bench/run.sh --quick (tiny sizes, one run each) works end to end: every section but
# the container one and Snakemake's runs with flow, ninja and make, checks its outputs
# (the full runs, the edit reaching count.txt, the synthetic million-job state found up
# to date by each tool) and prints the table with the goals of issue 12.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

command -v python3 >/dev/null || skip "python3 missing (bench/mkstate.py needs it)"
command -v ninja >/dev/null || skip "ninja missing (apt-get install ninja-build)"
[ -x /usr/bin/time ] || skip "GNU time missing at /usr/bin/time (apt-get install time)"

FLOW="$FLOW" BENCH_TMPDIR="$WORK" bash "$FLOW_SRCDIR/bench/run.sh" --quick \
	--only dry,run,noop,edit,mega --tsv "$WORK/out.tsv" >out.txt 2>err.txt
rc=$?
assert_rc 0
for row in "dry       flow" "dry       ninja" "dry       make" "run       ninja" \
	"noop      ninja" "edit      flow" "edit      ninja" "edit      make" "edit      bare" \
	"mega-dry  flow" "mega-noop flow" "mega-noop ninja" "mega-noop make"; do
	grep -q "^$row " out.txt || fail "table lacks a row '$row'"
done
assert_not_out "FAIL"
assert_out "goals (issue 12)"
assert_out "one source edited flow/ninja"
assert_out "edit: one source changed at 151 jobs, 4 jobs rerun"
# Every row measured: a number of seconds, no '-' in the wall column.
awk -F'\t' 'NR > 1 && $5 !~ /^[0-9]+$/ { bad = 1 } END { exit bad }' "$WORK/out.tsv" ||
	fail "a TSV row has no wall time: $(cat "$WORK/out.tsv")"
pass
