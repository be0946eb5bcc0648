#!/bin/sh
# Read-only modes (-n, --why, --summary, --provenance, --dag, --list) neither take nor
# wait for the lock, and create nothing in .flow: a run started beside them is not
# refused, and they succeed beside a running flow, reading the state as it is (a record
# it is appending not yet seen, never "repaired").
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

cat > Flowfile <<'FLOW'
rule all:
    input: "slow.txt"
rule fast:
    output: "fast.txt"
    shell: "echo fast > {output}"
rule slow:
    input: "fast.txt"
    output: "slow.txt"
    shell: "echo slow >> ran.log; sleep 3; echo done > {output}"
FLOW
modes() {
	for args in "-n" "--why" "--summary" "--dag" "--list"; do
		# shellcheck disable=SC2086
		run_flow $args
		assert_rc 0
		[ ! -s err.txt ] || fail "flow $args wrote to stderr"
	done
}
# Before any run: nothing is created.
modes
run_flow --provenance fast.txt
assert_rc 1
assert_no_file .flow

# While a run holds the lock.
"$FLOW" -j 1 > first.out 2> first.err &
first=$!
i=0
while [ ! -s ran.log ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
[ -s ran.log ] || fail "the first flow did not start its job"
note=$(cat .flow/lock)
lock_id=$(stat -c '%i %Y %s' .flow/lock)
modes
run_flow -n
assert_out "would run slow: interrupted last time"
run_flow --provenance fast.txt
assert_rc 0
assert_out "rule      fast"
# A record the running flow is half-way through appending (here, the start of one) is not
# yet seen: no warning, and the file is left as it is.
size=$(wc -c < .flow/state)
printf '\100\000\000\000\001\002' >> .flow/state
for args in "-n" "--summary"; do
	# shellcheck disable=SC2086
	run_flow $args
	assert_rc 0
	[ ! -s err.txt ] || fail "flow $args beside a half-appended record wrote to stderr"
done
[ "$(wc -c < .flow/state)" -eq $((size + 6)) ] || fail "a read-only flow changed the state"
truncate -s "$size" .flow/state
[ "$(cat .flow/lock)" = "$note" ] || fail "the lock note changed under the running flow"
[ "$(stat -c '%i %Y %s' .flow/lock)" = "$lock_id" ] || fail "the lock file was touched"
wait $first
rc=$?
[ $rc -eq 0 ] || fail "the first flow exited $rc"

# A run started while a dry run is at work is not refused: the dry run holds no lock.
cat > Flowfile <<'FLOW'
rule all:
    input: "b.txt"
rule b:
    output: "b.txt"
    shell: "echo b > {output}"
FLOW
rm -rf .flow
"$FLOW" -n > dry.out 2> dry.err &
dry=$!
run_flow
assert_rc 0
assert_content b.txt b
wait $dry
pass
