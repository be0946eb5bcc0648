#!/bin/sh
# Container jobs work in a project whose path holds a space, a ':' (which `-v` could not
# take) or a ',' (which an unquoted `--mount` cannot take), and so do declared mounts (a
# relative source: "SOURCE:/TARGET" cannot spell a source with a ':') and
# inputs outside the project with such paths.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

ctr_setup

for name in "sp ace" "co:lon" "com,ma"; do
	mkdir "$WORK/$name" "$WORK/$name/proj" "$WORK/$name/ref"
	echo "ref $name" > "$WORK/$name/ref/r.txt"
	echo "in $name" > "$WORK/$name/in.txt"
	cat > "$WORK/$name/proj/Flowfile" <<FLOW
rule o:
    input: "$WORK/$name/in.txt"
    output: "o.txt"
    container: "localhost/flow-test-a:1"
    mounts: "../ref:/ref:ro"
    shell: "cat /etc/flow-image {input} /ref/r.txt > {output}"
FLOW
	cd "$WORK/$name/proj" || exit 99
	run_flow -q
	[ "$rc" -eq 0 ] || fail "project path '$WORK/$name/proj': exit code $rc, expected 0"
	assert_content o.txt "a
in $name
ref $name"
	cd "$WORK" || exit 99
done
pass
