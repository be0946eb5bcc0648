#!/bin/sh
# A backslash escape other than \n \t \" \\ is an error at the backslash's column; a
# """triple-quoted""" string keeps backslashes as they are.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

cat > Flowfile <<'FLOW'
rule a:
    output: "a.txt"
    shell: "printf 'x\d' > {output}; touch ran.txt"
FLOW
run_flow
assert_rc 2
assert_no_file ran.txt
cat > expected <<'EOF2'
Flowfile:3:22: error: invalid escape '\d' in string
    3 |     shell: "printf 'x\d' > {output}; touch ran.txt"
      |                      ^
      = hint: the escapes are \n \t \" \\; a """triple-quoted""" string takes backslashes as they are
EOF2
assert_err_exact expected

# The same command in a triple-quoted string is fine, and the valid escapes work.
cat > Flowfile <<'FLOW'
rule a:
    output: "a.txt"
    params: s = "q\"b\\s\tt"
    shell: """printf '%s\n' 'x\d' '{params.s}' > {output}"""
FLOW
run_flow -q
assert_rc 0
assert_content a.txt "$(printf 'x\\d\nq"b\\s\tt')"
pass
