#!/bin/sh
# A brace group in a shell command that is no placeholder is an error at its line and
# column, with the hint to write {{ and }}; in a """ string the line is the real one.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

cat > Flowfile <<'FLOW'
rule x:
    output: "x.txt"
    shell: "touch ran.txt; awk '{print}' /dev/null > {output}"
FLOW
run_flow
assert_rc 2
assert_no_file ran.txt
cat > expected <<'EOF2'
Flowfile:3:33: error: unknown placeholder '{print}' in shell command of rule 'x'
    3 |     shell: "touch ran.txt; awk '{print}' /dev/null > {output}"
      |                                 ^
      = hint: write {{ and }} for literal braces in a shell command
EOF2
assert_err_exact expected

cat > Flowfile <<'FLOW'
rule x:
    output: "x.txt"
    shell: """
        touch ran.txt
          echo {foo} > {output}
    """
FLOW
run_flow
assert_rc 2
assert_no_file ran.txt
cat > expected <<'EOF2'
Flowfile:5:16: error: unknown placeholder '{foo}' in shell command of rule 'x'
    5 |           echo {foo} > {output}
      |                ^
      = hint: write {{ and }} for literal braces in a shell command
EOF2
assert_err_exact expected

# Doubled braces are literal: the same awk program written with {{ }} runs.
cat > Flowfile <<'FLOW'
rule x:
    output: "x.txt"
    shell: "echo a b | awk '{{print $2}}' > {output}"
FLOW
run_flow -q
assert_rc 0
assert_content x.txt b
pass
