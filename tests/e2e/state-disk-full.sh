#!/bin/sh
# A full disk during a run (a small tmpfs): the record that cannot be written whole is cut
# off again and nothing is appended behind it; the run ends with "cannot write the state
# store" and a non-zero exit. Once space is free, the next run keeps the records written
# before the disk filled, reruns the jobs whose records were lost, never adopts a
# partial output, and ends with the outputs of a clean run. Needs root (mount).
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

disk="$WORK/disk"
mkdir "$disk"
if ! mount -t tmpfs -o size=2m tmpfs "$disk" 2>mount.err; then
	if [ "${CI:-}" = true ]; then
		echo "FAIL: $TEST_NAME: cannot mount a tmpfs in CI: $(cat mount.err)" >&2
		exit 1
	fi
	skip "cannot mount a tmpfs here (not root?): $(cat mount.err)"
fi
trap 'cd /; [ -f "$WORK/late.pid" ] && kill -9 "$(cat "$WORK/late.pid")" 2>/dev/null; umount "$disk"; rm -rf "$WORK"' EXIT
cd "$disk" || exit 99

# quick's record is larger than a page (random params do not compress), so that the disk
# filling up tears it rather than refusing it whole.
pad=$(head -c 8000 /dev/urandom | base64 -w0)
# wait_for FILE: wait (at most 15 s) for FILE to appear.
cat > "$WORK/wait_for" <<'EOF2'
i=0
while [ ! -e "$1" ] && [ $i -lt 300 ]; do sleep 0.05; i=$((i + 1)); done
EOF2
w="sh $WORK/wait_for"
# In the first run (while $WORK/slow exists): hog fills the disk once quick's output is
# written, and frees it once quick has ended (and flow has tried to record it); late
# writes part of its output, then waits to be killed.
cat > Flowfile <<FLOW
rule all:
    input: "early.txt", "quick.txt", "late.txt"
rule early:
    output: "early.txt"
    shell: "echo early > {output}"
rule quick:
    input: "early.txt"
    output: "quick.txt"
    params: pad = "$pad"
    shell: "echo quick > {output}; if [ -e $WORK/slow ]; then $w full; : > quick.done; fi"
rule hog:
    input: "early.txt"
    output: "hog.txt"
    shell: "if [ -e $WORK/slow ]; then $w quick.txt; dd if=/dev/zero of=pad bs=1k 2>/dev/null || :; : > full; $w quick.done; sleep 1; rm -f pad; fi; echo hog > {output}"
rule late:
    input: "hog.txt", "quick.txt"
    output: "late.txt"
    shell: "echo partial > {output}; if [ -e $WORK/slow ]; then echo \$\$ > $WORK/late.pid; exec sleep 60; fi; echo rest >> {output}"
FLOW
touch "$WORK/slow"
"$FLOW" -j 2 > "$WORK/first.out" 2> "$WORK/first.err" &
first=$!
i=0
while kill -0 $first 2>/dev/null && [ ! -s "$WORK/late.pid" ] && [ $i -lt 400 ]; do sleep 0.05; i=$((i + 1)); done
if [ -s "$WORK/late.pid" ]; then
	# late started: its start record was appended; kill flow and late as a crash would.
	kill -9 $first "$(cat "$WORK/late.pid")" 2>/dev/null
	wait $first
	fail "late started after the state store could not be written: $(cat "$WORK/first.err")"
else
	wait $first
	rc=$?
	[ $rc -ne 0 ] || fail "the run on a full disk exited 0"
	grep -q "^flow: error: cannot write the state store '.flow/state': No space left on device" "$WORK/first.err" ||
		fail "no 'cannot write the state store' error: $(cat "$WORK/first.err")"
fi
rm -f pad "$WORK/slow" full quick.done

# The state ends on a whole record: it loads without a warning.
run_flow -n
assert_rc 0
assert_not_err "warning"
assert_not_out "would adopt"
assert_not_out "early"
assert_out "would run quick"
assert_out "would run late"
run_flow
assert_rc 0
assert_not_err "warning"
for f in early quick hog; do assert_content $f.txt $f; done
assert_content late.txt "partial
rest"
run_flow
assert_rc 0
assert_out "flow: nothing to do"
pass
