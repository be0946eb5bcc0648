#!/bin/sh
# A file named on the command line is made, with only the jobs it needs; several targets
# may be given; ./NAME and a/./b forms name the same file.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

cat > Flowfile <<'FLOW'
rule all:
    input: "out/a.txt", "out/b.txt", "out/c.txt"
rule make:
    output: "out/{x}.txt"
    shell: "echo {wildcards.x} > {output}"
FLOW
run_flow -q out/b.txt
assert_rc 0
assert_content out/b.txt b
assert_no_file out/a.txt
assert_no_file out/c.txt
run_flow -q ./out/a.txt out//c.txt
assert_rc 0
assert_content out/a.txt a
assert_content out/c.txt c
# a name with = after a name is an override unless written with a directory
run_flow -q ./out/x=1.txt
assert_rc 0
assert_content out/x=1.txt x=1
pass
