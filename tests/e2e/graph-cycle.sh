#!/bin/sh
# A file that needs itself through rules is an error showing the whole cycle; nothing runs.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

cat > Flowfile <<'FLOW'
rule all:
    input: "a.txt"
rule x:
    input: "b.txt"
    output: "a.txt"
    shell: "touch ran.txt {output}"
rule y:
    input: "c.txt"
    output: "b.txt"
    shell: "touch ran.txt {output}"
rule z:
    input: "a.txt"
    output: "c.txt"
    shell: "touch ran.txt {output}"
FLOW
run_flow
assert_rc 2
assert_no_file ran.txt
assert_no_file .flow/log
cat > expected <<'EOF2'
Flowfile:3:6: error: cycle in the job graph: a.txt → rule x → b.txt → rule y → c.txt → rule z → a.txt
    3 | rule x:
      |      ^
      = hint: read it as: each file is made by the rule after it, from the file after that
EOF2
assert_err_exact expected
pass
