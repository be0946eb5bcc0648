#!/bin/sh
# -p prints each job's command, placeholders filled in, as the job starts.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

touch 'in put.txt'
cat > Flowfile <<'FLOW'
rule copy:
    input: "in put.txt"
    output: "out.txt.copy"
    shell: "cp {input} {output} && echo {{done}}"
FLOW
run_flow -p -q
assert_rc 0
assert_file out.txt.copy
cat > expected <<'EOF2'
cp 'in put.txt' out.txt.copy && echo {done}
EOF2
diff -u expected out.txt >&2 || fail "stdout differs"
# without -p the command is not shown
rm out.txt.copy
run_flow -q
assert_not_out "cp "
pass
