#!/bin/sh
# A misspelt key is an error at its line and column, with a "did you mean" for the
# nearest key; flow exits 2 and runs nothing (not even the rules without errors).
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

cat > Flowfile <<'FLOW'
rule ok:
    output: "ok.txt"
    shell: "touch {output}"
rule count:
    inptu: "data.txt"
    output: "count.txt"
    shell: "wc -l < data.txt > {output}"
FLOW
touch data.txt
run_flow ok count.txt
assert_rc 2
assert_no_file ok.txt
assert_no_file count.txt
assert_err "Flowfile:5:5: error: unknown key 'inptu' in rule 'count'"
assert_err "did you mean 'input'?"
assert_err "    5 |     inptu: \"data.txt\""
assert_err "      |     ^"
[ -s out.txt ] && fail "stdout is not empty"

# A key nothing is near gets no suggestion.
cat > Flowfile <<'FLOW'
rule count:
    zzzzzzzz: "data.txt"
    output: "count.txt"
    shell: "touch {output}"
FLOW
run_flow
assert_rc 2
assert_err "Flowfile:2:5: error: unknown key 'zzzzzzzz' in rule 'count'"
assert_not_err "did you mean"
pass
