#!/bin/sh
# include paths are relative to the including file (rules/ includes more/copy.flow as
# "more/copy.flow"), while paths inside the rules stay relative to the main Flowfile,
# where jobs run. Included rules come in the order after splicing.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

mkdir -p rules/more data
cat > Flowfile <<'FLOW'
include "rules/main.flow"
rule last:
    output: "last.txt"
    shell: "touch {output}"
FLOW
cat > rules/main.flow <<'FLOW'
rule all:
    input: "out/a.txt", "out/b.txt"
include "more/copy.flow"
FLOW
cat > rules/more/copy.flow <<'FLOW'
rule copy:
    input: "data/{x}.in"
    output: "out/{x}.txt"
    shell: "cat {input} > {output}; pwd >> {output}"
FLOW
echo A > data/a.in; echo B > data/b.in
run_flow -q
assert_rc 0
assert_content out/a.txt "$(printf 'A\n%s' "$(pwd)")"
assert_content out/b.txt "$(printf 'B\n%s' "$(pwd)")"
assert_no_file last.txt
assert_no_file rules/out

# Run from elsewhere with -C: still relative to the Flowfile's directory.
rm -r out
mkdir elsewhere; cd elsewhere
"$FLOW" -q -C .. >../out.txt 2>../err.txt; rc=$?
cd ..
assert_rc 0
assert_file out/a.txt
assert_no_file elsewhere/out
pass
