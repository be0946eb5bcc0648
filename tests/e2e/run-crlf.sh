#!/bin/sh
# A Flowfile with CRLF line ends works as with LF: line ends are normalised when the file
# is read, so a triple-quoted multi-line command holds no CR and loses its margin. A lone
# CR ends a line too (as Python's universal newlines).
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

printf 'X = "x"\r\nrule all:\r\n    output: "made.txt"\r\n    shell: """\r\n        echo one > {output}\r\n        echo two >> {output}\r\n        """\r\n' > Flowfile
run_flow -q
assert_rc 0
assert_content made.txt "one
two"
assert_not_err "command not found"

# A lone CR: the same file with CR line ends.
rm -f made.txt
printf 'rule all:\r    output: "made.txt"\r    shell: """\r        echo three > {output}\r        """\r' > Flowfile
run_flow -q
assert_rc 0
assert_content made.txt three
pass
