#!/bin/sh
# What jobs print goes to their logs only, never to flow's stdout or stderr, which show
# only status lines and the summary. Their stdin is /dev/null, not flow's.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

cat > Flowfile <<'FLOW'
rule all:
    input: "a.txt", "b.txt"
rule make:
    output: "{x}.txt"
    shell: "echo JOB-STDOUT-{wildcards.x}; echo JOB-STDERR-{wildcards.x} >&2; cat > {output}"
FLOW
echo "FLOW-STDIN" > feed
run_flow -j 2 < feed
assert_rc 0
assert_not_out JOB-STD
grep -q JOB-STD err.txt && fail "job output on stderr"
[ -s err.txt ] && fail "stderr is not empty"
[ "$(grep -vc '^\[[12]/2\] make x=[ab] ([0-9.]*s)$' out.txt)" -eq 1 ] || fail "unexpected stdout lines"
assert_out "flow: 2 jobs done"
assert_file a.txt
assert_content a.txt ""
assert_content b.txt ""
assert_content .flow/log/make/x=a.log "JOB-STDOUT-a
JOB-STDERR-a"
pass
