#!/bin/sh
# Recovery after a crash removes only what it may: of the paths a dead flow's start records
# name, only declared outputs of the same job in the current graph, inside the project.
# Here flow is killed (kill -9) while five jobs run; then the Flowfile changes, and files
# that are precious now stand where the jobs' outputs were: a file outside the project
# (an output '../outside.txt' no rule makes any more), a source, a file another rule now
# makes, and a file reached through a directory that became a link out of the project. All
# survive the next flow, which says why it kept each; a real interrupted output is removed.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

MARK="60.$$$(date +%S)9"
mkdir p
cd p || exit 99
cat > Flowfile <<FLOW
rule all:
    input: "../outside.txt", "data/in.txt", "other.txt", "dir/x.txt", "plain.txt"
rule escape:
    output: "../outside.txt"
    shell: "echo partial > {output}; sleep $MARK"
rule src:
    output: "data/in.txt"
    shell: "echo partial > {output}; sleep $MARK"
rule a:
    output: "other.txt"
    shell: "echo partial > {output}; sleep $MARK"
rule linked:
    output: "dir/x.txt"
    shell: "echo partial > {output}; sleep $MARK"
rule plain:
    output: "plain.txt"
    shell: "echo partial > {output}; sleep $MARK"
FLOW
"$FLOW" -j 5 >../first.out 2>../first.err &
pid=$!
i=0
until [ -s ../outside.txt ] && [ -s data/in.txt ] && [ -s other.txt ] && [ -s dir/x.txt ] && [ -s plain.txt ] &&
	[ "$(pgrep -f "sleep $MARK" | wc -l)" -eq 5 ]; do
	i=$((i + 1))
	[ $i -le 200 ] || { fail "the jobs did not start"; kill -KILL $pid $(pgrep -f "sleep $MARK"); pass; }
	sleep 0.05
done
kill -9 $pid
wait $pid 2>/dev/null
# The precious files, where the interrupted jobs' outputs were.
echo precious > ../outside.txt
echo precious > data/in.txt
echo precious > other.txt
rm -r dir
mkdir ../ext
echo precious > ../ext/x.txt
ln -s ../ext dir
# Now data/in.txt is a source, other.txt is made by rule b, and rule linked (still in the
# graph) waits for a job that fails, so only recovery could touch dir/x.txt.
cat > Flowfile <<'FLOW'
rule all:
    input: "use.txt", "other.txt", "dir/x.txt", "plain.txt"
rule use:
    input: "data/in.txt"
    output: "use.txt"
    shell: "cat {input} > {output}"
rule b:
    input: "gate.txt"
    output: "other.txt"
    shell: "echo b > {output}"
rule linked:
    input: "gate.txt"
    output: "dir/x.txt"
    shell: "echo linked > {output}"
rule gate:
    output: "gate.txt"
    shell: "exit 1"
rule plain:
    output: "plain.txt"
    shell: "echo plain > {output}"
FLOW
run_flow -k -j 2
assert_rc 1
assert_content ../outside.txt precious
assert_content data/in.txt precious
assert_content use.txt precious
assert_content other.txt precious
assert_content ../ext/x.txt precious
assert_content plain.txt plain
assert_err "flow: warning: kept '../outside.txt', named by the interrupted job's record: it is outside the project directory"
assert_err "flow: warning: kept 'data/in.txt', named by the interrupted job's record: it is a source"
assert_err "flow: warning: kept 'other.txt', named by the interrupted job's record: another job makes it"
assert_err "flow: warning: kept 'dir/x.txt', named by the interrupted job's record: a directory on its way is a symbolic link"
assert_err "flow: job 'plain' was interrupted last time"
assert_not_err "kept 'plain.txt'"
if pgrep -f "sleep $MARK" >/dev/null; then
	fail "jobs of the killed flow are still running"
	kill -KILL $(pgrep -f "sleep $MARK")
fi
cd .. || exit 99
pass
