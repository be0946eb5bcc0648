#!/bin/sh
# A failing container job: flow reports the command's own exit status ("exit 3", not
# podman's), removes the job's partial output, shows the last lines of its log and the log's
# path, still finishes independent jobs with -k, exits 1, and leaves no container behind.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

ctr_setup

cat > Flowfile <<'FLOW'
rule all:
    input: "bad.txt", "good.txt"
rule bad:
    output: "bad.txt"
    container: "localhost/flow-test-a:1"
    shell: "echo partial > {output}; echo \"broke in image $(cat /etc/flow-image)\" >&2; exit 3"
rule good:
    output: "good.txt"
    container: "localhost/flow-test-b:1"
    shell: "sleep 0.2; cat /etc/flow-image > {output}"
FLOW
"$FLOW" -k -j 2 >out.txt 2>err.txt &
fpid=$!
wait $fpid
rc=$?
assert_rc 1
assert_no_file bad.txt
assert_content good.txt b
assert_err "flow: error: job 'bad' failed: exit 3"
assert_err "    | broke in image a"
assert_err "    log: .flow/log/bad.log"
assert_err "1 of 2 jobs failed"
assert_content .flow/log/bad.log "broke in image a"
# (grep, not --filter name=: podman's name filter matched flow-999-0 for ^flow-99-)
left=$(podman ps -a --format '{{.Names}}' | grep "^flow-$fpid-")
[ -z "$left" ] || { fail "containers left behind: $left"; podman rm -f $left >/dev/null 2>&1; }

# A rerun tries the failed job again (and only it).
run_flow -k -j 2
assert_rc 1
assert_err "job 'bad' failed: exit 3"
assert_not_out "] good"
pass
