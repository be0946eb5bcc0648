#!/bin/sh
# {wildcards.NAME} naming a wildcard the rule does not have is an error that lists the
# rule's wildcards.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

cat > Flowfile <<'FLOW'
rule count:
    input: "data/{sample}.txt"
    output: "work/{sample}.n"
    shell: "touch ran.txt; echo {wildcards.smaple} > {output}"
FLOW
mkdir data; touch data/a.txt
run_flow work/a.n
assert_rc 2
assert_no_file ran.txt
assert_no_file work/a.n
cat > expected <<'EOF2'
Flowfile:4:33: error: bad placeholder '{wildcards.smaple}' in shell command of rule 'count'
    4 |     shell: "touch ran.txt; echo {wildcards.smaple} > {output}"
      |                                 ^
      = hint: rule 'count' has these wildcards: sample
      = hint: write {{ and }} for literal braces in a shell command
EOF2
assert_err_exact expected
pass
