#!/bin/sh
# A copy of the project with fresh mtimes and inodes (cp -r without -p), and the project
# moved to another path, rerun nothing: the state holds content hashes of relative paths.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

mkdir proj
cd proj || exit 99
chain_project
# Old inputs, so that the copy's files are all newer than the originals.
touch -d '2020-01-01 00:00:00' data/s1.txt data/s2.txt
cd .. || exit 99
assert_ran() {
	got=$(sort "$1/ran.log" 2>/dev/null | tr '\n' ' ' | sed 's/ $//')
	[ "$got" = "$2" ] || fail "jobs that ran in $1: '$got', expected '$2'"
	rm -f "$1/ran.log"
}

run_flow -C proj -j 1
assert_rc 0
assert_ran proj "join up-s1 up-s2"

sleep 1.1
cp -r proj copy
# cp -r gave every file a new mtime (and inode).
[ "$(stat -c %Y proj/data/s1.txt)" != "$(stat -c %Y copy/data/s1.txt)" ] || fail "cp -r kept the mtime"
run_flow -C copy -n
assert_rc 0
assert_out "flow: 0 of 3 jobs would run"
run_flow -C copy -j 1
assert_rc 0
assert_out "flow: nothing to do"
assert_ran copy ""
assert_content copy/final.txt "$(printf 'HELLO\nWORLD')"

# Moved to another path, and run from another directory with -C.
mkdir -p elsewhere/deeper
mv copy elsewhere/deeper/moved
run_flow -C elsewhere/deeper/moved -j 1
assert_rc 0
assert_out "flow: nothing to do"
assert_ran elsewhere/deeper/moved ""

# The copy still notices a real change, and only in the copy.
echo there > elsewhere/deeper/moved/data/s2.txt
run_flow -C elsewhere/deeper/moved -j 1
assert_rc 0
assert_ran elsewhere/deeper/moved "join up-s2"
assert_content elsewhere/deeper/moved/final.txt "$(printf 'HELLO\nTHERE')"
run_flow -C proj -j 1
assert_out "flow: nothing to do"
assert_ran proj ""
pass
