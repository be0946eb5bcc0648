#!/bin/sh
# A job that only may run (its input is remade first: early cutoff decides later) and needs
# more than --resources allows is an error before anything runs, like a job that must
# run: never skipped with "jobs done" and exit 0 while its output stays stale. The same
# for -n, which must not say nothing.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

cat > Flowfile <<'FLOW'
rule all:
    input: "big.txt"
rule small:
    input: "src.txt"
    output: "small.txt"
    shell: "tr a-z A-Z < {input} > {output}"
rule big:
    input: "small.txt"
    output: "big.txt"
    resources: mem = "2G"
    shell: "cat {input} {input} > {output}"
FLOW
echo one > src.txt
run_flow -q
assert_rc 0
assert_content big.txt "ONE
ONE"
# src.txt changes: small must run, big may run (decided once small.txt is remade)
echo two > src.txt
run_flow -n --resources mem=1G
assert_rc 2
assert_err "error: rule 'big' needs mem = 2G, more than --resources mem=1G allows"
run_flow --resources mem=1G
assert_rc 2
assert_err "error: rule 'big' needs mem = 2G, more than --resources mem=1G allows"
assert_not_out "jobs done"
# nothing ran: small.txt is still the old one
assert_content small.txt ONE
# with room enough, both run and big.txt is up to date
run_flow -q --resources mem=2G
assert_rc 0
assert_content big.txt "TWO
TWO"
pass
