#!/bin/sh
# A needed file that no rule makes and that does not exist is an error naming the rule and
# the file it was needed for, with a "did you mean" for a near existing file or a near
# output pattern.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

cat > Flowfile <<'FLOW'
rule all:
    input: "out/alpha.txt"
rule copy:
    input: "data/{s}.txt"
    output: "out/{s}.txt"
    shell: "touch ran.txt; cp {input} {output}"
FLOW

# No near file: no hint.
run_flow
assert_rc 2
assert_no_file ran.txt
cat > expected <<'EOF2'
Flowfile:4:12: error: no rule to make 'data/alpha.txt', needed by rule copy for 'out/alpha.txt'
    4 |     input: "data/{s}.txt"
      |            ^
EOF2
assert_err_exact expected

# A near existing file.
mkdir data; touch data/alpah.txt
run_flow
assert_rc 2
assert_no_file ran.txt
cat > expected <<'EOF2'
Flowfile:4:12: error: no rule to make 'data/alpha.txt', needed by rule copy for 'out/alpha.txt'
    4 |     input: "data/{s}.txt"
      |            ^
      = hint: did you mean 'data/alpah.txt'?
EOF2
assert_err_exact expected

# A near output pattern of another rule.
rm -r data
cat >> Flowfile <<'FLOW'
rule fetch:
    output: "data/{s}.text"
    shell: "touch ran.txt {output}"
FLOW
run_flow
assert_rc 2
assert_no_file ran.txt
cat > expected <<'EOF2'
Flowfile:4:12: error: no rule to make 'data/alpha.txt', needed by rule copy for 'out/alpha.txt'
    4 |     input: "data/{s}.txt"
      |            ^
      = hint: did you mean a file like 'data/{s}.text', made by rule 'fetch'?
EOF2
assert_err_exact expected

# A target on the command line.
run_flow nothing.txt
assert_rc 2
cat > expected <<'EOF2'
flow: error: no rule to make target 'nothing.txt', and no such file
EOF2
assert_err_exact expected
pass
