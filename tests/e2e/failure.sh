#!/bin/sh
# A failing job: its partial output is deleted, the last lines of its log and the log's
# path are shown, independent jobs still finish with -k, and flow exits 1.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

cat > Flowfile <<'FLOW'
rule all:
    input: "bad.txt", "good.txt"
rule bad:
    output: "bad.txt"
    shell: "echo partial > {output}; echo 'something broke' >&2; exit 3"
rule good:
    output: "good.txt"
    shell: "sleep 0.2; echo ok > {output}"
FLOW
run_flow -k -j 2
assert_rc 1
assert_no_file bad.txt
assert_file good.txt
assert_err "flow: error: job 'bad' failed: exit 3"
assert_err "    | something broke"
assert_err "    log: .flow/log/bad.log"
assert_err "1 of 2 jobs failed"
[ "$(cat .flow/log/bad.log)" = "something broke" ] || fail "log holds '$(cat .flow/log/bad.log)'"

# A job that exits 0 without making its output fails, naming the file.
cat > Flowfile <<'FLOW'
rule lazy:
    output: "never.txt"
    shell: "true"
FLOW
run_flow
assert_rc 1
assert_err "job 'lazy' failed: it exited 0 but did not create its output 'never.txt'"
pass
