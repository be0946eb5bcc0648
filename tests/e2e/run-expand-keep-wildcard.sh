#!/bin/sh
# {{ and }} in the pattern of expand() keep a wildcard in the result (Snakemake's meaning):
# expand("{{sample}}.{ext}", ext = ["a", "b"]) gives "{sample}.a", "{sample}.b", which an
# input then fills from the rule's wildcards. Braces in the values stay literal.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

mkdir raw
for s in x y; do for l in 1 2; do echo "$s$l" > "raw/${s}_L$l.fq"; done; done
echo brace > 'raw/{b}.fq'
cat > Flowfile <<'FLOW'
rule all:
    input: "work/x.fq", "work/y.fq", "lit.txt"
rule merge:
    input: expand("raw/{{sample}}_L{lane}.fq", lane = [1, 2])
    output: "work/{sample,[A-Za-z0-9_]+}.fq"
    shell: "cat {input} > {output}"
rule lit:
    input: expand("raw/{name}.fq", name = "{b}")
    output: "lit.txt"
    shell: "cat {input} > {output}"
FLOW
run_flow -q
assert_rc 0
assert_content work/x.fq "x1
x2"
assert_content work/y.fq "y1
y2"
assert_content lit.txt brace

# In a rule without that wildcard, the kept {sample} is an error like one written by hand.
cat > Flowfile <<'FLOW'
rule all:
    output: "all.txt"
    params: p = expand("{{sample}}.{ext}", ext = ["a", "b"])
    shell: "touch {output}"
FLOW
run_flow -n
assert_rc 2
assert_err "error: wildcard '{sample}' in params of rule 'all' is not in its outputs"
pass
