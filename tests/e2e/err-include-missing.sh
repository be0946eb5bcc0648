#!/bin/sh
# An include that cannot be read is an error at the path, in the file that includes it.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

mkdir rules
cat > Flowfile <<'FLOW'
include "rules/main.flow"
FLOW
cat > rules/main.flow <<'FLOW'
rule make:
    output: "x.txt"
    shell: "touch ran.txt {output}"
include "qc.flow"
FLOW
run_flow
assert_rc 2
assert_no_file ran.txt
cat > expected <<'EOF2'
rules/main.flow:4:9: error: cannot read 'rules/qc.flow': No such file or directory
    4 | include "qc.flow"
      |         ^
EOF2
assert_err_exact expected
pass
