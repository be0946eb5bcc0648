#!/bin/sh
# Errors and warnings speak with one voice: "flow: error: ..." and "flow: warning: ...",
# never a bare "flow: cannot ...".
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

cat > Flowfile <<'FLOW'
rule a:
    output: "a.txt"
    shell: "echo a > {output}"
FLOW
# --touch with an output that is not there.
run_flow --touch
assert_rc 1
assert_err "flow: error: cannot touch 'a': its output 'a.txt' is missing"

# -C to a directory that does not exist: strerror after the ':'.
run_flow -C nodir
assert_rc 2
[ "$(cat err.txt)" = "flow: error: cannot change to directory 'nodir': No such file or directory" ] ||
	fail "unexpected -C message"

# A failed job: every line flow says on stderr but the closing count has a kind.
cat > Flowfile <<'FLOW'
rule b:
    output: "b.txt"
    shell: "exit 3"
FLOW
run_flow
assert_rc 1
assert_err "flow: error: job 'b' failed: exit 3"
grep '^flow: ' err.txt | grep -v '^flow: error: \|^flow: warning: \|^flow: 1 of 1 jobs failed' &&
	fail "a line without its kind"
pass
