#!/bin/sh
# After an error flow goes on, reports every error it finds in one run, and ends with
# their number: syntax errors (parsing resumes at the next line in column 1), and,
# in a file that parses, errors of values and rules.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

cat > Flowfile <<'FLOW'
rule a b:
    output: "a.txt"
    shell: "touch ran.txt {output}"
rule c:
    output: "c\q.txt"
    shell: "touch ran.txt {output}"
rule d:
    output: "d.txt"
    shell: "x" "y"
FLOW
run_flow
assert_rc 2
assert_no_file ran.txt
cat > expected <<'EOF2'
Flowfile:1:8: error: expected ':' after rule name 'a', got 'b'
    1 | rule a b:
      |        ^
Flowfile:5:15: error: invalid escape '\q' in string
    5 |     output: "c\q.txt"
      |               ^
      = hint: the escapes are \n \t \" \\; a """triple-quoted""" string takes backslashes as they are
Flowfile:9:16: error: expected ',' or end of line after value of 'shell', got string "y"
    9 |     shell: "x" "y"
      |                ^
flow: 3 errors
EOF2
assert_err_exact expected

cat > Flowfile <<'FLOW'
X = NOPE
rule a:
    output: "a.txt"
    shell: "touch ran.txt {foo}"
rule b:
    output: "b/{s}.txt"
    input: "{t}.in"
    shell: "touch ran.txt {output}"
FLOW
run_flow
assert_rc 2
assert_no_file ran.txt
cat > expected <<'EOF2'
Flowfile:1:5: error: undefined variable 'NOPE'
    1 | X = NOPE
      |     ^
Flowfile:4:27: error: unknown placeholder '{foo}' in shell command of rule 'a'
    4 |     shell: "touch ran.txt {foo}"
      |                           ^
      = hint: write {{ and }} for literal braces in a shell command
Flowfile:7:13: error: wildcard '{t}' in input of rule 'b' is not in its outputs
    7 |     input: "{t}.in"
      |             ^
      = hint: the rule's wildcards are those of its outputs, e.g. '{s}'
flow: 3 errors
EOF2
assert_err_exact expected
pass
