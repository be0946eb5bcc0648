#!/bin/sh
# -C DIR changes to DIR first and reads DIR/Flowfile; a missing DIR is an error (exit 2).
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

mkdir other
cat > other/Flowfile <<'FLOW'
rule b:
    output: "b.txt"
    shell: "pwd > {output}"
FLOW
run_flow -q -C other
assert_rc 0
assert_content other/b.txt "$(cd other && pwd)"
assert_no_file b.txt
assert_no_file .flow

rm other/b.txt
run_flow -q --directory other b.txt
assert_rc 0
assert_file other/b.txt

run_flow -C nodir
assert_rc 2
assert_err "cannot change to directory 'nodir': No such file or directory"
pass
