#!/bin/sh
# A file that includes itself through others is an error naming the whole chain.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

mkdir sub
cat > Flowfile <<'FLOW'
include "sub/a.flow"
rule make:
    output: "x.txt"
    shell: "touch ran.txt {output}"
FLOW
printf 'include "b.flow"\n' > sub/a.flow
printf '# b\ninclude "../Flowfile"\n' > sub/b.flow
run_flow
assert_rc 2
assert_no_file ran.txt
cat > expected <<'EOF2'
sub/b.flow:2:9: error: include cycle: 'Flowfile' -> 'sub/a.flow' -> 'sub/b.flow' -> 'Flowfile'
    2 | include "../Flowfile"
      |         ^
EOF2
assert_err_exact expected

# Including the same file twice without a cycle is no cycle (but its rules are then
# defined twice).
printf 'include "sub/c.flow"\ninclude "sub/c.flow"\n' > Flowfile
printf 'X = 1\n' > sub/c.flow
run_flow
assert_rc 2
assert_not_err "include cycle"
pass
