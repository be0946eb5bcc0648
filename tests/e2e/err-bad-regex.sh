#!/bin/sh
# An invalid regular expression in a wildcard constraint is an error naming the pattern
# and PCRE2's reason.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

cat > Flowfile <<'FLOW'
rule lanes:
    output: "lane/{n,[0-9}.txt"
    shell: "touch ran.txt {output}"
FLOW
run_flow lane/1.txt
assert_rc 2
assert_no_file ran.txt
cat > expected <<'EOF2'
Flowfile:2:13: error: invalid wildcard constraint in pattern 'lane/{n,[0-9}.txt': missing terminating ] for character class
    2 |     output: "lane/{n,[0-9}.txt"
      |             ^
EOF2
assert_err_exact expected

# A valid constraint with a comma and braces works, and holds.
cat > Flowfile <<'FLOW'
rule lanes:
    output: "lane/{n,[0-9]{1,2}}.txt"
    shell: "echo {wildcards.n} > {output}"
FLOW
run_flow -q lane/42.txt
assert_rc 0
assert_content lane/42.txt 42
run_flow -q lane/123.txt
assert_rc 2
assert_err "flow: error: no rule to make target 'lane/123.txt', and no such file"
pass
