#!/bin/sh
# Inputs outside the project reach the container job: an absolute path, and symlinks in the
# project (absolute and relative) that lead outside. Flow mounts them read-only where they
# are: a job that tries to append to the outside file fails ("Read-only file system" in its
# log tail) and the file is unchanged, also through the symlink.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

ctr_setup

# $WORK/proj is the project; $WORK/ext is outside it.
mkdir proj ext
EXT="$WORK/ext"
echo "abs data" > ext/abs.txt
echo "linked data" > ext/linked.txt
echo "rel data" > ext/rel.txt
cd proj || exit 99
ln -s "$EXT/linked.txt" link.txt
ln -s ../ext/rel.txt rel.txt
cat > Flowfile <<FLOW
rule all:
    input: "copy.txt"
rule copy:
    input: "$EXT/abs.txt", "link.txt", "rel.txt"
    output: "copy.txt"
    container: "localhost/flow-test-a:1"
    shell: "cat {input} > {output}; cat /etc/flow-image >> {output}"
rule write_abs:
    input: "$EXT/abs.txt"
    output: "w1.txt"
    container: "localhost/flow-test-a:1"
    shell: "echo tampered >> $EXT/abs.txt; touch {output}"
rule write_link:
    input: "link.txt"
    output: "w2.txt"
    container: "localhost/flow-test-a:1"
    shell: "echo tampered >> link.txt; touch {output}"
FLOW
run_flow
assert_rc 0
assert_content copy.txt "abs data
linked data
rel data
a"

run_flow w1.txt
assert_rc 1
assert_err "job 'write_abs' failed: exit 1"
assert_err "Read-only file system"
assert_no_file w1.txt
assert_content "$EXT/abs.txt" "abs data"

run_flow w2.txt
assert_rc 1
assert_err "job 'write_link' failed: exit 1"
assert_err "Read-only file system"
assert_no_file w2.txt
assert_content "$EXT/linked.txt" "linked data"
# the link itself is still a link to the unchanged file
[ -L link.txt ] || fail "link.txt is no longer a symlink"
pass
