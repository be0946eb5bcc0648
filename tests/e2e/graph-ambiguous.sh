#!/bin/sh
# Two rules of the same priority that can both make a needed file are an error.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

cat > Flowfile <<'FLOW'
rule all:
    input: "x.txt"
rule any:
    output: "{n}.txt"
    shell: "touch ran.txt; echo any > {output}"
rule xs:
    output: "x.{ext}"
    shell: "touch ran.txt; echo xs > {output}"
FLOW
run_flow
assert_rc 2
assert_no_file ran.txt
assert_no_file x.txt
cat > expected <<'EOF2'
Flowfile:6:6: error: rules 'any' and 'xs' can both make 'x.txt'
    6 | rule xs:
      |      ^
Flowfile:3:6: note: rule 'any' is here
    3 | rule any:
      |      ^
      = hint: give one of them a higher priority, or constrain its wildcards
EOF2
assert_err_exact expected
pass
