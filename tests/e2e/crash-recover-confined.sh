#!/bin/sh
# Recovery after a crash removes only what it may: of the paths a dead flow's start records
# name, only declared outputs of the same job in the current graph, inside the project.
# Here flow is killed (kill -9) while its jobs run; then the Flowfile changes, and precious
# files stand where the jobs' outputs were: two outside the project (outputs
# '../outside.txt' and an absolute path, which no rule makes any more), a source, a file
# another rule now makes, and one reached through a directory that became a link out of
# the project (no rule may make a file there any more: flow refuses such outputs). All survive the next flow, which says why it kept each; a real interrupted
# output is removed. (Should flow refuse outputs outside the project, the records cannot
# name such paths and the two outside cases are left out.)
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

MARK="60.$$$(date +%S)9"
mkdir p
cd p || exit 99
# job NAME OUTPUT: a rule that writes part of its output and then runs for a long time.
job() {
	printf 'rule %s:\n    output: "%s"\n    shell: "echo partial > {output}; sleep %s"\n' "$1" "$2" "$MARK"
}
inside="data/in.txt other.txt dir/x.txt plain.txt"
outside="../outside.txt $WORK/abs.txt"
printf 'rule o:\n    output: "../o.txt"\n    shell: "touch {output}"\n' > Flowfile
"$FLOW" -n >/dev/null 2>&1 || outside=""
{
	printf 'rule all:\n    input: %s\n' "$(for f in $inside $outside; do printf '"%s", ' "$f"; done | sed 's/, $//')"
	job src data/in.txt
	job a other.txt
	job linked dir/x.txt
	job plain plain.txt
	[ -n "$outside" ] && job escape ../outside.txt && job absolute "$WORK/abs.txt"
} > Flowfile
njobs=$(echo $inside $outside | wc -w)
"$FLOW" -j "$njobs" >../first.out 2>../first.err &
pid=$!
i=0
written() {
	for f; do [ -s "$f" ] || return 1; done
}
until [ "$(pgrep -f "sleep $MARK" | wc -l)" -eq "$njobs" ] && written $inside $outside; do
	i=$((i + 1))
	[ $i -le 200 ] || { fail "the jobs did not start"; kill -KILL $pid $(pgrep -f "sleep $MARK"); pass; }
	sleep 0.05
done
kill -9 $pid
wait $pid 2>/dev/null
# The precious files, where the interrupted jobs' outputs were.
for f in $outside data/in.txt other.txt; do echo precious > "$f"; done
rm -r dir
mkdir ../ext
echo precious > ../ext/x.txt
ln -s ../ext dir
# Now data/in.txt is a source, other.txt is made by rule b, and dir/x.txt lies behind a
# link out of the project, where no rule may make a file, so only recovery could touch it.
cat > Flowfile <<'FLOW'
rule all:
    input: "use.txt", "other.txt", "plain.txt"
rule use:
    input: "data/in.txt"
    output: "use.txt"
    shell: "cat {input} > {output}"
rule b:
    input: "gate.txt"
    output: "other.txt"
    shell: "echo b > {output}"
rule gate:
    output: "gate.txt"
    shell: "exit 1"
rule plain:
    output: "plain.txt"
    shell: "echo plain > {output}"
FLOW
run_flow -k -j 2
assert_rc 1
for f in $outside data/in.txt use.txt other.txt ../ext/x.txt; do
	assert_content "$f" precious
done
assert_content plain.txt plain
for f in $outside; do
	assert_err "flow: warning: kept '$f', named by the interrupted job's record: it is outside the project directory"
done
assert_err "flow: warning: kept 'data/in.txt', named by the interrupted job's record: it is a source"
assert_err "flow: warning: kept 'other.txt', named by the interrupted job's record: another job makes it"
assert_err "flow: warning: kept 'dir/x.txt', named by the interrupted job's record: no job of this run's graph makes it"
assert_err "flow: job 'plain' was interrupted last time"
assert_not_err "kept 'plain.txt'"
if pgrep -f "sleep $MARK" >/dev/null; then
	fail "jobs of the killed flow are still running"
	kill -KILL $(pgrep -f "sleep $MARK")
fi
[ -n "$outside" ] || echo "$TEST_NAME: outputs outside the project are refused: those cases left out" >&2
cd .. || exit 99
pass
