#!/bin/sh
# The error for a job needing more than a --resources cap shows the cap as the user wrote
# it (mem=1G), not in bytes.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

cat > Flowfile <<'FLOW'
rule big:
    output: "big.txt"
    resources: mem = "2G"
    shell: "touch {output}"
FLOW
run_flow --resources mem=1G
assert_rc 2
cat > expected <<'EOF2'
Flowfile:3:22: error: rule 'big' needs mem = 2G, more than --resources mem=1G allows
    3 |     resources: mem = "2G"
      |                      ^
EOF2
assert_err_exact expected
pass
