#!/bin/sh
# A file name that starts with '-' is placed into a command as "./-...", so that the
# command does not take it for an option: wc -c {input} with the input '--help.txt'
# counts the file instead of printing wc's help. The same holds for outputs and logs.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

printf 'abc\n' > ./--help.txt
cat > Flowfile <<'FLOW'
rule count:
    input: "--help.txt"
    output: "-n.out"
    log: "-v.log"
    shell: "wc -c {input} > {output}; echo {input} {output} {log} {input[0]} > {log}"
FLOW
run_flow -q ./-n.out
assert_rc 0
assert_content ./-n.out '4 ./--help.txt'
assert_content ./-v.log './--help.txt ./-n.out ./-v.log ./--help.txt'
pass
