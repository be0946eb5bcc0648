#!/bin/sh
# A key given twice in one rule is an error at the second, with a note at the first.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

cat > Flowfile <<'FLOW'
rule copy:
    input: "a.txt"
    output: "b.txt"
    input: "c.txt"
    shell: "cp {input} {output}"
FLOW
touch a.txt c.txt
run_flow
assert_rc 2
assert_no_file b.txt
cat > expected <<'EOF2'
Flowfile:4:5: error: duplicate key 'input' in rule 'copy'
    4 |     input: "c.txt"
      |     ^
Flowfile:2:5: note: 'input' first given here
    2 |     input: "a.txt"
      |     ^
EOF2
assert_err_exact expected
pass
