#!/bin/sh
# Outputs (and logs) that resolve outside the project directory are refused before
# anything runs: a target such as ../outside.txt matched by a catch-all rule, an output
# pattern that climbs out with '..', an absolute path elsewhere, and a path whose
# directory inside the project is a symbolic link to outside. flow neither runs, deletes
# nor adopts such a file. Absolute paths inside the project, 'a/../b' that stays inside,
# and inputs outside the project are fine.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

mkdir proj outside
echo precious > outside.txt
echo ref > outside/ref.txt
cd proj || exit 99
cat > Flowfile <<'FLOW'
rule all:
    input: "res/a.txt"
rule any:
    output: "{path,.+}"
    shell: "echo ran >> ../ran.log; false"
FLOW
run_flow --force ../outside.txt
assert_rc 2
assert_err "flow: error: target '../outside.txt' is outside the project directory '$PWD'; flow makes files only inside it"
assert_content ../outside.txt precious
assert_no_file ../ran.log
# Not adopted either.
run_flow ../outside.txt
assert_rc 2
assert_err "target '../outside.txt' is outside the project directory"
assert_not_out "adopt"
# An absolute path elsewhere.
run_flow "$WORK/outside.txt"
assert_rc 2
assert_err "target '$WORK/outside.txt' is outside the project directory"
assert_content ../outside.txt precious

# An output pattern that climbs out, and a log.
cat > Flowfile <<'FLOW'
rule r:
    output: "res/../../x.txt"
    log: "../r.log"
    shell: "echo ran >> ../ran.log; touch {output}"
FLOW
run_flow
assert_rc 2
cat > expected <<EOF2
Flowfile:2:13: error: output 'res/../../x.txt' of rule 'r' is outside the project directory '$PWD'
    2 |     output: "res/../../x.txt"
      |             ^
      = hint: flow writes and deletes only files inside the directory of the Flowfile
Flowfile:3:10: error: log '../r.log' of rule 'r' is outside the project directory '$PWD'
    3 |     log: "../r.log"
      |          ^
      = hint: flow writes and deletes only files inside the directory of the Flowfile
flow: 2 errors
EOF2
assert_err_exact expected
assert_no_file ../ran.log
assert_no_file ../x.txt

# A directory inside the project that is a link to outside.
ln -s ../outside res
cat > Flowfile <<'FLOW'
rule copy:
    input: "../outside/ref.txt"
    output: "res/{s,.+}.txt"
    shell: "echo ran >> ../ran.log; cp {input} {output}"
FLOW
run_flow res/ref.txt
assert_rc 2
assert_err "flow: error: target 'res/ref.txt' leads outside the project directory '$PWD': its directory is '$WORK/outside', through a symbolic link; flow makes files only inside it"
assert_content ../outside/ref.txt ref
assert_no_file ../ran.log
run_flow res/sub/new.txt
assert_rc 2
assert_err "target 'res/sub/new.txt' leads outside the project directory"
assert_no_file ../outside/sub
# The same, for an output that a target needs, positioned at the output pattern.
cat >> Flowfile <<'FLOW'
rule all:
    input: "res/ref.txt"
FLOW
run_flow all
assert_rc 2
assert_err "Flowfile:3:13: error: output 'res/ref.txt' of rule 'copy' leads outside the project directory '$PWD': its directory is '$WORK/outside', through a symbolic link"
assert_no_file ../ran.log

# Inside: an absolute path into the project, 'a/../b', and an input outside the project.
rm res
run_flow "$PWD/res/a.txt" res/x/../b.txt
assert_rc 0
assert_content res/a.txt ref
assert_content res/b.txt ref
pass
