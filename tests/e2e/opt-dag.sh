#!/bin/sh
# --dag prints the job graph as Graphviz DOT and runs nothing: jobs that would run in red,
# jobs that may run (downstream of those) orange and dashed, target-only rules grey;
# --dag=mermaid prints a Mermaid flowchart; another format is a usage error.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

mkdir data; echo a > data/alpha.txt; echo b > data/beta.txt
cat > Flowfile <<'FLOW'
SAMPLES = ["alpha", "beta"]
rule all:
    input: "report.txt"
rule count:
    input: "data/{sample}.txt"
    output: "work/{sample}.n"
    shell: "wc -l < {input} > {output}"
rule report:
    input: expand("work/{s}.n", s = SAMPLES)
    output: "report.txt"
    shell: "cat {input} > {output}"
FLOW
run_flow --dag
assert_rc 0
assert_no_file work
assert_no_file report.txt
cat > expected <<'EOF2'
digraph flow {
	rankdir=LR;
	node [shape=box, style=rounded];
	j0 [label="count sample=alpha", color=red];
	j1 [label="count sample=beta", color=red];
	j2 [label="report", color=red];
	j3 [label="all", color=grey, fontcolor=grey];
	j0 -> j2;
	j1 -> j2;
	j2 -> j3;
}
EOF2
diff -u expected out.txt >&2 || fail "DOT output differs"
if command -v dot >/dev/null 2>&1; then
	dot -Tsvg out.txt >/dev/null 2>&1 || fail "dot cannot read the output"
fi

run_flow --dag=mermaid
assert_rc 0
assert_no_file work
cat > expected <<'EOF2'
flowchart LR
    j0["count sample=alpha"]
    j1["count sample=beta"]
    j2["report"]
    j3["all"]
    j0 --> j2
    j1 --> j2
    j2 --> j3
EOF2
diff -u expected out.txt >&2 || fail "Mermaid output differs"

# Up-to-date jobs are not coloured; a target-only rule stays grey.
run_flow -q
run_flow --dag
assert_rc 0
assert_out 'j0 [label="count sample=alpha"];'
assert_out 'j2 [label="report"];'
assert_out 'j3 [label="all", color=grey, fontcolor=grey];'

# A changed input: its job is red, the job after it orange (it may run).
echo c > data/beta.txt
run_flow --dag
assert_rc 0
assert_out 'j0 [label="count sample=alpha"];'
assert_out 'j1 [label="count sample=beta", color=red];'
assert_out 'j2 [label="report", color=orange, style="rounded,dashed"];'

run_flow --dag=svg
assert_rc 2
assert_err "--dag takes 'dot' or 'mermaid', not 'svg'"
pass
