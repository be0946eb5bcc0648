#!/bin/sh
# Declared mounts: "SRC:/TARGET:ro" is readable at TARGET and writing there fails (the source
# is unchanged); "SRC:/TARGET" (rw by default) and an explicit ":rw" are writable, and what
# the job writes lands in SRC on the host; a relative SRC is relative to the project.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

ctr_setup

mkdir proj refdir rwdir proj/data
R="$WORK/refdir" W="$WORK/rwdir"
echo "reference" > refdir/ref.txt
echo "project data" > proj/data/d.txt
cd proj || exit 99
cat > Flowfile <<FLOW
rule all:
    input: "read.txt", "rw.txt"
rule read:
    output: "read.txt"
    container: "localhost/flow-test-a:1"
    mounts: "$R:/ref:ro", "data:/data:ro"
    shell: "cat /ref/ref.txt /data/d.txt > {output}"
rule rw:
    output: "rw.txt"
    container: "localhost/flow-test-a:1"
    mounts: "$W:/scratch", "$R/../rwdir:/scratch2:rw"
    shell: "echo from-container > /scratch/new.txt; echo two > /scratch2/two.txt; touch {output}"
rule write_ro:
    output: "bad.txt"
    container: "localhost/flow-test-a:1"
    mounts: "$R:/ref:ro"
    shell: "echo tampered >> /ref/ref.txt; touch {output}"
rule write_ro_rel:
    output: "bad2.txt"
    container: "localhost/flow-test-a:1"
    mounts: "data:/data:ro"
    shell: "rm /data/d.txt; touch {output}"
FLOW
run_flow -j 2
assert_rc 0
assert_content read.txt "reference
project data"
assert_content "$W/new.txt" from-container
assert_content "$W/two.txt" two

run_flow bad.txt
assert_rc 1
assert_err "job 'write_ro' failed: exit 1"
assert_err "Read-only file system"
assert_no_file bad.txt
assert_content "$R/ref.txt" reference

run_flow bad2.txt
assert_rc 1
assert_err "job 'write_ro_rel' failed: exit 1"
assert_err "Read-only file system"
assert_content data/d.txt "project data"
pass
