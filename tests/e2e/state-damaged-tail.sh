#!/bin/sh
# A damaged tail of .flow/state (cut short by a crash, garbage appended, a flipped byte in
# the last record) is reported once, as a warning, and ignored: the jobs it described run
# again, the outputs come out right, and the next run neither warns nor reruns.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

chain_project
warnings() { grep -c 'warning' err.txt; }
# check_clean: the next run warns about nothing and runs nothing.
check_clean() {
	run_flow -j 1
	assert_rc 0
	[ ! -s err.txt ] || fail "$1: the run after the repair printed on stderr"
	assert_out "flow: nothing to do"
	assert_ran ""
	assert_content final.txt "$(printf 'HELLO\nWORLD')"
}
run_flow -j 1
assert_rc 0
assert_ran "join up-s1 up-s2"
# Keep a good copy of the store.
cp .flow/state good

# 1. Cut short inside join's result (the last record naming it), as a crash while
# writing it would: that result and everything after it is lost, its start record
# remains.
off=$(grep -abo 'join >> ran.log' good | tail -n 1 | cut -d: -f1)
[ -n "$off" ] || fail "join's result is not in the store"
head -c $((off + 4)) good > .flow/state
run_flow -n
assert_rc 0
[ "$(warnings)" -eq 1 ] || fail "truncated: -n warned $(warnings) times"
assert_err "flow: warning: .flow/state:"
assert_err "jobs they describe will rerun"
assert_out "would run join:"
assert_out "flow: 1 of 3 jobs would run"
run_flow -j 1
assert_rc 0
[ "$(warnings)" -eq 1 ] || fail "truncated: the run warned $(warnings) times"
assert_ran "join"
assert_content final.txt "$(printf 'HELLO\nWORLD')"
check_clean "truncated"

# 2. Garbage appended after intact records: nothing is lost, nothing reruns.
cp .flow/state good
cp good .flow/state
printf 'this is not a record\001\002\003' >> .flow/state
run_flow -j 1
assert_rc 0
[ "$(warnings)" -eq 1 ] || fail "garbage: the run warned $(warnings) times"
assert_err "ignoring the last"
assert_ran ""
check_clean "garbage"

# 3. A byte of the last record flipped (its checksum no longer matches).
cp .flow/state good
size=$(wc -c < good)
printf 'X' | dd of=.flow/state bs=1 seek=$((size - 3)) conv=notrunc 2>/dev/null
cmp -s good .flow/state && fail "the byte was not changed"
run_flow -j 1
assert_rc 0
[ "$(warnings)" -eq 1 ] || fail "flipped byte: the run warned $(warnings) times"
assert_content final.txt "$(printf 'HELLO\nWORLD')"
rm -f ran.log
check_clean "flipped byte"

# 4. Not a state file at all: reported once, the state starts afresh, the outputs
# (newer than their inputs) are adopted and nothing runs.
echo 'something else entirely' > .flow/state
run_flow -j 1
assert_rc 0
[ "$(warnings)" -eq 1 ] || fail "foreign file: the run warned $(warnings) times"
assert_err "is not a flow state file"
assert_ran ""
check_clean "foreign file"
pass
