#!/bin/sh
# A needed file that is a dangling or looping symbolic link is reported as such, with
# where it points, instead of "no rule to make" and a "did you mean" naming itself.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

cat > Flowfile <<'FLOW'
rule all:
    input: "out/a.txt"
rule copy:
    input: "data/{s}.txt"
    output: "out/{s}.txt"
    shell: "touch ran.txt; cp {input} {output}"
FLOW
mkdir data
ln -s ../gone.txt data/a.txt
run_flow
assert_rc 2
assert_no_file ran.txt
cat > expected <<'EOF2'
Flowfile:4:12: error: 'data/a.txt', needed by rule copy for 'out/a.txt', is a broken symbolic link: it points to '../gone.txt', which does not exist
    4 |     input: "data/{s}.txt"
      |            ^
      = hint: make the link point to an existing file, or remove it so that a rule makes the file
EOF2
assert_err_exact expected

# A link that loops.
rm data/a.txt
ln -s b.txt data/a.txt
ln -s a.txt data/b.txt
run_flow
assert_rc 2
assert_no_file ran.txt
assert_err "error: 'data/a.txt', needed by rule copy for 'out/a.txt', is a symbolic link that loops (it points to 'b.txt')"
assert_not_err "no rule to make"
assert_not_err "did you mean"

# A broken link named as a target.
run_flow data/b.txt
assert_rc 2
assert_err "flow: error: target 'data/b.txt' is a symbolic link that loops (it points to 'a.txt')"
pass
