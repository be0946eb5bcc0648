#!/bin/sh
# flow --export=argo: one Workflow with exactly the jobs flow -n would run, valid against
# Argo's schema with no key flow does not mean to emit, byte-identical when exported
# twice, the same as the golden files; and the refusals (no pvc, no image, mounts).
. "$FLOW_SRCDIR/tests/e2e/lib.sh"
ARGO="$FLOW_SRCDIR/tests/argo"
python3 -c 'import yaml, jsonschema' 2>/dev/null || skip "python3-yaml and python3-jsonschema are needed"

# golden NAME: the export in wf.yaml, its project path made /PROJECT, equals golden/NAME.yaml
# (FLOW_UPDATE_GOLDEN=1 writes the golden file instead: review its diff).
golden() {
	sed "s|$PWD|/PROJECT|g" wf.yaml > wf.norm
	[ -z "${FLOW_UPDATE_GOLDEN:-}" ] || cp wf.norm "$ARGO/golden/$1.yaml"
	diff -u "$ARGO/golden/$1.yaml" wf.norm >&2 || fail "export differs from golden/$1.yaml"
	python3 "$ARGO/argo.py" check wf.yaml || fail "export '$1' is not a valid Workflow"
}

mkdir proj && cd proj || exit 99
chain_flowfile
cat >> Flowfile <<'FLOW'
rule gpu:
    input: "final.txt"
    output: "gpu/{name}.out"
    threads: 4
    resources:
        mem = "3G"
        gpu = 1
        disk = 2
    env:
        CUDA_CACHE = "/tmp/cc"
        MODE = "1"
    container: "registry.example/tool@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
    network: off
    shell: "echo {wildcards.name} > {output}"
FLOW
mkdir data; echo a > data/s1.txt; echo b > data/s2.txt

# The options are checked first.
run_flow --export=argo
assert_rc 2; assert_err "flow: error: --export=argo needs the ReadWriteMany volume claim"
run_flow --export=argo,pvc=w,colour=red
assert_rc 2; assert_err "unknown setting 'colour=red'"
run_flow --export=yaml
assert_rc 2; assert_err "--export takes 'argo'"
run_flow --export=argo,pvc=w all gpu/x.out
assert_rc 2; assert_err "these rules name none: 'up', 'join'"
assert_no_file wf.yaml

# The whole graph: three jobs, two tasks; -j and -k carried over.
"$FLOW" --containers=off --export=argo,pvc=work,image=debian:12 -j 3 -k all gpu/x.out >wf.yaml 2>err.txt
rc=$?; assert_rc 0
golden chain
cp wf.yaml first.yaml
"$FLOW" --containers=off --export=argo,pvc=work,image=debian:12 -j 3 -k all gpu/x.out >wf.yaml 2>err.txt
cmp first.yaml wf.yaml || fail "two exports of the same graph differ"
assert_content .flow/argo/index "$(printf 'up-4228b1de5cd54cd4\tup s=s2\nup-f468f6d61fc80b3a\tup s=s1\njoin-1e394e5b9047fa3a\tjoin\ngpu-ce658dba113f3a88\tgpu name=x')"
assert_content .flow/argo/jobs/up-f468f6d61fc80b3a "echo up-s1 >> ran.log; tr a-z A-Z < data/s1.txt > work/s1.up"

# Up-to-date jobs are not exported: after a local run, only s1's branch is due.
run_flow --containers=off all
assert_rc 0
echo c > data/s1.txt
"$FLOW" --containers=off --export=argo,pvc=work,image=debian:12 >wf.yaml 2>err.txt
rc=$?; assert_rc 0
golden partial
"$FLOW" --containers=off --forceall --export=argo,pvc=work,image=debian:12 >wf.yaml 2>err.txt
grep -q 'up-4228b1de5cd54cd4' wf.yaml || fail "--forceall does not export the up-to-date job"
"$FLOW" --containers=off -n >out.txt 2>err.txt
assert_out "flow: 1 of 3 jobs would run, 1 may run"
# Nothing due: no document (Argo wants a task in a DAG), and a note.
run_flow --containers=off
run_flow --containers=off --export=argo,pvc=work,image=debian:12
assert_rc 0; assert_err "flow: nothing to export: no job would run"
[ -s out.txt ] && fail "a document with no job was written"

# mounts: have no pod equivalent: refused.
cd "$WORK" && mkdir m && cd m || exit 99
cat > Flowfile <<'FLOW'
rule a:
    output: "a.txt"
    container: "debian:12"
    mounts: "/srv/ref:/ref:ro"
    shell: "ls /ref > {output}"
FLOW
run_flow --containers=off --export=argo,pvc=w
assert_rc 2; assert_err "rules 'a' have mounts:"

# Names in Argo's alphabet stay distinct: rules 'flow' (the DAG's name) and 'Flow'.
cd "$WORK" && mkdir names && cd names || exit 99
cat > Flowfile <<'FLOW'
rule all:
    input: "a.txt", "b.txt"
rule flow:
    output: "a.txt"
    shell: "echo a > {output}"
rule Flow:
    output: "b.txt"
    shell: "echo b > {output}"
FLOW
"$FLOW" --containers=off --export=argo,pvc=w,image=debian:12 >wf.yaml 2>err.txt
rc=$?; assert_rc 0
python3 "$ARGO/argo.py" check wf.yaml || fail "the export with colliding names is not valid"
names=$(python3 -c 'import sys, yaml; print(*[t["name"] for t in yaml.safe_load(open(sys.argv[1]))["spec"]["templates"]])' wf.yaml)
[ "$names" = "flow flow-1 flow-2" ] || fail "template names: '$names', expected 'flow flow-1 flow-2'"

# The variant-calling example, as its README runs it.
cp -r "$FLOW_SRCDIR/rules-examples/variant-calling" "$WORK/variant-calling" && cd "$WORK/variant-calling" || exit 99
"$FLOW" --containers=off --export=argo,pvc=genomics,image=biocontainers/flow-tools:1 -j 2 >wf.yaml 2>err.txt
rc=$?; assert_rc 0
golden variant-calling
# Its commands, as flow builds them, in the files the pods read.
while IFS="$(printf '\t')" read -r name label; do
	printf '## %s (%s)\n' "$label" "$name"; cat ".flow/argo/jobs/$name"; echo
done < .flow/argo/index > jobs.txt
[ -z "${FLOW_UPDATE_GOLDEN:-}" ] || cp jobs.txt "$ARGO/golden/variant-calling.jobs"
diff -u "$ARGO/golden/variant-calling.jobs" jobs.txt >&2 || fail "commands differ from golden/variant-calling.jobs"
pass
