#!/bin/sh
# A changed param reruns its job, whether it comes from a NAME=value override on the
# command line or from an edit of the Flowfile; a param the command does not use still
# counts, and -n names it with the old and new values.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

write_flowfile() {
	cat > Flowfile <<FLOW
LEVEL = "$1"
NOTE = "$2"
rule all:
    input: "b.txt"
rule a:
    input: "src.txt"
    output: "a.txt"
    params: level = LEVEL, note = NOTE
    shell: "echo a >> ran.log; head -n {params.level} {input} > {output}"
rule b:
    input: "a.txt"
    output: "b.txt"
    shell: "echo b >> ran.log; wc -l < {input} > {output}"
FLOW
}
write_flowfile 3 first
printf '1\n2\n3\n4\n5\n' > src.txt

run_flow -j 1
assert_rc 0
assert_ran "a b"
assert_content b.txt 3

# Override on the command line.
run_flow -n LEVEL=4
assert_rc 0
assert_out "would run a: command changed:"
assert_out "param 'level' changed (3 → 4)"
assert_not_out "param 'note'"
assert_out "may run b: upstream job 'a' may change its inputs"
run_flow -j 1 LEVEL=4
assert_rc 0
assert_ran "a b"
assert_content b.txt 4
# The same override again: up to date. Without it, the Flowfile's value is back: a rerun.
run_flow -j 1 LEVEL=4
assert_ran ""
assert_out "flow: nothing to do"
run_flow -n
assert_out "param 'level' changed (4 → 3)"
run_flow -j 1
assert_ran "a b"
assert_content b.txt 3

# A param the command does not use, edited in the Flowfile: the job reruns, its output
# is the same, so b does not (early cutoff).
write_flowfile 3 second
run_flow -n
assert_rc 0
assert_out "would run a: param 'note' changed (first → second)"
assert_not_out "command changed"
assert_not_out "param 'level'"
run_flow -j 1
assert_rc 0
assert_ran "a"
assert_content b.txt 3
# And by override of a param that the command does not use.
run_flow -j 1 NOTE=third
assert_rc 0
assert_ran "a"
run_flow -j 1 NOTE=third
assert_ran ""
pass
