#!/bin/sh
# Coming back from Argo: the exported jobs' commands, run as the pods would (argo.py run,
# in the document's dependency order), leave outputs that the next flow adopts, recording
# them, with nothing due; a job that failed on the cluster, or whose output is gone, is
# due with its downstream, and only those. Values that need quoting survive the way.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"
ARGO="$FLOW_SRCDIR/tests/argo"
python3 -c 'import yaml' 2>/dev/null || skip "python3-yaml is needed"

cat > Flowfile <<'FLOW'
SAMPLES = ["s1", "it's s2"]
rule all:
    input: "final.txt"
rule up:
    input: "data/{s}.txt"
    output: "work/{s}.up"
    params:
        tag = "a \"b\" $c"
    shell: "echo up >> ran.log; tr a-z A-Z < {input} > {output}; echo {params.tag} >> {output}; test ! -e fail-{wildcards.s}"
rule join:
    input: expand("work/{s}.up", s = SAMPLES)
    output: "final.txt"
    shell: "echo join >> ran.log; cat {input} > {output}"
rule other:
    input: "data/s1.txt"
    output: "other.txt"
    shell: "echo other >> ran.log; cp {input} {output}"
FLOW
mkdir data; echo a > data/s1.txt; echo b > "data/it's s2.txt"
export_run() {
	"$FLOW" --containers=off --export=argo,pvc=w,image=debian:12 all other.txt >wf.yaml 2>err.txt
	rc=$?; assert_rc 0
	python3 "$ARGO/argo.py" run wf.yaml >out.txt 2>>err.txt
	rc=$?
}

# Everything runs on the "cluster"; flow then has nothing to run and adopts all four.
export_run
assert_rc 0
assert_content "work/it's s2.up" "$(printf 'B\na "b" $c')"
assert_content final.txt "$(printf 'A\na "b" $c\nB\na "b" $c')"
run_flow --containers=off all other.txt -n
assert_rc 0; assert_out "flow: 0 of 4 jobs would run, 4 would be adopted"
rm -f ran.log
run_flow --containers=off all other.txt
assert_rc 0; assert_ran ""
run_flow --containers=off all other.txt -n
assert_out "flow: 0 of 4 jobs would run"
assert_not_out "would run "; assert_not_out "would adopt"

# One output removed: exactly its job and the job downstream are due.
rm work/s1.up
run_flow --containers=off all other.txt -n
assert_out "would run up s=s1: missing output 'work/s1.up'"
assert_out "may run join: upstream job 'up s=s1' may change its inputs"
assert_out "flow: 1 of 4 jobs would run, 1 may run"
assert_not_out "other"

# A job that fails on the cluster leaves its output (Argo removes nothing): it is still
# due, since it never said it finished, and so is its downstream; the others are adopted.
rm -rf .flow work final.txt other.txt
: > "fail-it's s2"
export_run
assert_rc 1
assert_file "work/it's s2.up"
run_flow --containers=off all other.txt -n
assert_out "would run up s=it's s2: exported to Argo as 'up-"
assert_out "and it did not finish there"
assert_out "would run join: missing output 'final.txt'"
assert_out "flow: 2 of 4 jobs would run, 2 would be adopted"

# A command changed since the export: not taken as done.
rm -rf .flow work final.txt other.txt "fail-it's s2"
export_run
assert_rc 0
sed -i 's/cp {input} {output}/cat {input} > {output}/' Flowfile
run_flow --containers=off all other.txt -n
assert_out "would run other: exported to Argo as 'other-"
assert_out "its command changed since"
pass
