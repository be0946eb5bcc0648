#!/bin/sh
# In a git repository, --provenance shows the commit the project was at when the job ran
# (as git rev-parse HEAD says), marked when tracked files had uncommitted changes.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

command -v git > /dev/null || skip "git is not installed"
GIT_CEILING_DIRECTORIES=$(dirname "$WORK")
export GIT_CEILING_DIRECTORIES
git init -q . || skip "git init failed"
git config user.email test@flow.invalid
git config user.name test
cat > Flowfile <<'FLOW'
rule all:
    input: "a.txt", "b.txt"
rule a:
    input: "src.txt"
    output: "a.txt"
    shell: "cat {input} > {output}"
rule b:
    input: "other.txt"
    output: "b.txt"
    shell: "cat {input} > {output}"
FLOW
printf '.flow/\na.txt\nb.txt\n*.out\n*.err\nout.txt\nerr.txt\n' > .gitignore
echo one > src.txt
echo other > other.txt
git add -A && git commit -q -m first || fail "git commit failed"
first=$(git rev-parse HEAD)

run_flow -j 1 -q
assert_rc 0
run_flow --provenance a.txt
assert_rc 0
assert_out "  git       $first"
assert_not_out "uncommitted"
assert_not_out "not in a git repository"

# A tracked file edited and not committed: the next job's record is marked dirty.
echo two > src.txt
run_flow -j 1 -q
assert_rc 0
run_flow --provenance a.txt
assert_out "  git       $first (with uncommitted changes)"
# b did not run again: its record keeps the clean commit.
run_flow --provenance b.txt
assert_out "  git       $first"
assert_not_out "uncommitted"

# Committed: a job that runs now records the new commit, clean.
echo changed > other.txt
git add -A && git commit -q -m second || fail "git commit failed"
second=$(git rev-parse HEAD)
[ "$first" != "$second" ] || fail "the commit did not change"
run_flow -j 1 -q
assert_rc 0
run_flow --provenance b.txt
assert_out "  git       $second"
assert_not_out "uncommitted"
pass
