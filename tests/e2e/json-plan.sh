#!/bin/sh
# flow -n --json and --why --json: one JSON document (schema flow-plan) that a real JSON
# parser reads, each job with its state and its reasons as data (kind, subject, was, now)
# and in words; a failed job says so; an up-to-date project gives an empty plan.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

chain_project
# A fresh project: every job would run, up-s1's output is missing.
run_flow -n --json
assert_rc 0
json_check flow-plan '
labels = [j["label"] for j in d["jobs"]]
assert labels == ["up s=s1", "up s=s2", "join"], labels
j = d["jobs"][0]
assert j["rule"] == "up" and j["wildcards"] == {"s": "s1"}, j
assert j["state"] == "run" and j["inputs"] == ["data/s1.txt"] and j["outputs"] == ["work/s1.up"], j
r = j["reasons"][0]
assert r["kind"] == "missing-output" and r["subject"] == "work/s1.up", r
assert r["was"] is None and r["now"] is None and "work/s1.up" in r["text"], r
assert "command" not in j
assert d["counts"] == {"total": 3, "run": 3, "maybe": 0, "adopt": 0}, d["counts"]
'
[ -e ran.log ] && fail "the dry run ran a job"

# -p adds each job'"'"'s command.
run_flow -n -p --json
json_check flow-plan '
assert d["jobs"][0]["command"].startswith("echo up-s1 >> ran.log"), d["jobs"][0]
'

# After a run, an input changed: its reason carries the path and both hashes.
run_flow -q
assert_rc 0
rm ran.log
echo changed > data/s2.txt
run_flow -n --json
assert_rc 0
json_check flow-plan '
assert [j["label"] for j in d["jobs"]] == ["up s=s2", "join"], d["jobs"]
r = d["jobs"][0]["reasons"][0]
assert r["kind"] == "input" and r["subject"] == "data/s2.txt", r
assert len(r["was"]) == 8 and len(r["now"]) == 8 and r["was"] != r["now"], r
assert d["jobs"][1]["state"] == "maybe" and d["jobs"][1]["reasons"][0]["kind"] == "upstream", d["jobs"][1]
assert d["counts"]["run"] == 1 and d["counts"]["maybe"] == 1, d["counts"]
'

# --why lists every job, the up-to-date ones too, with no reasons.
run_flow --why --json
json_check flow-plan '
states = {j["label"]: j["state"] for j in d["jobs"]}
assert states == {"up s=s1": "up-to-date", "up s=s2": "run", "join": "maybe"}, states
assert d["jobs"][0]["reasons"] == []
'

# A command edited: was/now are its first differing lines.
run_flow -q
sed -i 's/cat {input}/cat -- {input}/' Flowfile
run_flow -n --json
json_check flow-plan '
r = [r for j in d["jobs"] if j["label"] == "join" for r in j["reasons"]]
k = [x for x in r if x["kind"] == "command"]
assert k and "cat {input}" not in k[0]["now"] and "cat -- " in k[0]["now"] and "cat " in k[0]["was"], r
'

# A failed job: reason "failed".
sed -i 's/cat -- {input} > {output}/cat {input} > {output}; exit 3/' Flowfile
run_flow -q
[ "$rc" -ne 0 ] || fail "the failing job did not fail"
sed -i 's/; exit 3//' Flowfile
sed -i 's/cat {input} > {output}"/cat {input} > {output}; exit 3"/' Flowfile
run_flow -n --json
assert_rc 0
json_check flow-plan '
j = [j for j in d["jobs"] if j["label"] == "join"][0]
kinds = [r["kind"] for r in j["reasons"]]
assert "failed" in kinds, kinds
r = j["reasons"][kinds.index("failed")]
assert r["text"] and r["subject"] is None, r
'

# An empty plan: nothing to do gives no jobs (and still a valid document).
sed -i 's/; exit 3"/"/' Flowfile
run_flow -q
assert_rc 0
run_flow -n --json
assert_rc 0
json_check flow-plan '
assert d["jobs"] == [] and d["counts"] == {"total": 3, "run": 0, "maybe": 0, "adopt": 0}, d
'
[ -s err.txt ] && fail "stderr is not empty"

# A path that is not UTF-8 (a file name may hold any bytes) still gives its job, each
# stray byte as U+FFFD, since JSON strings are UTF-8.
odd=$(printf 'a\377b')
echo x > "data/$odd.txt"
run_flow -n --json "work/$odd.up"
assert_rc 0
json_check flow-plan '
j = d["jobs"]
assert len(j) == 1 and j[0]["outputs"] == ["work/a\ufffdb.up"] and j[0]["wildcards"] == {"s": "a\ufffdb"}, d
'

# --json alone, or with a run, is refused.
run_flow --json
assert_rc 2
assert_err "flow: error: --json goes with -n, --why, --summary, --list or --provenance"
pass
