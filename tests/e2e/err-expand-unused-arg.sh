#!/bin/sh
# An expand() argument whose name the pattern does not use is an error at the argument.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

cat > Flowfile <<'FLOW'
FILES = expand("{s}.txt", s = ["a"], ext = "bam")
rule make:
    output: "x.txt"
    params: f = FILES
    shell: "touch ran.txt {output}"
FLOW
run_flow
assert_rc 2
assert_no_file ran.txt
cat > expected <<'EOF2'
Flowfile:1:38: error: expand() argument 'ext' is not used in the pattern '{s}.txt'
    1 | FILES = expand("{s}.txt", s = ["a"], ext = "bam")
      |                                      ^
EOF2
assert_err_exact expected
pass
