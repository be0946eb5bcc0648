#!/bin/sh
# --containers=auto (also the default) on a PATH with no podman, docker or apptainer: a run
# with a rule on an image exits 2 before any job runs, naming the rule and its image, with
# "no container runtime was found" and a hint naming --containers=off; with --containers=off
# the same workflow runs on the host, and a workflow without images runs as ever.
# Needs no container runtime, so it does not ask setup.sh for podman.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

export CONTAINERS_CONF="$FLOW_SRCDIR/tests/containers/containers.conf"
# A PATH with only the tools the host jobs need (flow itself is run by its full path).
mkdir bin
for t in sh bash cat echo; do
	p=$(command -v "$t") || skip "no $t"
	ln -s "$p" "bin/$t"
done
P="$WORK/bin"
for r in podman docker apptainer; do
	PATH=$P command -v "$r" >/dev/null 2>&1 && { fail "$r is still on the test PATH"; pass; }
done

cat > Flowfile <<'FLOW'
rule all:
    input: "host.txt", "c.txt", "d.txt"
rule host:
    output: "host.txt"
    shell: "echo ran > {output}"
rule c:
    output: "c.txt"
    container: "localhost/flow-test-a:1"
    shell: "(cat /etc/flow-image 2>/dev/null || echo host) > {output}"
rule d:
    output: "d.txt"
    container: "localhost/flow-test-b:1"
    shell: "(cat /etc/flow-image 2>/dev/null || echo host) > {output}"
FLOW
for mode in --containers=auto ""; do
	PATH=$P run_flow $mode -j 2
	assert_rc 2
	assert_err "Flowfile:6:6: error: rule 'c' runs in image 'localhost/flow-test-a:1', but no container runtime was found"
	assert_err "Flowfile:10:6: error: rule 'd' runs in image 'localhost/flow-test-b:1', but no container runtime was found"
	assert_err "--containers=off"
	assert_err "install podman, docker or apptainer"
	assert_no_file host.txt
	assert_no_file c.txt
	assert_no_file d.txt
	[ ! -d .flow/log ] || fail "job logs were written"
done

PATH=$P run_flow --containers=off -j 2
assert_rc 0
assert_content host.txt ran
assert_content c.txt host
assert_content d.txt host

# Without any image in the run, auto without a runtime is no error.
rm -f host.txt
PATH=$P run_flow --containers=auto host.txt
assert_rc 0
assert_content host.txt ran
pass
