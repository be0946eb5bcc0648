#!/bin/sh
# -n runs nothing (no outputs, no logs) and lists each job that would run with its reason,
# then the count; with -p each command is printed under its job.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

mkdir data; echo a > data/alpha.txt; echo b > data/beta.txt
cat > Flowfile <<'FLOW'
SAMPLES = ["alpha", "beta"]
rule all:
    input: "report.txt"
rule count:
    input: "data/{sample}.txt"
    output: "work/{sample}.n"
    shell: "wc -l < {input} > {output}"
rule report:
    input: expand("work/{s}.n", s = SAMPLES)
    output: "report.txt"
    shell: "cat {input} > {output}"
FLOW
run_flow -n
assert_rc 0
assert_no_file work
assert_no_file report.txt
assert_no_file .flow/log
cat > expected <<'EOF2'
would run count sample=alpha: missing output 'work/alpha.n'
would run count sample=beta: missing output 'work/beta.n'
would run report: missing output 'report.txt'
flow: 3 of 3 jobs would run
EOF2
diff -u expected out.txt >&2 || fail "stdout differs"
[ -s err.txt ] && fail "stderr is not empty"

run_flow -n -p
assert_rc 0
assert_no_file work
cat > expected <<'EOF2'
would run count sample=alpha: missing output 'work/alpha.n'
    $ wc -l < data/alpha.txt > work/alpha.n
would run count sample=beta: missing output 'work/beta.n'
    $ wc -l < data/beta.txt > work/beta.n
would run report: missing output 'report.txt'
    $ cat work/alpha.n work/beta.n > report.txt
flow: 3 of 3 jobs would run
EOF2
diff -u expected out.txt >&2 || fail "stdout differs"

# After a run, removing one output: that job would run, and the report after it.
run_flow -q
assert_rc 0
rm work/alpha.n
run_flow -n
assert_rc 0
assert_no_file work/alpha.n
assert_out "would run count sample=alpha: missing output 'work/alpha.n'"
assert_out "upstream job 'count sample=alpha'"
assert_not_out "count sample=beta"
pass
