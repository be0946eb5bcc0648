#!/bin/sh
# A "..." string that reaches the end of its line is an error at its opening quote.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

cat > Flowfile <<'FLOW'
rule a:
    output: "a.txt
    shell: "touch ran.txt a.txt"
FLOW
run_flow
assert_rc 2
assert_no_file ran.txt
cat > expected <<'EOF2'
Flowfile:2:13: error: unterminated string
    2 |     output: "a.txt
      |             ^
EOF2
assert_err_exact expected
pass
