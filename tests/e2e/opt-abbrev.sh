#!/bin/sh
# Long options may be shortened to any unique prefix, as flow(1) says (GNU getopt_long);
# an ambiguous prefix is refused.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

cat > Flowfile <<'FLOW'
rule a:
    output: "a.txt"
    container: "localhost/no-such-image:1"
    shell: "touch {output}"
FLOW
run_flow --dry
assert_rc 0
assert_out "would run a: missing output 'a.txt'"
assert_no_file a.txt

run_flow --con=off --dir=. -q
assert_rc 0
assert_file a.txt

# --for could be --force or --forceall
run_flow --for
assert_rc 2
assert_err "flow: error: unknown option '--for' (try 'flow --help')"

run_flow --help
assert_out "Long options may be shortened to any unique prefix"
pass
