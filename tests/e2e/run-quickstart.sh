#!/bin/sh
# The quick-start example runs with -j 2: every job once, in dependency order, the report
# covers the three samples; a second run has nothing to do.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

cp -R "$FLOW_SRCDIR/rules-examples/quickstart/." .
rm -rf .flow work results logs
run_flow -j 2
assert_rc 0
assert_file results/report.html
for s in alpha beta gamma; do
	grep -qF "<h2>$s</h2>" results/report.html || fail "report lacks sample $s"
	assert_file "work/$s.counts.tsv"
	assert_file "work/$s.total"
	assert_file ".flow/log/count/sample=$s.log"
	assert_file ".flow/log/normalize/sample=$s.log"
	assert_out "] normalize sample=$s ("
	assert_out "] count sample=$s ("
done
assert_out "[7/7] report ("
assert_out "flow: 7 jobs done ("
[ "$(grep -c '^\[[0-9]/7\] ' out.txt)" -eq 7 ] || fail "expected 7 status lines"
# the report comes last, each count after its normalize
[ "$(grep '^\[' out.txt | tail -n 1 | cut -d' ' -f2)" = report ] || fail "report is not last"
for s in alpha beta gamma; do
	n=$(grep -n "normalize sample=$s " out.txt | cut -d: -f1)
	c=$(grep -n "count sample=$s " out.txt | cut -d: -f1)
	[ "$n" -lt "$c" ] || fail "count $s ran before normalize $s"
done
# The word totals are those of the data.
for s in alpha beta gamma; do
	want=$(tr 'A-Z' 'a-z' < "data/$s.txt" | tr -cs 'a-z' '\n' | wc -l | tr -d ' ')
	got=$(tr -d ' \n' < "work/$s.total")
	[ "$want" = "$got" ] || fail "work/$s.total holds $got, expected $want"
done
cp results/report.html report.before

run_flow -j 2
assert_rc 0
assert_out "flow: nothing to do"
assert_not_out "] "
cmp -s report.before results/report.html || fail "report changed on the second run"
pass
