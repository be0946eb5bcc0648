#!/bin/sh
# A diamond-shaped graph gives the same results with -j 1 and -j 2; with -j 1 jobs never
# overlap, with -j 2 the two independent slow jobs do.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

cat > Flowfile <<'FLOW'
rule all:
    input: "final.txt"
rule base:
    output: "base.txt"
    shell: "echo base > {output}"
rule branch:
    input: "base.txt"
    output: "branch_{b}.txt"
    shell: """
        if mkdir running.d 2>/dev/null; then :; else echo overlap >> overlaps; fi
        sleep 0.3
        rmdir running.d 2>/dev/null || true
        {{ cat {input}; echo {wildcards.b}; }} > {output}
    """
rule final:
    input: "branch_l.txt", "branch_r.txt"
    output: "final.txt"
    shell: "cat {input} > {output}"
FLOW
for j in 1 2; do
	rm -rf base.txt branch_*.txt final.txt overlaps running.d .flow
	run_flow -q -j $j
	assert_rc 0
	assert_content final.txt "base
l
base
r"
	if [ $j = 1 ]; then assert_no_file overlaps; else assert_file overlaps; fi
done
pass
