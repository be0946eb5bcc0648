#!/bin/sh
# glob_wildcards() of a pattern with several wildcards needs the name of the one to collect.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

mkdir raw; touch raw/s1_L1.fq
cat > Flowfile <<'FLOW'
LANES = glob_wildcards("raw/{sample}_L{lane}.fq")
rule make:
    output: "x.txt"
    params: l = LANES
    shell: "touch ran.txt {output}"
FLOW
run_flow
assert_rc 2
assert_no_file ran.txt
cat > expected <<'EOF2'
Flowfile:1:9: error: pattern 'raw/{sample}_L{lane}.fq' has 2 wildcards: name the one to collect, e.g. glob_wildcards("raw/{sample}_L{lane}.fq", "sample")
    1 | LANES = glob_wildcards("raw/{sample}_L{lane}.fq")
      |         ^
EOF2
assert_err_exact expected
pass
