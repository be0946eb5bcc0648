#!/bin/sh
# A job that reruns starts without its previous outputs: a command that appends (>>) to
# its output, or skips an output that exists, makes the same files as a clean run.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

cat > Flowfile <<'FLOW'
rule all:
    input: "log.txt", "skip.txt"
rule append:
    input: "src.txt"
    output: "log.txt"
    shell: "cat {input} >> {output}"
rule skip:
    input: "src.txt"
    output: "skip.txt"
    shell: "[ -e {output} ] || cp {input} {output}"
FLOW
echo one > src.txt
run_flow -q
assert_rc 0
assert_content log.txt one
assert_content skip.txt one
echo two > src.txt
run_flow -q
assert_rc 0
assert_content log.txt two
assert_content skip.txt two
# also when forced
run_flow -q --force
assert_rc 0
assert_content log.txt two
assert_content skip.txt two
pass
