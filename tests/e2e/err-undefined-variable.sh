#!/bin/sh
# Using a name no statement defines is an error at the use, with a "did you mean" for a
# similar variable (defined before or after the use).
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

cat > Flowfile <<'FLOW'
rule all:
    input: expand("out/{s}.txt", s = SAMPELS)
rule make:
    output: "out/{s}.txt"
    shell: "touch ran.txt {output}"
SAMPLES = ["a", "b"]
FLOW
run_flow
assert_rc 2
assert_no_file ran.txt
cat > expected <<'EOF2'
Flowfile:2:38: error: undefined variable 'SAMPELS' (did you mean 'SAMPLES'?)
    2 |     input: expand("out/{s}.txt", s = SAMPELS)
      |                                      ^
EOF2
assert_err_exact expected

# Nothing similar: no suggestion.
cat > Flowfile <<'FLOW'
X = ["a", QQQQQQ]
rule make:
    output: "x.txt"
    shell: "touch ran.txt {output}"
FLOW
run_flow
assert_rc 2
assert_no_file ran.txt
cat > expected <<'EOF2'
Flowfile:1:11: error: undefined variable 'QQQQQQ'
    1 | X = ["a", QQQQQQ]
      |           ^
EOF2
assert_err_exact expected
pass
