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
assert_err "flow: error: option '-j' needs a value (try 'flow --help')"

# An unknown letter inside a cluster is named as that letter, never as argv[0] or as the
# argument before it.
for args in "-x.txt" "--quiet -x.txt" "-kx"; do
	run_flow $args
	assert_rc 2
	assert_no_file a.txt
	assert_err "flow: error: unknown option '-x' (try 'flow --help')"
	assert_not_err "$FLOW"
	assert_not_err "'--quiet'"
done
run_flow -kj
assert_rc 2
assert_err "flow: error: option '-j' needs a value (try 'flow --help')"
run_flow --file
assert_rc 2
assert_err "flow: error: option '--file' needs a value (try 'flow --help')"
run_flow --bogus=1
assert_rc 2
assert_err "flow: error: unknown option '--bogus' (try 'flow --help')"

# --recursive only means something with --provenance.
run_flow --recursive
assert_rc 2
assert_no_file a.txt
assert_err "flow: error: --recursive goes with --provenance"
run_flow --recursive -n
assert_rc 2
assert_err "flow: error: --recursive goes with --provenance"
pass
