#!/bin/sh
# Naming a rule with wildcards as a target (or leaving it first, as the default target)
# is an error: a file it makes must be named instead.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

cat > Flowfile <<'FLOW'
rule gz:
    input: "{name}.txt"
    output: "{name}.txt.gz"
    shell: "touch ran.txt; gzip -c {input} > {output}"
FLOW
echo hello > a.txt
run_flow gz
assert_rc 2
assert_no_file ran.txt
cat > expected <<'EOF2'
flow: error: rule 'gz' has wildcards ({name}): name a file it makes instead
EOF2
assert_err_exact expected

run_flow
assert_rc 2
assert_no_file ran.txt
assert_err_exact expected

run_flow -q a.txt.gz
assert_rc 0
assert_file a.txt.gz
pass
