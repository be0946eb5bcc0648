#!/bin/sh
# A rule with output but no shell command is an error at the rule's name.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

cat > Flowfile <<'FLOW'
rule all:
    input: "b.txt"
rule make_b:
    output: "b.txt"
FLOW
run_flow
assert_rc 2
cat > expected <<'EOF2'
Flowfile:3:6: error: rule 'make_b' has output but no shell command
    3 | rule make_b:
      |      ^
EOF2
assert_err_exact expected
pass
