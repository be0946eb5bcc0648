#!/bin/sh
# --resources caps what the running jobs hold together: two jobs of mem=600M under
# mem=1G never run at the same time, though -j 3 would allow it (without the cap they do).
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

cat > Flowfile <<'FLOW'
rule all:
    input: "a.txt", "b.txt", "c.txt"
rule m:
    output: "{x}.txt"
    resources: mem = "600M"
    shell: """
        if mkdir running.d 2>/dev/null; then :; else echo overlap >> overlaps; fi
        sleep 0.3
        rmdir running.d 2>/dev/null || true
        echo {wildcards.x} > {output}
    """
FLOW
run_flow -q -j 3 --resources mem=1G
assert_rc 0
assert_content a.txt a
assert_content b.txt b
assert_content c.txt c
assert_no_file overlaps

# mem=1200M lets two run at once (the check above could fail)
rm -rf a.txt b.txt c.txt running.d .flow
run_flow -q -j 3 --resources mem=1200M
assert_rc 0
assert_file overlaps
pass
