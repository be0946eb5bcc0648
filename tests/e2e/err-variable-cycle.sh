#!/bin/sh
# A variable that refers to itself, directly or through others, is an error.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

cat > Flowfile <<'FLOW'
A = ["x", B]
B = C
C = A
rule make:
    output: "x.txt"
    params: a = A
    shell: "touch ran.txt {output}"
FLOW
run_flow
assert_rc 2
assert_no_file ran.txt
cat > expected <<'EOF2'
Flowfile:3:5: error: variable 'A' refers to itself
    3 | C = A
      |     ^
EOF2
assert_err_exact expected

cat > Flowfile <<'FLOW'
N = N
rule make:
    output: "x.txt"
    shell: "touch ran.txt {output}"
FLOW
run_flow
assert_rc 2
assert_no_file ran.txt
cat > expected <<'EOF2'
Flowfile:1:5: error: variable 'N' refers to itself
    1 | N = N
      |     ^
EOF2
assert_err_exact expected
pass
