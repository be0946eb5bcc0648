#!/bin/sh
# --containers=apptainer without apptainer on PATH: flow exits 2 with a clear message
# before it runs anything (not even a host job). (Apptainer's command line is unit-tested.)
# Needs no container runtime, so it does not ask setup.sh for podman.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

export CONTAINERS_CONF="$FLOW_SRCDIR/tests/containers/containers.conf"
command -v apptainer >/dev/null 2>&1 && skip "apptainer is on PATH ($(command -v apptainer))"

cat > Flowfile <<'FLOW'
rule all:
    input: "host.txt", "c.txt"
rule host:
    output: "host.txt"
    shell: "echo ran > {output}"
rule c:
    output: "c.txt"
    container: "image.sif"
    shell: "echo ran > {output}"
FLOW
echo "not really an image" > image.sif
run_flow --containers=apptainer
assert_rc 2
assert_err "flow: error: --containers=apptainer: no 'apptainer' on PATH"
[ "$(wc -l < err.txt)" -eq 1 ] || fail "expected one line on stderr"
assert_no_file host.txt
assert_no_file c.txt
[ ! -d .flow/log ] || fail "job logs were written"

# the same for -n
run_flow --containers=apptainer -n
assert_rc 2
assert_err "flow: error: --containers=apptainer: no 'apptainer' on PATH"
assert_not_out "would run"
pass
