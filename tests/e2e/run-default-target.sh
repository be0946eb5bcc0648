#!/bin/sh
# Without targets, flow makes the first rule of the Flowfile (after includes are spliced),
# and nothing else.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

cat > Flowfile <<'FLOW'
X = 1
rule first:
    input: "b.txt"
    output: "a.txt"
    shell: "cat {input} > {output}; echo a >> {output}"
rule second:
    output: "b.txt"
    shell: "echo b > {output}"
rule third:
    output: "c.txt"
    shell: "echo c > {output}"
FLOW
run_flow -q
assert_rc 0
assert_content a.txt "b
a"
assert_no_file c.txt
pass
