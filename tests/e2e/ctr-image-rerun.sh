#!/bin/sh
# The image's identity (its ID) is part of each job's signature: re-importing one image under
# the same name makes `flow -n` say "image changed" for exactly the jobs of the rules on that
# image, and a run reruns only those; the jobs on the other image and on the host stay done.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

ctr_setup

# Private images (other tests use flow-test-a/b in parallel), removed at the end.
X=localhost/flow-test-rebuilt-$$-x:1
Y=localhost/flow-test-rebuilt-$$-y:1
trap 'podman image rm -f "$X" "$Y" >/dev/null 2>&1; rm -rf "$WORK"' EXIT
REBUILD="$FLOW_SRCDIR/tests/containers/rebuild.sh"
x1=$(sh "$REBUILD" "$X" x1) || skip "rebuild.sh $X failed: $x1"
y1=$(sh "$REBUILD" "$Y" y1) || skip "rebuild.sh $Y failed: $y1"

cat > Flowfile <<FLOW
rule all:
    input: "x/1.txt", "x/2.txt", "y.txt", "h.txt"
rule x:
    output: "x/{n}.txt"
    container: "$X"
    shell: "echo x{wildcards.n} >> ran.log; cat /etc/flow-image > {output}"
rule y:
    output: "y.txt"
    container: "$Y"
    shell: "echo y >> ran.log; cat /etc/flow-image > {output}"
rule h:
    output: "h.txt"
    shell: "echo h >> ran.log; echo host > {output}"
FLOW

run_flow -j 2
assert_rc 0
assert_ran "h x1 x2 y"
assert_content x/1.txt x1
assert_content y.txt y1
run_flow -n
assert_rc 0
assert_out "flow: 0 of 4 jobs would run"

# Re-import X under the same name (new ID; rebuild.sh gives a new ID even for the same
# content, so the content is not what makes the difference, but changing it shows which image
# the rerun jobs used).
x2=$(sh "$REBUILD" "$X" x2) || { fail "rebuild.sh $X failed: $x2"; pass; }
[ "$x2" != "$x1" ] || { fail "rebuild.sh kept the ID $x1"; pass; }
run_flow -n
assert_rc 0
assert_out "would run x n=1: image changed (${x1%"${x1#????????????}"} → ${x2%"${x2#????????????}"})"
assert_out "would run x n=2: image changed"
[ "$(grep -c 'image changed' out.txt)" -eq 2 ] || fail "'image changed' for $(grep -c 'image changed' out.txt) jobs, expected 2"
assert_not_out "would run y"
assert_not_out "would run h"
assert_out "flow: 2 of 4 jobs would run"
assert_ran ""

run_flow -j 2
assert_rc 0
assert_ran "x1 x2"
assert_content x/1.txt x2
assert_content x/2.txt x2
assert_content y.txt y1
run_flow -n
assert_rc 0
assert_out "flow: 0 of 4 jobs would run"
pass
