#!/bin/sh
# After non-ASCII characters (allowed in strings and comments) the caret still stands
# under the right character: a UTF-8 character takes one column, whatever its bytes.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

printf 'X = ["\303\251", NOPE]\nrule a:\n    output: "a.txt"\n    shell: "touch {output}"\n' > Flowfile
run_flow
assert_rc 2
assert_err "error: undefined variable 'NOPE'"
assert_err '    1 | X = ["é", NOPE]'
grep -qx '      |           ^' err.txt || fail "the caret is not under the N of NOPE"
pass
