#!/bin/sh
# --export=argo of a 10,000-job graph: one Workflow, every job in it once, valid and under
# Kubernetes' object size (about 1 MB: jobs of a rule and depth share one task, fanned out
# with withItems), and the same bytes when exported twice.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"
ARGO="$FLOW_SRCDIR/tests/argo"
python3 -c 'import yaml, jsonschema' 2>/dev/null || skip "python3-yaml and python3-jsonschema are needed"

{
	echo "SAMPLES = ["
	seq 1 3333 | sed 's/.*/    "sample_&",/'
	echo "]"
	cat <<'FLOW'
rule count:
    input: expand("c/{s}.txt", s = SAMPLES)
    output: "count.txt"
    shell: "ls c | wc -l > {output}"
rule c:
    input: "b/{s}.txt"
    output: "c/{s}.txt"
    shell: "cp {input} {output}"
rule b:
    input: "a/{s}.txt"
    output: "b/{s}.txt"
    shell: "cp {input} {output}"
rule a:
    output: "a/{s}.txt"
    shell: "echo {wildcards.s} > {output}"
FLOW
} > Flowfile

start=$(date +%s.%N)
"$FLOW" --containers=off --export=argo,pvc=w,image=debian:12 >wf.yaml 2>err.txt
rc=$?
end=$(date +%s.%N)
assert_rc 0
echo "10000 jobs: $(wc -c < wf.yaml) bytes in $(awk "BEGIN { printf \"%.2f\", $end - $start }") s"
python3 "$ARGO/argo.py" check wf.yaml || fail "the large export is not a valid Workflow under 1 MB"
python3 - wf.yaml <<'PY' || fail "the tasks do not hold the 10,000 jobs once each, or depend wrongly"
import sys, yaml
spec = yaml.safe_load(open(sys.argv[1]))["spec"]
tasks = spec["templates"][0]["dag"]["tasks"]
items = [i for t in tasks for i in t["withItems"]]
assert len(items) == 10000 and len(set(items)) == 10000, len(items)
deps = {t["name"]: t.get("dependencies", []) for t in tasks}
assert deps == {"a-0": [], "b-1": ["a-0"], "c-2": ["b-1"], "count-3": ["c-2"]}, deps
PY
[ "$(wc -l < .flow/argo/index)" -eq 10000 ] || fail "the index does not list 10,000 jobs"
"$FLOW" --containers=off --export=argo,pvc=w,image=debian:12 >again.yaml 2>err.txt
cmp wf.yaml again.yaml || fail "two exports of the large graph differ"
pass
