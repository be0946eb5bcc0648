#!/bin/sh
# expand() with a {name} in its pattern but no argument of that name is an error at the
# brace; {{name}} keeps the wildcard instead, which the rule then fills.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

cat > Flowfile <<'FLOW'
FILES = expand("{sample}.{ext}", ext = ["bam", "bai"])
rule make:
    output: "x.txt"
    params: f = FILES
    shell: "touch ran.txt {output}"
FLOW
run_flow
assert_rc 2
assert_no_file ran.txt
cat > expected <<'EOF2'
Flowfile:1:17: error: expand() has no values for '{sample}'
    1 | FILES = expand("{sample}.{ext}", ext = ["bam", "bai"])
      |                 ^
      = hint: give them as sample = [...], or write {{sample}} to keep it a wildcard
EOF2
assert_err_exact expected

cat > Flowfile <<'FLOW'
FILES = expand("{{sample}}.{ext}", ext = ["bam", "bai"])
rule make:
    output: "{sample}.x"
    params: f = FILES
    shell: "echo {params.f} > {output}"
FLOW
run_flow -q s1.x
assert_rc 0
assert_content s1.x "s1.bam s1.bai"
pass
