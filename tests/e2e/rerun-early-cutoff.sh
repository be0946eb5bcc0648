#!/bin/sh
# Early cutoff: when an upstream job reruns and writes byte-identical outputs, the jobs
# downstream of it do not run. Beforehand -n says they "may run".
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

write_flowfile() {
	cat > Flowfile <<FLOW
rule all:
    input: "c.txt", "d.txt"
rule a:
    input: "src.txt"
    output: "a.txt"
    shell: "echo a >> ran.log; $1 {input} > {output}"
rule b:
    input: "a.txt"
    output: "b.txt"
    shell: "echo b >> ran.log; tr a-z A-Z < {input} > {output}"
rule c:
    input: "b.txt"
    output: "c.txt"
    shell: "echo c >> ran.log; rev {input} > {output}"
rule d:
    input: "src.txt"
    output: "d.txt"
    shell: "echo d >> ran.log; cp {input} {output}"
FLOW
}
write_flowfile "cat"
echo hello > src.txt
run_flow -j 1
assert_rc 0
assert_ran "a b c d"

# A new command that makes the same bytes.
write_flowfile "sed -n p"
run_flow -n
assert_rc 0
assert_out "would run a: command changed:"
assert_out "may run b: upstream job 'a' may change its inputs"
assert_out "may run c: upstream job 'b' may change its inputs"
assert_not_out " d:"
assert_out "flow: 1 of 4 jobs would run, 2 may run (if their inputs change)"
run_flow -j 1
assert_rc 0
assert_ran "a"
assert_content c.txt OLLEH
assert_out "flow: 1 job done, 2 skipped because their inputs came out unchanged"
run_flow -j 1
assert_ran ""
assert_out "flow: nothing to do"

# A new command that makes other bytes: the wave goes on.
write_flowfile "rev"
run_flow -j 1
assert_rc 0
assert_ran "a b c"
assert_content c.txt HELLO

# The wave stops in the middle: b's output is the same (case folded).
echo HELLO > src.txt
run_flow -j 1
assert_rc 0
assert_ran "a b d"
assert_content a.txt OLLEH
assert_content c.txt HELLO
assert_content d.txt HELLO
pass
