#!/bin/sh
# A NUL byte is an error anywhere in a Flowfile, a comment included, reported at its own
# line and column; the source line is shown whole, the NUL as the symbol U+2400.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

printf 'rule a:\n    output: "a.txt" # made \000 here\n    shell: "touch ran.txt a.txt"\n' > Flowfile
run_flow
assert_rc 2
assert_no_file ran.txt
printf 'Flowfile:2:28: error: NUL byte in comment\n    2 |     output: "a.txt" # made \342\220\200 here\n      |                            ^\n' > expected
assert_err_exact expected

# Between tokens and in a string as well; every one is reported at its position.
printf 'X = 1 \000\nY = "a\000b"\n' > Flowfile
run_flow --list
assert_rc 2
assert_err 'Flowfile:1:7: error: unexpected NUL byte'
assert_err 'Flowfile:2:7: error: NUL byte in string'
assert_err 'flow: 2 errors'
pass
