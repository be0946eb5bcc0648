#!/bin/sh
# --rerun-triggers limits what may cause a rerun: with "input" a command change is
# ignored (and not recorded, so a later plain run still reruns the job); with "command"
# an input change is ignored; an unknown word is a usage error.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

write_flowfile() {
	cat > Flowfile <<FLOW
rule all:
    input: "b.txt"
rule a:
    input: "src.txt"
    output: "a.txt"
    shell: "echo a >> ran.log; $1 < {input} > {output}"
rule b:
    input: "a.txt"
    output: "b.txt"
    shell: "echo b >> ran.log; rev {input} > {output}"
FLOW
}
write_flowfile "tr a-z A-Z"
echo hello > src.txt
run_flow -j 1
assert_rc 0
assert_ran "a b"

write_flowfile "tr l L"
run_flow -n --rerun-triggers=input
assert_rc 0
assert_out "flow: 0 of 2 jobs would run"
assert_not_out "command changed"
run_flow -j 1 --rerun-triggers=input
assert_rc 0
assert_ran ""
assert_content a.txt HELLO
# Triggers that still include the input: an input change is seen.
echo hullo > src.txt
run_flow -n --rerun-triggers=input,params
assert_out "would run a: input 'src.txt' changed"
assert_not_out "command changed"
# Only the command: the input change is ignored, the command change is not.
run_flow -n --rerun-triggers=command
assert_out "would run a: command changed:"
assert_not_out "input 'src.txt'"
# All triggers again (the default).
run_flow -j 1
assert_rc 0
assert_ran "a b"
assert_content b.txt oLLuh

run_flow --rerun-triggers=input,bogus
assert_rc 2
assert_err "--rerun-triggers takes a comma-separated list of input, command, params, env, image, output or all, not 'input,bogus'"
assert_ran ""
pass
