#!/bin/sh
# A rule whose input keeps matching its own output ever deeper ("{x}" from "{x}.gz") is
# an error found before anything runs, with the hint to constrain the wildcard.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

cat > Flowfile <<'FLOW'
rule gunzip:
    input: "{x}.gz"
    output: "{x}"
    shell: "touch ran.txt; gunzip -c {input} > {output}"
FLOW
run_flow foo.txt
assert_rc 2
assert_no_file ran.txt
assert_err "Flowfile:1:6: error: rule 'gunzip' keeps needing its own output ("
cat > expected <<'EOF2'
    1 | rule gunzip:
      |      ^
      = hint: constrain its wildcards so that its inputs cannot match its outputs
EOF2
tail -n 3 err.txt | diff -u expected - >&2 || fail "stderr ends differently"
[ "$(wc -l < err.txt)" -eq 4 ] || fail "expected one error of 4 lines"

# Constrained so that no input matches an output, it works.
cat > Flowfile <<'FLOW'
rule gunzip:
    input: "{x}.gz"
    output: "{x,[^.]+[.]txt}"
    shell: "gunzip -c {input} > {output}"
FLOW
echo hi | gzip > foo.txt.gz
run_flow -q foo.txt
assert_rc 0
assert_content foo.txt hi
pass
