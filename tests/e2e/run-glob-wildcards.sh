#!/bin/sh
# glob_wildcards() gives the sorted, unique values of the wildcard among existing files
# ({s} within one path component, {p,.+} across /, .flow/ not searched); with several
# wildcards the second argument picks one.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

mkdir -p data/sub raw .flow
for f in data/zeta.txt data/alpha.txt data/mid.txt data/sub/deep.txt data/alpha.csv \
	raw/s2_L1.fq raw/s1_L2.fq raw/s1_L1.fq raw/s3_Lx.fq .flow/hidden.dat top.dat data/sub/x.dat; do
	: > "$f"
done
cat > Flowfile <<'FLOW'
S = glob_wildcards("data/{s}.txt")
D = glob_wildcards("data/{p,.+}.txt")
ALL = glob_wildcards("{p,.+}.dat")
LANES = glob_wildcards("raw/{sample}_L{lane,[0-9]+}.fq", "lane")
SAMP = glob_wildcards("raw/{sample}_L{lane,[0-9]+}.fq", "sample")
NONE = glob_wildcards("nowhere/{x}.txt")
rule all:
    output: "out.list"
    params: s = S, d = D, a = ALL, l = LANES, sa = SAMP, n = NONE
    shell: "printf '%s\n' '{params.s}' '{params.d}' '{params.a}' '{params.l}' '{params.sa}' '{params.n}' > {output}"
FLOW
run_flow -q
assert_rc 0
assert_content out.list "alpha mid zeta
alpha mid sub/deep zeta
data/sub/x top
1 2
s1 s2"

# The values drive the jobs: one per existing file.
cat > Flowfile <<'FLOW'
SAMPLES = glob_wildcards("data/{sample}.txt")
rule all:
    input: expand("done/{s}", s = SAMPLES)
rule one:
    input: "data/{s}.txt"
    output: "done/{s}"
    shell: "touch {output}"
FLOW
run_flow -q
assert_rc 0
[ "$(ls done | tr '\n' ' ')" = "alpha mid zeta " ] || fail "done/ holds $(ls done)"
pass
