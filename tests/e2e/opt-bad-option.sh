#!/bin/sh
# An unknown option, or a bad value for one, is a usage error: exit 2, a pointer to
# --help, and nothing run.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

cat > Flowfile <<'FLOW'
rule a:
    output: "a.txt"
    shell: "touch {output}"
FLOW
run_flow --bogus
assert_rc 2
assert_no_file a.txt
assert_err "flow: error: unknown option '--bogus' (try 'flow --help')"
[ -s out.txt ] && fail "stdout is not empty"

run_flow -Z
assert_rc 2
assert_no_file a.txt
assert_err "flow: error: unknown option '-Z' (try 'flow --help')"

for bad in 0 -1 x; do
	run_flow -j "$bad"
	assert_rc 2
	assert_no_file a.txt
	assert_err "-j wants a number of at least 1, not '$bad'"
done

run_flow -j
assert_rc 2
assert_no_file a.txt
pass
