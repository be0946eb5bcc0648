#!/bin/sh
# A rule with a shell command but no output is an error (the command must not run).
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

cat > Flowfile <<'FLOW'
rule side_effect:
    input: "a.txt"
    shell: "touch ran.txt"
FLOW
touch a.txt
run_flow
assert_rc 2
assert_no_file ran.txt
cat > expected <<'EOF2'
Flowfile:1:6: error: rule 'side_effect' has a shell command but no output
    1 | rule side_effect:
      |      ^
      = hint: declare what it makes with output: "..."
EOF2
assert_err_exact expected
pass
