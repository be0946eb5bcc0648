#!/bin/sh
# Usage errors start with "flow: error:" like every error without a place in a Flowfile
# (not with getopt's own message naming the binary by its path).
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

: > Flowfile
for args in "--bogus" "-j 0" "-C nodir" "--resources mem=1X" "--dag=svg"; do
	# shellcheck disable=SC2086
	run_flow $args
	assert_rc 2
	head -n 1 err.txt | grep -q '^flow: error: ' \
		|| fail "flow $args: first line of stderr does not start with 'flow: error: '"
done
pass
