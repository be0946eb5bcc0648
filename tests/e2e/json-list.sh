#!/bin/sh
# flow --list --json: the rules (schema flow-list), each with its name, whether it only
# names targets, its wildcards and its input, output and log patterns.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

chain_flowfile
run_flow --list --json
assert_rc 0
json_check flow-list '
r = {x["name"]: x for x in d["rules"]}
assert [x["name"] for x in d["rules"]] == ["all", "up", "join"], d["rules"]
assert r["all"]["target_only"] is True and r["all"]["inputs"] == ["final.txt"] and r["all"]["outputs"] == [], r
u = r["up"]
assert u["target_only"] is False and u["wildcards"] == ["s"], u
assert u["inputs"] == ["data/{s}.txt"] and u["outputs"] == ["work/{s}.up"] and u["logs"] == [], u
assert r["join"]["inputs"] == ["work/s1.up", "work/s2.up"], r["join"]
'
[ -s err.txt ] && fail "stderr is not empty"
pass
