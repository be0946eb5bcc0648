#!/bin/sh
# Options, overrides and targets may come in any order (getopt permutes them), and after
# "--" every argument is a target: a file named "-n.txt" is made with `flow -- -n.txt`.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

cat > Flowfile <<'FLOW'
rule make:
    output: "{x}.txt"
    shell: "printf '%s\\n' {wildcards.x} > {output}"
FLOW
run_flow -q -- -z.txt -n.txt
assert_rc 0
assert_content ./-z.txt -z
assert_content ./-n.txt -n

# An option after a target still counts: this is a dry run and makes nothing.
run_flow a.txt -n
assert_rc 0
assert_out "would run make x=a: missing output 'a.txt'"
assert_no_file a.txt
pass
