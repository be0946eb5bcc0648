#!/bin/sh
# flow(1) EXECUTION: in a job log's name, / % , = and control characters of a wildcard
# value are written as %XX, so that name=value pairs joined by commas can be told apart;
# a name over 200 bytes is cut and ends with ~ and a hash.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

long=$(printf '%0250d' 0)
cat > Flowfile <<FLOW
rule all:
    input: "o/a=b,c/1.txt", "o/$long/2.txt"
rule w:
    output: "o/{name,.+}/{n}.txt"
    shell: "echo {wildcards.n}; touch {output}"
FLOW
run_flow -q -j 1
assert_rc 0
assert_content ".flow/log/w/name=a%3Db%2Cc,n=1.log" "1"
cut=$(printf 'name=%0175d' 0)
set -- .flow/log/w/"$cut"~*.log
[ -f "$1" ] || fail "no log cut to 180 bytes with a hash: $(ls .flow/log/w)"
case $1 in *~[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f].log) ;;
*) fail "no 16-hex-digit hash in '$1'" ;; esac
pass
