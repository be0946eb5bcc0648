#!/bin/sh
# -f FILE reads another Flowfile; jobs run in FILE's directory and targets are relative
# to it. A missing file is an error (exit 2).
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

mkdir -p proj
cat > proj/wf.flow <<'FLOW'
rule a:
    output: "sub/a.txt"
    shell: "pwd > {output}"
FLOW
echo 'rule wrong:
    output: "wrong.txt"
    shell: "touch {output}"' > Flowfile
run_flow -q -f proj/wf.flow
assert_rc 0
assert_content proj/sub/a.txt "$(cd proj && pwd)"
assert_no_file sub
assert_no_file wrong.txt
assert_file proj/.flow/log/a.log

rm -r proj/sub
run_flow -q --file proj/wf.flow sub/a.txt
assert_rc 0
assert_file proj/sub/a.txt

run_flow -f nope.flow
assert_rc 2
cat > expected <<'EOF2'
flow: error: cannot read 'nope.flow': No such file or directory
EOF2
assert_err_exact expected
pass
