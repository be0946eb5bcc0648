#!/bin/sh
# A job takes as many of the -j slots as its threads: two jobs of threads 2 never run
# together under -j 3, but do under -j 4.
. "$FLOW_SRCDIR/tests/e2e/lib.sh"

cat > Flowfile <<'FLOW'
rule all:
    input: "a.txt", "b.txt"
rule m:
    output: "{x}.txt"
    threads: 2
    shell: """
        if mkdir running.d 2>/dev/null; then :; else echo overlap >> overlaps; fi
        sleep 0.3
        rmdir running.d 2>/dev/null || true
        echo {threads} > {output}
    """
FLOW
run_flow -q -j 3
assert_rc 0
assert_content a.txt 2
assert_content b.txt 2
assert_no_file overlaps

rm -rf a.txt b.txt running.d .flow
run_flow -q -j 4
assert_rc 0
assert_file overlaps
pass
