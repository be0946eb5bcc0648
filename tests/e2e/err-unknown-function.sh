#!/bin/sh
# A misspelt function is an error at the call with a "did you mean" for the nearest
# built-in; a name nothing is near gets the list of the functions instead. Both come from
# eval.c's one table of built-ins.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

cat > Flowfile <<'FLOW'
SAMPLES = expnd("data/{s}.txt", s = ["a", "b"])
rule all:
    input: SAMPLES
FLOW
run_flow --list
assert_rc 2
assert_err "Flowfile:1:11: error: unknown function 'expnd' (did you mean 'expand'?)"
assert_not_err "the functions are"

cat > Flowfile <<'FLOW'
FILES = glob_wildcard("data/{s}.txt")
rule all:
    input: FILES
FLOW
run_flow --list
assert_rc 2
assert_err "Flowfile:1:9: error: unknown function 'glob_wildcard' (did you mean 'glob_wildcards'?)"

cat > Flowfile <<'FLOW'
X = zzzz("a")
rule all:
    input: X
FLOW
run_flow --list
assert_rc 2
assert_err "Flowfile:1:5: error: unknown function 'zzzz'"
assert_not_err "did you mean"
assert_err "hint: the functions are expand(), glob_wildcards() and raw()"
pass
