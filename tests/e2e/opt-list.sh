#!/bin/sh
# --list lists the rules in order, each with its output patterns (or a target-only rule's
# targets), and runs nothing.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

cat > Flowfile <<'FLOW'
rule all:
    input: "report.txt", "x.txt"
rule count:
    input: "data/{sample}.txt"
    output: "work/{sample}.n", log = "work/{sample}.log"
    shell: "touch ran.txt"
rule report:
    input: "work/a.n"
    output: "report.txt"
    shell: "touch ran.txt"
FLOW
run_flow --list
assert_rc 0
assert_no_file ran.txt
cat > expected <<'EOF2'
all  (targets: report.txt x.txt)
count  (outputs: work/{sample}.n work/{sample}.log)
report  (outputs: report.txt)
EOF2
diff -u expected out.txt >&2 || fail "stdout differs"
pass
