#!/bin/sh
# Overriding a variable the Flowfile does not define is an error (exit 2), with a
# "did you mean"; nothing runs.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

cat > Flowfile <<'FLOW'
SAMPLES = ["a"]
rule all:
    output: "x.txt"
    shell: "touch {output}"
FLOW
run_flow SAMPLE=b
assert_rc 2
assert_no_file x.txt
cat > expected <<'EOF2'
flow: error: no variable 'SAMPLE' in the Flowfile to set from the command line (did you mean 'SAMPLES'?)
EOF2
assert_err_exact expected

run_flow ZZZZZZ=1
assert_rc 2
assert_no_file x.txt
cat > expected <<'EOF2'
flow: error: no variable 'ZZZZZZ' in the Flowfile to set from the command line
EOF2
assert_err_exact expected
pass
