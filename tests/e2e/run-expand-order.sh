#!/bin/sh
# expand() gives the Cartesian product in argument order, the first name varying slowest;
# a scalar (string or integer) counts as one value; {{ }} give single braces in the
# result, so {{{{ }}}} end as literal braces in a params pattern.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

cat > Flowfile <<'FLOW'
E = expand("{b}-{a}-{c}", a = ["1", "2"], b = ["x", "y", "z"], c = 7)
K = expand("{{{{sample}}}}.{ext}", ext = ["bam", "bai"])
rule all:
    output: "result.txt"
    params: e = E, k = K
    shell: "printf '%s\n' {params.e} > {output}; echo '{params.k}' >> {output}"
FLOW
run_flow -q
assert_rc 0
assert_content result.txt "x-1-7
y-1-7
z-1-7
x-2-7
y-2-7
z-2-7
{sample}.bam {sample}.bai"
pass
