#!/bin/sh
# NAME=value on the command line replaces a top-level variable, taking its type: a string,
# an integer, a comma-separated list; everything computed from it (expand, other
# variables) sees the new value.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

cat > Flowfile <<'FLOW'
GREETING = "hello"
N = 3
SAMPLES = ["a", "b"]
FILES = expand("out/{s}.txt", s = SAMPLES)
rule all:
    input: FILES, "info.txt"
rule one:
    output: "out/{s}.txt"
    shell: "echo {wildcards.s} > {output}"
rule info:
    output: "info.txt"
    params: g = GREETING, n = N, s = SAMPLES
    shell: "echo '{params.g}' {params.n} {params.s} > {output}"
FLOW
run_flow -q
assert_rc 0
assert_content info.txt "hello 3 a b"
assert_file out/a.txt
assert_file out/b.txt

rm -rf out info.txt
run_flow -q GREETING="good day" N=42 SAMPLES=x,y,z
assert_rc 0
assert_content info.txt "good day 42 x y z"
assert_content out/x.txt x
assert_content out/z.txt z
assert_no_file out/a.txt

# An integer variable takes only an integer.
rm info.txt
run_flow -q N=many
assert_rc 2
assert_no_file info.txt
cat > expected <<'EOF2'
flow: error: variable 'N' is an integer; 'many' is not
EOF2
assert_err_exact expected
pass
