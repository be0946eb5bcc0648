#!/bin/sh
# flow --provenance --json FILE...: how each file was made (schema flow-provenance): rule,
# wildcards, command, status, params, env, inputs and outputs with their hashes, image,
# git, host and times; --recursive goes back to the sources, each file once. A file flow
# has no record of is left out with a message, and the exit code is 1.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

GIT_CEILING_DIRECTORIES=$(dirname "$WORK")
export GIT_CEILING_DIRECTORIES
cat > Flowfile <<'FLOW'
rule all:
    input: "out/twice.txt"
rule upper:
    input: "data/{name}.txt"
    output: "out/{name}.up"
    params: how = ["a-z", "A-Z"]
    env: LC_ALL = "C"
    shell: "tr {params.how} < {input} > {output}"
rule twice:
    input: "out/hello.up"
    output: "out/twice.txt"
    shell: "cat {input} {input} > {output}"
FLOW
mkdir data
echo hello > data/hello.txt
run_flow -j 1 -q
assert_rc 0

run_flow --provenance --json out/hello.up
assert_rc 0
json_check flow-provenance '
assert len(d["files"]) == 1, d
f = d["files"][0]
assert f["path"] == "out/hello.up" and f["source"] is False and f["rule"] == "upper", f
assert f["wildcards"] == {"name": "hello"} and f["status"] == 0, f
assert f["command"] == "tr a-z A-Z < data/hello.txt > out/hello.up", f
assert f["params"] == {"how": "a-z A-Z"}, f["params"]
assert f["env"] == {"LC_ALL": "C"}, f
assert [i["path"] for i in f["inputs"]] == ["data/hello.txt"] and len(f["inputs"][0]["hash"]) == 32, f
assert [o["path"] for o in f["outputs"]] == ["out/hello.up"], f
assert f["image"] is None and f["git"] is None and f["host"], f
assert isinstance(f["started"], float) and f["finished"] >= f["started"], f
'
run_flow --provenance --recursive --json out/twice.txt
assert_rc 0
json_check flow-provenance '
assert [(f["path"], f["source"]) for f in d["files"]] == [("out/twice.txt", False), ("out/hello.up", False), ("data/hello.txt", True)], d
assert d["files"][2] == {"path": "data/hello.txt", "source": True}, d["files"][2]
assert d["files"][0]["wildcards"] == {}, d["files"][0]
'
[ -s err.txt ] && fail "stderr is not empty"

# A source among the files: a message, exit 1, the others still given.
run_flow --provenance --json data/hello.txt out/hello.up
assert_rc 1
assert_err "flow: 'data/hello.txt' is a source: no rule makes it"
json_check flow-provenance '
assert [f["path"] for f in d["files"]] == ["out/hello.up"], d
'
# No record at all: an empty list.
rm -rf .flow
run_flow --provenance --json out/twice.txt
assert_rc 1
assert_err "flow: no record of how 'out/twice.txt' was made"
json_check flow-provenance '
assert d["files"] == [], d
'
pass
