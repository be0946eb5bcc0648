#!/bin/sh
# -n gives, component by component, every reason a job would run; --why also lists the
# jobs that are up to date. Each reason appears in the exact words of flow(1).
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

write_flowfile() {
	cat > Flowfile <<FLOW
LEVEL = "1"
rule all:
    input: "a.txt", "b.txt", "c.txt", "d.txt", "e.txt", "f.txt"
rule a:
    input: "in1.txt"
    output: "a.txt"
    shell: "$1 {input} > {output}"
rule b:
    input: "in2.txt"
    output: "b.txt"
    params: level = LEVEL
    env: MODE = "$2"
    shell: "cat {input} > {output}"
rule c:
    output: "c.txt"
    shell: "echo c > {output}"
rule d:
    output: "d.txt"
    shell: "echo d > {output}"
rule e:
    input: "a.txt"
    output: "e.txt"
    shell: "cat {input} > {output}"
rule f:
    output: "f.txt"
    shell: "echo f > {output}"
FLOW
}
write_flowfile cat fast
echo hello > in1.txt
echo second > in2.txt
run_flow -j 1 -q
assert_rc 0

run_flow --why
assert_rc 0
cat > expected <<'TXT'
up to date a: signature and outputs unchanged
up to date b: signature and outputs unchanged
up to date c: signature and outputs unchanged
up to date d: signature and outputs unchanged
up to date e: signature and outputs unchanged
up to date f: signature and outputs unchanged
flow: 0 of 6 jobs would run
TXT
sort out.txt > got; sort expected > want
diff -u want got >&2 || fail "--why with everything up to date"

# Now one reason for each job: a an input and its command; b a param and an env entry;
# c an output edited by hand; d an output deleted; e downstream of a; f unchanged.
write_flowfile "sed -n p" slow
echo hxllo > in1.txt
echo edited > c.txt
rm d.txt
run_flow -n LEVEL=2
assert_rc 0
cat > expected <<'TXT'
would run a: input 'in1.txt' changed (6bba86c7 → 0288e976)
command changed:
- cat in1.txt > a.txt
+ sed -n p in1.txt > a.txt
would run b: param 'level' changed (1 → 2)
env 'MODE' changed (fast → slow)
would run c: output 'c.txt' was modified outside flow
would run d: missing output 'd.txt'
may run e: upstream job 'a' may change its inputs
flow: 4 of 6 jobs would run, 1 may run (if their inputs change)
TXT
sed 's/^ *//' out.txt > got
diff -u expected got >&2 || fail "-n output differs"
run_flow --why LEVEL=2
assert_rc 0
sed 's/^ *//' out.txt | grep -v '^up to date f:' > got
diff -u expected got >&2 || fail "--why output differs (besides f)"
assert_out "up to date f: signature and outputs unchanged"

# No record: the state store is gone, the outputs are older than the input.
rm -rf .flow
touch -d '2020-01-01 00:00:00' a.txt
run_flow -n
assert_out "would run a: no record of how its outputs were made, and they are older than its inputs"
pass
