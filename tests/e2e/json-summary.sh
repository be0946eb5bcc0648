#!/bin/sh
# flow --summary --json: every output with its state as a stable word, the state in
# words, and the job and rule that make it (schema flow-summary).
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

chain_project
run_flow --summary --json
assert_rc 0
json_check flow-summary '
o = {x["path"]: x for x in d["outputs"]}
assert set(o) == {"work/s1.up", "work/s2.up", "final.txt"}, o
assert all(x["state"] == "missing" and x["text"] == "missing" for x in o.values()), o
assert o["work/s1.up"]["job"] == "up s=s1" and o["work/s1.up"]["rule"] == "up", o
assert o["final.txt"]["job"] == "join" and o["final.txt"]["rule"] == "join", o
'
run_flow -q
assert_rc 0
echo EDITED > work/s1.up
echo changed > data/s2.txt
run_flow --summary --json
assert_rc 0
json_check flow-summary '
s = {x["path"]: (x["state"], x["text"]) for x in d["outputs"]}
assert s == {"work/s1.up": ("changed-outside", "changed outside flow"),
             "work/s2.up": ("out-of-date", "out of date"),
             "final.txt": ("maybe-out-of-date", "may be out of date (upstream)")}, s
'
[ -s err.txt ] && fail "stderr is not empty"
# An empty graph: a rule that only names targets that are sources has no outputs.
cat > Flowfile <<'FLOW'
rule all:
    input: "data/s1.txt"
FLOW
run_flow --summary --json
assert_rc 0
json_check flow-summary '
assert d["outputs"] == [], d
'
pass
