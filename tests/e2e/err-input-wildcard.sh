#!/bin/sh
# A wildcard used in an input pattern must appear in the outputs.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

cat > Flowfile <<'FLOW'
rule align:
    input: "reads/{sample}_{lane}.fq"
    output: "work/{sample}.bam"
    shell: "touch ran.txt {output}"
FLOW
run_flow work/a.bam
assert_rc 2
assert_no_file ran.txt
cat > expected <<'EOF2'
Flowfile:2:28: error: wildcard '{lane}' in input of rule 'align' is not in its outputs
    2 |     input: "reads/{sample}_{lane}.fq"
      |                            ^
      = hint: the rule's wildcards are those of its outputs, e.g. '{sample}'
EOF2
assert_err_exact expected
pass
