#!/bin/sh
# Each rule runs in its own image: two rules on localhost/flow-test-a:1 and one on
# localhost/flow-test-b:1 read /etc/flow-image (a or b) inside their container, a rule without
# an image runs on the host (no /etc/flow-image there). --containers=off runs the same
# commands, all of them, on the host.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

ctr_setup

WHICH='(cat /etc/flow-image 2>/dev/null || echo host) > {output}'
write_flowfile() {
	cat > "$1/Flowfile" <<FLOW
rule all:
    input: "a1.txt", "a2.txt", "b.txt", "h.txt"
rule a1:
    output: "a1.txt"
    container: "localhost/flow-test-a:1"
    shell: "$WHICH"
rule a2:
    output: "a2.txt"
    container: "localhost/flow-test-a:1"
    shell: "$WHICH"
rule b:
    output: "b.txt"
    container: "localhost/flow-test-b:1"
    shell: "$WHICH"
rule h:
    output: "h.txt"
    shell: "$WHICH"
FLOW
}

write_flowfile .
run_flow -j 4 -p
assert_rc 0
assert_content a1.txt a
assert_content a2.txt a
assert_content b.txt b
assert_content h.txt host
assert_out "flow: 4 jobs done"
# -p shows the runtime command lines of the container jobs, the bare command of the host job
[ "$(grep -c '^podman run ' out.txt)" -eq 3 ] || fail "expected 3 'podman run' lines"
grep '^podman run ' out.txt | grep -qF 'localhost/flow-test-b:1 sh -c' || fail "no podman run line for image b"
assert_out "(cat /etc/flow-image 2>/dev/null || echo host) > h.txt"

# A second run: nothing to do (the image IDs are stable).
run_flow -j 4
assert_rc 0
assert_out "flow: nothing to do"

# --containers=off: the same workflow, in a fresh project, all on the host.
mkdir off
write_flowfile off
run_flow -C off --containers=off -j 4 -p
assert_rc 0
for f in a1 a2 b h; do assert_content "off/$f.txt" host; done
assert_not_out "podman run"
pass
