#!/bin/sh
# A changed env entry of a rule reruns its job; -n names the variable with the old and
# new values; the job sees the new value.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

write_flowfile() {
	cat > Flowfile <<FLOW
rule all:
    input: "greet.txt", "other.txt"
rule greet:
    output: "greet.txt"
    env: GREETING = "$1"
    shell: "echo greet >> ran.log; echo \"\$GREETING\" > {output}"
rule other:
    output: "other.txt"
    shell: "echo other >> ran.log; echo same > {output}"
FLOW
}
write_flowfile hello

run_flow -j 1
assert_rc 0
assert_ran "greet other"
assert_content greet.txt hello

write_flowfile howdy
run_flow -n
assert_rc 0
assert_out "would run greet: env 'GREETING' changed (hello → howdy)"
assert_not_out "command changed"
assert_out "flow: 1 of 2 jobs would run"
run_flow -j 1
assert_rc 0
assert_ran "greet"
assert_content greet.txt howdy

# The environment flow itself runs in is not part of the signature.
GREETING=outside run_flow -j 1
assert_rc 0
assert_ran ""
assert_out "flow: nothing to do"
pass
