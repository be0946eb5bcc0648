#!/bin/sh
# Overrides apply in any order: every use of an overridden variable, variables defined
# from it included, sees the new value, whichever override comes first on the command line.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

cat > Flowfile <<'FLOW'
Y = "old"
W = Y
X = W
L = ["a"]
M = expand("{s}", s = L)
rule all:
    output: "made.txt"
    params: w = W, x = X, m = M
    shell: "echo {params.w} {params.x} {params.m} > {output}"
FLOW
run_flow -q X=foo Y=new
assert_rc 0
assert_content made.txt "new foo a"
rm made.txt
run_flow -q Y=new X=foo
assert_rc 0
assert_content made.txt "new foo a"
rm made.txt
run_flow -q M=z L=b,c
assert_rc 0
assert_content made.txt "old old z"
rm made.txt
run_flow -q W=w L=b,c
assert_rc 0
assert_content made.txt "w w b c"
pass
