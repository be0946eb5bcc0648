#!/bin/sh
# The name of a rule without wildcards as a target makes that rule, even if a file of
# that name exists (./NAME names the file).
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

cat > Flowfile <<'FLOW'
rule all:
    input: "a.txt"
rule a:
    output: "a.txt"
    shell: "echo a > {output}"
rule report:
    input: "a.txt"
    output: "report.txt"
    shell: "cat {input} > {output}; echo report >> {output}"
FLOW
echo "a file named report" > report
run_flow -q report
assert_rc 0
assert_content report.txt "a
report"
assert_content report "a file named report"

# ./report is the existing file: a source, nothing to do.
rm report.txt
run_flow ./report
assert_rc 0
assert_no_file report.txt
pass
