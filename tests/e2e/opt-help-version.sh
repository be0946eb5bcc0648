#!/bin/sh
# --help prints a usage summary on stdout and --version the version; both exit 0 and need
# no Flowfile.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

run_flow --help
assert_rc 0
head -n 1 out.txt | grep -qx 'usage: flow \[options\] \[NAME=value...\] \[target...\]' || fail "first line of --help"
for o in -j -k -n -p -q -f -C --resources --dag --list --help --version; do
	grep -qF -- "$o" out.txt || fail "--help does not mention $o"
done
[ -s err.txt ] && fail "stderr is not empty"
run_flow -h
assert_rc 0
assert_out "usage: flow"

run_flow --version
assert_rc 0
grep -qx 'flow [0-9][0-9.]*' out.txt || fail "--version prints '$(cat out.txt)'"
[ -s err.txt ] && fail "stderr is not empty"
pass
