#!/bin/sh
# All outputs of a rule must use the same set of wildcards.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

cat > Flowfile <<'FLOW'
rule split:
    output: "a/{x}.txt", "b/{x}.{y}.txt"
    shell: "touch ran.txt {output}"
FLOW
run_flow a/1.txt
assert_rc 2
assert_no_file ran.txt
cat > expected <<'EOF2'
Flowfile:2:33: error: wildcard '{y}' is not in the first output of rule 'split'
    2 |     output: "a/{x}.txt", "b/{x}.{y}.txt"
      |                                 ^
      = hint: all outputs of a rule must use the same wildcards
EOF2
assert_err_exact expected
pass
