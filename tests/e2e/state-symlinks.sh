#!/bin/sh
# Links in .flow/ are never followed: a lock, state, log or script directory that is a
# symbolic link to a file outside the project is refused with a clear message, and the
# file it points at is left as it was — by a run and by a dry run. A .flow that is itself
# a link is refused before anything is written.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

mkdir project outside
echo precious > outside/file
echo precious > outside/expected
cd project || exit 99
cat > Flowfile <<'FLOW'
rule all:
    input: "a.txt"
rule a:
    output: "a.txt"
    shell: "echo a > {output}"
FLOW
link_fresh() { rm -rf .flow a.txt; mkdir -p .flow/log; ln -s "$WORK/outside/file" ".flow/$1"; }
outside_same() {
	cmp -s "$WORK/outside/file" "$WORK/outside/expected" || fail "$1: the file outside the project changed"
	[ "$(ls "$WORK/outside")" = "expected
file" ] || [ "$(ls "$WORK/outside" | sort | tr '\n' ' ')" = "expected file " ] ||
		fail "$1: files appeared outside the project: $(ls "$WORK/outside")"
}

# A linked lock: a dry run does not touch the lock at all; a run refuses it.
link_fresh lock
run_flow -n
assert_rc 0
assert_out "would run a"
outside_same "flow -n with a linked lock"
run_flow
assert_rc 2
assert_err "flow: error: cannot lock '.flow/lock': it is a symbolic link, and flow follows none in '.flow'"
assert_no_file a.txt
outside_same "flow with a linked lock"

# A linked state store: refused by a run and by a dry run.
link_fresh state
run_flow
assert_rc 2
assert_err "flow: error: cannot open the state store '.flow/state': it is a symbolic link, and flow follows none in '.flow'"
assert_no_file a.txt
outside_same "flow with a linked state"
run_flow -n
assert_rc 2
assert_err "flow: error: cannot open the state store '.flow/state'"
outside_same "flow -n with a linked state"
# Compaction's temporary file too.
link_fresh state.tmp
run_flow
assert_rc 0
outside_same "flow with a linked state.tmp"

# A linked job log: the job fails without running, the target is not written.
link_fresh log/a.log
run_flow
assert_rc 1
assert_err "flow: error: job 'a' failed: cannot write '.flow/log/a.log': a symbolic link is on its way, and flow follows none in .flow"
assert_no_file a.txt
outside_same "flow with a linked log"
# A linked log directory: nothing is made in the directory it points to, not even the
# directory of a wildcard job's log.
rm -rf .flow; mkdir .flow; ln -s "$WORK/outside" .flow/log
run_flow
assert_rc 1
assert_err "cannot write '.flow/log/a.log': a symbolic link is on its way"
outside_same "flow with a linked log directory"
cat > Flowfile <<'FLOW'
rule all:
    input: "w/x.txt"
rule w:
    output: "w/{name}.txt"
    shell: "echo w > {output}"
FLOW
run_flow
assert_rc 1
assert_err "cannot write '.flow/log/w/name=x.log': a symbolic link is on its way"
assert_no_file w/x.txt
outside_same "flow with a linked log directory and a wildcard job"

# A linked script directory (commands too long for an argument go through .flow/tmp).
rm -rf .flow a.txt; mkdir .flow; ln -s "$WORK/outside" .flow/tmp
long=$(head -c 120000 /dev/zero | tr '\0' x)
cat > Flowfile <<FLOW
rule long:
    output: "long.txt"
    shell: ": $long; echo long > {output}"
FLOW
run_flow
assert_rc 1
assert_err "cannot write the command to '.flow/tmp/cmd-"
assert_no_file long.txt
outside_same "flow with a linked .flow/tmp"

# .flow itself a link: refused by every mode that reads the state, nothing written.
rm -rf .flow
ln -s "$WORK/outside" .flow
for args in "" "-n" "--summary" "--dag"; do
	# shellcheck disable=SC2086
	run_flow $args
	assert_rc 2
	assert_err "flow: error: '.flow' is a symbolic link (to '$WORK/outside'); flow keeps its state in a directory of the project only: remove the link"
	outside_same "flow $args with a linked .flow"
done
assert_no_file long.txt
pass
