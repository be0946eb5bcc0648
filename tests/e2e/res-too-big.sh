#!/bin/sh
# A job that alone needs more of a resource than --resources allows is an error before
# anything runs (exit 2), even jobs that would fit.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

cat > Flowfile <<'FLOW'
rule all:
    input: "small.txt", "big.txt"
rule small:
    output: "small.txt"
    resources: mem = "512M"
    shell: "touch {output}"
rule big:
    output: "big.txt"
    resources: mem = "2G"
    shell: "touch {output}"
FLOW
run_flow -j 2 --resources mem=1G
assert_rc 2
assert_no_file small.txt
assert_no_file big.txt
assert_no_file .flow/log
assert_err "Flowfile:9:22: error: rule 'big' needs mem = 2G, more than --resources mem="
assert_err "    9 |     resources: mem = \"2G\""
assert_err "      |                      ^"
# with a large enough cap it runs; an uncapped resource limits nothing
run_flow -q -j 2 --resources mem=2G
assert_rc 0
assert_file big.txt
rm big.txt small.txt
run_flow -q -j 2 --resources gpu=0
assert_rc 0
assert_file big.txt
# a bad --resources value is a usage error
run_flow --resources mem=1X
assert_rc 2
assert_err "--resources wants NAME=N"
pass
