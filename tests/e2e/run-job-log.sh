#!/bin/sh
# A job's stdout and stderr go to .flow/log/RULE/WILDCARDS.log (wildcards as name=value,
# joined by commas, / and % escaped as %2F and %25), or .flow/log/RULE.log without
# wildcards; a rerun overwrites the log.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

cat > Flowfile <<'FLOW'
rule all:
    input: "o/x/1.txt", "o/a/b%c/2.txt", "n.txt"
rule w:
    output: "o/{name,.+}/{n}.txt"
    shell: "echo out {wildcards.name} {wildcards.n}; echo err >&2; touch {output}"
rule n:
    output: "n.txt"
    shell: "echo plain; touch {output}"
FLOW
run_flow -q -j 1
assert_rc 0
assert_content ".flow/log/w/name=x,n=1.log" "out x 1
err"
assert_content ".flow/log/w/name=a%2Fb%25c,n=2.log" "out a/b%c 2
err"
assert_content .flow/log/n.log plain
[ "$(find .flow/log -type f | wc -l)" -eq 3 ] || fail "expected 3 log files: $(find .flow/log -type f)"

# a rerun overwrites the log
rm n.txt
sed -i 's/echo plain/echo again/' Flowfile
run_flow -q n.txt
assert_rc 0
assert_content .flow/log/n.log again
pass
